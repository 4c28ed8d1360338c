"""HR's default export folder sits under the sessions folder, is kept out of git, and a repeat says "up to date".

Issue 11, point 9: a sessions folder kept in git must never commit an
export (they hold people's data), and exporting an unchanged session again
to the same folder is not a clash to ask about.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from panel_tui.services import OpenedSession
from panel_tui.services.demo import ensure_demo
from panel_tui.store import SessionFile
from panel_tui.ui.screens.confirm import ConfirmScreen
from panel_tui.ui.screens.export import ExportScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as, wait_for


def _with_hr(sessions_dir: Path) -> Path:
    path, _ = ensure_demo(sessions_dir)
    chair = next(m for m in SessionFile.open(path).state().members if m.role.value == "chair")
    OpenedSession.open(path).sign_in(chair.id).add_member("Hana HR", "staff", role="observer")
    return path


async def _export(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+e")
    screen = next(s for s in pilot.app.screen_stack if isinstance(s, ExportScreen))
    await wait_for(pilot, lambda: not screen.exporting, seconds=60)
    await settle(pilot)


def _git_untracked(folder: Path) -> list[str]:
    git = shutil.which("git")
    assert git, "git is needed to show the exports are kept out of a sessions folder kept in git"
    subprocess.run([git, "init", "-q", str(folder)], check=True, capture_output=True)
    done = subprocess.run(
        [git, "-C", str(folder), "status", "--porcelain", "--untracked-files=all"],
        check=True, capture_output=True, text=True,
    )
    return [line[3:] for line in done.stdout.splitlines()]


async def test_the_default_folder_is_under_the_sessions_folder_git_ignored_and_a_repeat_is_up_to_date(
    sessions_dir: Path, app_for
):
    path = _with_hr(sessions_dir)
    default = sessions_dir / "exports" / path.stem
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert Path(app.screen.query_one("#folder").value) == default

        await _export(pilot)
        assert "✓ Written: 6 file(s)" in visible_text(app)

        await _export(pilot)  # nothing changed in between
        assert isinstance(app.screen, ExportScreen), "an unchanged export is not a clash to ask about"
        assert "✓ Up to date" in visible_text(app)

        OpenedSession.open(path).as_tool("test").update_details(organisation="Harbour Recovery Trust")
        await _export(pilot)
        assert isinstance(app.screen, ConfirmScreen), "a changed session still asks before replacing files"
        await pilot.press("n")
        await settle(pilot)

    assert (default / "session.json").is_file() and (default / "report.html").is_file()
    assert "*" in (sessions_dir / "exports" / ".gitignore").read_text().splitlines()
    untracked = _git_untracked(sessions_dir)
    assert path.name in untracked
    assert not [name for name in untracked if name.startswith("exports")], untracked


async def test_ctrl_e_exports_from_the_folder_box_too(sessions_dir: Path, tmp_path: Path, app_for):
    """The help says: type the folder, press Ctrl+E. In a text box Ctrl+E also means 'end of line'."""
    path = _with_hr(sessions_dir)
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        await pilot.press("e")
        await settle(pilot)
        box = app.screen.query_one("#folder")
        box.value = ""
        box.focus()
        await pilot.press(*str(tmp_path / "typed"))
        await _export(pilot)
        assert "✓ Written: 6 file(s)" in visible_text(app)
    assert (tmp_path / "typed" / "session.json").is_file()
    assert not (tmp_path / ".gitignore").exists(), "a folder HR chose is theirs: no .gitignore added"


async def test_what_was_written_scrolls_into_view_on_a_small_screen(sessions_dir: Path, app_for):
    path = _with_hr(sessions_dir)
    app = app_for(path)
    async with app.run_test(size=(60, 20)) as pilot:
        await sign_in_as(pilot, "Hana HR")
        await pilot.press("e")
        await settle(pilot)
        await _export(pilot)
        await pilot.pause(0.3)  # the scroll is animated
        status = app.screen.query_one("#export-status")
        form = app.screen.query_one("#export-form")
        assert "✓ Written" in str(status.render())
        assert form.region.contains(status.region.x, status.region.y), "the result is below the bottom of the screen"
