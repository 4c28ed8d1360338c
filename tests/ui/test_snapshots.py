"""What key screens look like at 80x24, default and high-contrast (SVG snapshots).

Update with `pytest tests/ui/test_snapshots.py --snapshot-update`, then look at
the new SVGs before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from panel_tui.services.demo import ensure_demo
from panel_tui.ui.app import make_app

from .helpers import settle, sign_in_as, start_scoring


@pytest.fixture
def demo_app(sessions_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    path, _ = ensure_demo(sessions_dir)

    def build(theme: str = "textual-dark"):  # type: ignore[no-untyped-def]
        settings = tmp_path / "settings.json"
        settings.write_text(f'{{"theme": "{theme}"}}')
        return make_app(sessions_dir=sessions_dir, session_path=path, settings_file=settings)

    return build


@pytest.mark.parametrize("theme", ["textual-dark", "high-contrast"])
def test_overview_for_the_chair(demo_app, snap_compare, theme: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await sign_in_as(pilot, "Priya Shah")

    assert snap_compare(demo_app(theme), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("theme", ["textual-dark", "high-contrast"])
def test_scoring_a_question(demo_app, snap_compare, theme: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await start_scoring(pilot, "Marcus Bell")
        await pilot.press("3")
        pilot.app.saves.drain()  # type: ignore[attr-defined]
        await pilot.press("left")
        await settle(pilot)

    assert snap_compare(demo_app(theme), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("theme", ["textual-dark", "high-contrast"])
def test_scoring_magnified_at_60x20_shows_every_score(demo_app, snap_compare, theme: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await start_scoring(pilot, "Marcus Bell")
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(demo_app(theme), terminal_size=(60, 20), run_before=run_before)


@pytest.mark.parametrize(("size", "theme"), [((80, 24), "textual-dark"), ((60, 20), "textual-dark"), ((60, 20), "high-contrast")])
def test_the_sheet_before_submitting(demo_app, snap_compare, size: tuple[int, int], theme: str) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await start_scoring(pilot, "Marcus Bell")
        await pilot.press("3", "2")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(demo_app(theme), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize(("size", "theme"), [((80, 24), "textual-dark"), ((60, 20), "textual-dark"), ((60, 20), "high-contrast")])
def test_proposing_a_question(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int], theme: str) -> None:  # type: ignore[no-untyped-def]
    from panel_tui.services import new_session

    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    opened.sign_in(chair.id).add_member("Vic Volunteer", "volunteer")
    settings = tmp_path / "settings.json"
    settings.write_text(f'{{"theme": "{theme}"}}')
    app = make_app(sessions_dir=sessions_dir, session_path=opened.path, settings_file=settings)

    async def run_before(pilot: Pilot[object]) -> None:
        await sign_in_as(pilot, "Vic Volunteer")
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press(*"How do you make someone feel welcome?")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
