"""What 'Working with me' looks like: the profile form at 80x24 (both themes) and 60x20, and the chair's summary.

On the demo round, with Dee Morgan's profile filled in. Update with
`pytest tests/ui/test_access_profile_snapshots.py --snapshot-update`, then
look at the new SVGs as pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from panel_tui.services import OpenedSession
from panel_tui.services.demo import ensure_demo
from panel_tui.ui.app import make_app

from .helpers import open_setup, settle, sign_in_as

DEE = "Dee Morgan"


@pytest.fixture
def demo_app(sessions_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    path, _ = ensure_demo(sessions_dir)
    opened = OpenedSession.open(path)
    ids = {p.name: p.id for p in opened.who_are_you().people}
    opened.sign_in(ids[DEE]).edit_member(
        ids[DEE],
        profile={"wording": "Easy Read", "auto_advance": False, "timer": False, "extra_minutes": 10,
                 "breaks": "every 30 minutes", "anything_else": "I like to sit near the door"},
    )

    def build(theme: str = "textual-dark"):  # type: ignore[no-untyped-def]
        settings = tmp_path / "settings.json"
        settings.write_text(f'{{"theme": "{theme}"}}')
        return make_app(sessions_dir=sessions_dir, session_path=path, settings_file=settings)

    return build


@pytest.mark.parametrize(
    ("size", "theme"), [((80, 24), "textual-dark"), ((80, 24), "high-contrast"), ((60, 20), "textual-dark")],
    ids=["80x24", "80x24-high-contrast", "60x20"],
)
def test_a_member_s_own_profile(demo_app, snap_compare, size: tuple[int, int], theme: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await sign_in_as(pilot, DEE)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(demo_app(theme), terminal_size=size, run_before=run_before)


def test_the_chair_s_summary_under_the_panel(demo_app, snap_compare) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await open_setup(pilot, "Priya Shah")
        await pilot.press("f4", "down")
        await settle(pilot)

    assert snap_compare(demo_app(), terminal_size=(80, 24), run_before=run_before)
