"""What hub mode's screens look like (SVG snapshots, issue 12): the PIN slips dialog at 80x24 and 60x20,
'Who are you?' served to a browser (people without a PIN marked), and opened for a name nobody has.

Update with `pytest tests/ui/test_hub_mode_snapshots.py --snapshot-update`, then look at the new SVGs
as pictures before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from panel_tui.services.demo import ensure_demo
from panel_tui.ui.app import PanelApp, make_app

from .helpers import open_setup, settle, wait_for

SIZES = [(80, 24), (60, 20)]


def _demo(sessions_dir: Path, tmp_path: Path, **options: object) -> PanelApp:
    path, _ = ensure_demo(sessions_dir)
    settings = tmp_path / "settings.json"
    settings.write_text('{"theme": "textual-dark"}')
    return make_app(sessions_dir, path, settings, **options)  # type: ignore[arg-type]


async def _at_sign_in(pilot: Pilot[object]) -> None:
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SignInScreen")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "60x20"])
def test_pin_slips_dialog(sessions_dir: Path, tmp_path: Path, snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[object]) -> None:
        await open_setup(pilot, "Priya Shah")
        await pilot.press("f4", "k")
        await settle(pilot)

    assert snap_compare(_demo(sessions_dir, tmp_path), terminal_size=size, run_before=run_before)


def test_sign_in_served_marks_who_has_no_pin(sessions_dir: Path, tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(_demo(sessions_dir, tmp_path, served=True), terminal_size=(80, 24), run_before=_at_sign_in)


def test_sign_in_for_a_name_nobody_has(sessions_dir: Path, tmp_path: Path, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        _demo(sessions_dir, tmp_path, member="Ana Lopez"), terminal_size=(80, 24), run_before=_at_sign_in
    )
