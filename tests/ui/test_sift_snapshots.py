"""What the sift's screens look like at 80x24 and 60x20 (SVG snapshots).

One round, built through the service: two applicants (one answer names its
writer), two reviewers who have submitted, so the shortlist has totals. The
reviewer's screen is shown with one applicant's answer found by code, so the
snapshot does not depend on each reviewer's own random order.

Update with `pytest tests/ui/test_sift_snapshots.py --snapshot-update`, then
look at the new SVGs (e.g. with svg-to-png) before committing them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from panel_tui.services import OpenedSession
from panel_tui.ui.app import make_app
from panel_tui.ui.screens.applications import ApplicationsScreen
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.redaction import RedactionScreen
from panel_tui.ui.screens.shortlist import ShortlistScreen
from panel_tui.ui.screens.sift import SiftScreen

from .conftest import make_panel
from .helpers import settle, sign_in_as

SIZES = [(80, 24), (60, 20)]


def build_round(sessions_dir: Path, *, scored: bool, both: bool = True) -> tuple[Path, str]:
    panel = make_panel(sessions_dir)
    chair = OpenedSession.open(panel.path).sign_in(panel.chair.id)
    question = chair.propose_question(
        "Tell us about a time you helped someone feel welcome.", sift=True,
        guidance=["A real example", "What they did, and why"],
    )
    chair.set_question_status(question.id, "agreed")
    if both:
        chair.add_application(
            "Zebedee Quill", {question.id: "I am Zebedee Quill, zeb@example.org. At the drop-in I made tea and listened."},
            email="zeb@example.org", phone="07700 900111",
        )
    chair.add_application("Marigold Penhallow", {question.id: "I sat with a new member and showed them round."})
    if scored:
        chair.open_sift()
        for member_id, scores in ((panel.member.id, (4, 2)), (panel.volunteer.id, (2, 2))):
            reviewer = OpenedSession.open(panel.path).sign_in(member_id)
            items = {i.code: i for i in reviewer.sift_queue(question.id).items}
            for code, score in zip(sorted(items), scores, strict=False):
                reviewer.sift_score(question.id, items[code].applicant_id, score)
            reviewer.submit_sift(question.id)
    return panel.path, question.id


def app_on(path: Path, tmp_path: Path, sessions_dir: Path) -> Any:
    return make_app(sessions_dir=sessions_dir, session_path=path, settings_file=tmp_path / "settings.json")


def pushing(name: str, screen: Callable[[Any], Screen[Any]], *keys: str) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await sign_in_as(pilot, name)
        overview = pilot.app.screen
        assert isinstance(overview, OverviewScreen)
        pilot.app.push_screen(screen(overview.service))
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_applications(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    path, _ = build_round(sessions_dir, scored=False)
    app = app_on(path, tmp_path, sessions_dir)
    assert snap_compare(app, terminal_size=size, run_before=pushing("Sam Chair", ApplicationsScreen))


@pytest.mark.parametrize("size", SIZES)
def test_redaction(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    path, _ = build_round(sessions_dir, scored=False)
    app = app_on(path, tmp_path, sessions_dir)

    async def run_before(pilot: Pilot[Any]) -> None:
        await pushing("Sam Chair", ApplicationsScreen, "enter")(pilot)
        assert isinstance(pilot.app.screen, RedactionScreen)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_sift_list(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    path, _ = build_round(sessions_dir, scored=True)
    app = app_on(path, tmp_path, sessions_dir)
    assert snap_compare(app, terminal_size=size, run_before=pushing("Sam Chair", SiftScreen))


@pytest.mark.parametrize("size", SIZES)
def test_one_answer_scored(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """One applicant, so the reviewer's own order cannot change the picture."""
    path, _ = build_round(sessions_dir, scored=True, both=False)
    app = app_on(path, tmp_path, sessions_dir)
    assert snap_compare(app, terminal_size=size, run_before=pushing("Sam Chair", SiftScreen, "enter", "3"))


@pytest.mark.parametrize("size", SIZES)
def test_shortlist_ranking(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    path, _ = build_round(sessions_dir, scored=True)
    app = app_on(path, tmp_path, sessions_dir)
    assert snap_compare(app, terminal_size=size, run_before=pushing("Sam Chair", ShortlistScreen, "2"))


@pytest.mark.parametrize("size", SIZES)
def test_decision_form(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    path, _ = build_round(sessions_dir, scored=True)
    app = app_on(path, tmp_path, sessions_dir)
    assert snap_compare(app, terminal_size=size, run_before=pushing("Sam Chair", ShortlistScreen, "2", "enter"))
