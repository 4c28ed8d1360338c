"""What Set-up looks like at 80x24 and magnified at 60x20 (SVG snapshots, issue 11).

The demo has scores, so its scale is shown read-only with the reason.
Update with `pytest tests/ui/test_setup_snapshots.py --snapshot-update`, then
look at the new SVGs as pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from panel_tui.services.demo import ensure_demo
from panel_tui.ui.app import make_app

from .helpers import open_setup, settle

SIZES = [(80, 24), (60, 20)]


@pytest.fixture
def demo_app(sessions_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    path, _ = ensure_demo(sessions_dir)
    settings = tmp_path / "settings.json"
    settings.write_text('{"theme": "textual-dark"}')
    return make_app(sessions_dir=sessions_dir, session_path=path, settings_file=settings)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_set_up_details(demo_app, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await open_setup(pilot, "Priya Shah")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_set_up_scale_in_use_is_read_only(demo_app, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await open_setup(pilot, "Priya Shah")
        await pilot.press("f3")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_set_up_panel(demo_app, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await open_setup(pilot, "Priya Shah")
        await pilot.press("f4")
        await settle(pilot)

    assert snap_compare(demo_app, terminal_size=size, run_before=run_before)
