"""Printable packs from the app (issue 13, point 4), and the paper sheet matching the paper-entry screen.

HR presses Ctrl+O on the export screen: the packs are written in a worker and the screen says where.
Then the paper score sheet printed for one panel member and candidate is compared, field for field
and in order, with what the paper-entry screen asks for when HR types that sheet in.
"""

from __future__ import annotations

import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static, TextArea

from panel_tui.services import OpenedSession
from panel_tui.services.demo import ensure_demo
from panel_tui.services.packs import Pack, print_packs
from panel_tui.store import SessionFile
from panel_tui.ui.screens.candidate_picker import CandidatePickerScreen
from panel_tui.ui.screens.export import ExportScreen
from panel_tui.ui.screens.paper_member import PaperMemberScreen
from panel_tui.ui.screens.scoring import ScoringScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as, stays_open_while_busy, wait_for


def _with_hr(sessions_dir: Path) -> Path:
    path, _ = ensure_demo(sessions_dir)
    chair = next(m for m in SessionFile.open(path).state().members if m.role.value == "chair")
    OpenedSession.open(path).sign_in(chair.id).add_member("Hana HR", "staff", role="observer")
    return path


async def test_hr_writes_the_printable_packs_and_is_told_where(sessions_dir: Path, tmp_path: Path, app_for) -> None:
    path = _with_hr(sessions_dir)
    out = tmp_path / "to print"
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        assert "packs" in {b.binding.id for b in app.screen.active_bindings.values() if b.binding.show}
        screen.query_one("#folder").value = str(out)
        screen.query_one("#one-per-page").value = True
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: not screen.printing and "Printable packs:" in visible_text(app), seconds=30)
        text = visible_text(app)
        assert "✓ Printable packs: 4 file(s)" in text
        assert f"In {out}:" in text
        assert "score-sheets.html" in text and "Open each one in a web browser and print it on A4." in text
    assert sorted(p.name for p in out.iterdir()) == [
        "questions-easy-read.html", "questions-large-print-plain-words.html", "questions-large-print.html", "score-sheets.html",
    ]
    assert 'class="one-per-page"' in (out / "questions-large-print.html").read_text(), "the tick box was passed on"


async def test_writing_the_packs_never_freezes_the_screen_or_holds_up_another_terminal(
    sessions_dir: Path, tmp_path: Path, app_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    from panel_tui.services import packs

    path = _with_hr(sessions_dir)
    render = packs.render_score_sheets

    def slowly(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(3.0)  # a big round on a busy machine
        return render(*args, **kwargs)

    monkeypatch.setattr(packs, "render_score_sheets", slowly)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#folder").value = str(tmp_path / "out")
        await stays_open_while_busy(pilot, path, "ctrl+o", lambda: screen.printing, "writing the packs")
        assert "✓ Printable packs: 4 file(s)" in visible_text(app)
    assert "score-sheets.html" in {p.name for p in (tmp_path / "out").iterdir()}


class Boxes(HTMLParser):
    """The boxes to write in on each paper sheet: (member id, candidate id) -> [(question id, field)]."""

    def __init__(self) -> None:
        super().__init__()
        self.sheets: dict[tuple[str, str], list[tuple[str, str]]] = {}
        self._sheet: tuple[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("data-member"):
            self._sheet = (str(a["data-member"]), str(a["data-candidate"]))
            self.sheets[self._sheet] = []
        if a.get("data-field") and self._sheet is not None:
            self.sheets[self._sheet].append((str(a["data-question"]), str(a["data-field"])))


async def test_the_paper_sheet_asks_for_what_the_paper_entry_screen_asks_for_in_the_same_order(
    sessions_dir: Path, tmp_path: Path, app_for
) -> None:
    path = _with_hr(sessions_dir)
    state = SessionFile.open(path).state()
    member = next(m for m in state.members if m.name == "Marcus Bell")
    candidate = next(c for c in state.candidates if c.code == "C03")
    printed = print_packs(OpenedSession.open(path).as_tool("test"), [Pack.SCORE_SHEETS], tmp_path / "print")
    page = printed.files[0].read_text(encoding="utf-8")
    boxes = Boxes()
    boxes.feed(page)
    on_paper = boxes.sheets[(member.id, candidate.id)]

    app = app_for(path)
    asked: list[tuple[str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        await pilot.press("s")  # HR's S: type in a paper sheet
        await settle(pilot)
        assert isinstance(app.screen, PaperMemberScreen)
        people = app.screen.query_one(OptionList)
        people.highlighted = next(i for i in range(people.option_count) if people.get_option_at_index(i).id == member.id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CandidatePickerScreen)
        listed = app.screen.query_one("#candidates", OptionList)
        listed.highlighted = next(i for i in range(listed.option_count) if listed.get_option_at_index(i).id == candidate.id)
        await pilot.press("enter")
        await settle(pilot)
        scoring = app.screen
        assert isinstance(scoring, ScoringScreen) and scoring.on_behalf
        where = str(scoring.query_one("#where", Static).render())
        assert where.startswith("Marcus Bell's paper sheet for C03 Alex Murray")
        assert "Score sheet: Marcus Bell, candidate C03 Alex Murray" in page
        await pilot.press("a")  # stay on the question after a score, to write its note next
        for number in range(len(scoring.questions)):
            question = scoring.question
            shown = str(scoring.query_one("#question-text", Static).render())
            assert shown.startswith(question.text) and question.text in page, "the words on paper are the words on screen"
            await pilot.press("2")
            await settle(pilot)
            assert scoring.scores.get(question.id) == 2
            asked.append((question.id, "score"))
            await pilot.press("n")
            await settle(pilot)
            assert scoring.query_one("#note", TextArea).has_focus
            await pilot.press("o", "k", "escape")
            await settle(pilot)
            asked.append((question.id, "note"))
            if number + 1 < len(scoring.questions):
                await pilot.press("right")
                await settle(pilot)
    assert asked == on_paper
    saved = SessionFile.open(path).state().sheet(member.id, candidate.id)
    assert saved is not None and saved.entered_by == "Hana HR"
    assert [(q, "note") for q, n in saved.notes.items() if n == "ok"] == [a for a in asked if a[1] == "note"]
