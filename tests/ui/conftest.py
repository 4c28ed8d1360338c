"""Sessions for UI tests, built through the service as a user would build them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.text import Text
from textual.app import App
from textual.widget import Widget

from panel_tui.domain.models import PanelMember
from panel_tui.services import new_session
from panel_tui.store import SessionFile
from panel_tui.ui.app import PanelApp, make_app

SIZE = (80, 24)


@dataclass
class Panel:
    file: SessionFile
    """The raw file, for checking what was saved (tests may read what no screen shows)."""
    chair: PanelMember
    member: PanelMember
    volunteer: PanelMember

    @property
    def path(self) -> Path:
        return self.file.path


def make_panel(sessions_dir: Path, questions: int = 1, vacancy: str = "Peer mentor") -> Panel:
    """A chair (staff), a member, a volunteer, one candidate and an agreed, locked set."""
    opened, chair = new_session(
        sessions_dir, vacancy, organisation="Harbour", chair_name="Sam Chair", chair_group="staff"
    )
    assert chair is not None
    svc = opened.sign_in(chair.id)
    member = svc.add_member("Dee Member", "member")
    volunteer = svc.add_member("Vic Volunteer", "volunteer")
    svc.add_candidate("Alex Kim", slot="Tue 10:00")
    texts = ["Tell us about supporting someone.", "Second question?", "Third question?", "Fourth question?"]
    for text in texts[:questions]:
        question = svc.propose_question(text)
        svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    return Panel(SessionFile.open(opened.path), chair, member, volunteer)


@pytest.fixture
def panel(sessions_dir: Path) -> Panel:
    return make_panel(sessions_dir)


@pytest.fixture
def app_for(sessions_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    def build(session_path: Path | None = None) -> PanelApp:
        return make_app(sessions_dir=sessions_dir, session_path=session_path, settings_file=tmp_path / "settings.json")

    return build


def visible_text(app: App[object]) -> str:
    """Everything on the current screen as plain text, as a person would read it."""
    parts: list[str] = []
    for widget in app.screen.walk_children(Widget):
        if not widget.display:
            continue
        parts.append(_widget_text(widget))
    return "\n".join(p for p in parts if p)


def _widget_text(widget: Widget) -> str:
    from textual.widgets import DataTable, OptionList, Static

    if isinstance(widget, DataTable):
        rows = []
        for row_key in widget.rows:
            rows.append(" | ".join(c.plain if isinstance(c, Text) else str(c) for c in widget.get_row(row_key)))
        columns = " | ".join(str(col.label) for col in widget.columns.values())
        return columns + "\n" + "\n".join(rows)
    if isinstance(widget, OptionList):
        return "\n".join(str(widget.get_option_at_index(i).prompt) for i in range(widget.option_count))
    if isinstance(widget, Static):
        return str(widget.render())
    return ""
