"""HR exports from the app: formats and options, progress, the files listed, overwrite asked."""

from __future__ import annotations

from pathlib import Path

from panel_tui.services import OpenedSession
from panel_tui.services.demo import ensure_demo
from panel_tui.store import SessionFile
from panel_tui.ui.screens.export import ExportScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as, wait_for


def _with_hr(sessions_dir: Path) -> Path:
    path, _ = ensure_demo(sessions_dir)
    opened = OpenedSession.open(path)
    chair = next(m for m in SessionFile.open(path).state().members if m.role.value == "chair")
    opened.sign_in(chair.id).add_member("Hana HR", "staff", role="observer")
    return path


async def _wait_for_export(pilot) -> None:  # type: ignore[no-untyped-def]
    """Until the export screen has heard the export end (the app's watcher worker never ends)."""
    screen = next(s for s in pilot.app.screen_stack if isinstance(s, ExportScreen))
    await wait_for(pilot, lambda: not screen.exporting, seconds=60)
    await settle(pilot)


async def test_hr_exports_every_format_and_sees_the_files(sessions_dir: Path, tmp_path: Path, app_for):
    path = _with_hr(sessions_dir)
    out = tmp_path / "hr-exports"
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#folder").value = str(out)
        app.screen.query_one("#pseudonymise").value = True
        await pilot.press("ctrl+e")
        await _wait_for_export(pilot)
        text = visible_text(app)
        assert "✓ Written:" in text and "report.html" in text
        await pilot.press("ctrl+e")
        await _wait_for_export(pilot)
        assert "✓ Up to date" in visible_text(app), "the same session exported again gives the same files"
    names = sorted(p.name for p in out.iterdir())
    assert {"summary.csv", "scores.csv", "session.xlsx", "session.json", "report.html"} <= set(names)
    for file in out.iterdir():
        assert b"Priya Shah" not in file.read_bytes() or file.suffix == ".xlsx", f"{file.name} names a panel member"


async def test_the_chair_finds_export_on_the_agree_scores_list(sessions_dir: Path, app_for):
    path, _ = ensure_demo(sessions_dir)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Priya Shah")
        await pilot.press("r", "e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
