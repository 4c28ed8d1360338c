"""The default exports folder: under the sessions folder, owner only, and kept out of git when made."""

from __future__ import annotations

import stat
from pathlib import Path

from panel_tui.export import make_exports_folder
from panel_tui.locations import default_export_folder, exports_dir


def test_the_default_export_folder_is_inside_the_sessions_folder(tmp_path: Path) -> None:
    session = tmp_path / "sessions" / "peer-mentor.json"
    assert exports_dir(session) == tmp_path / "sessions" / "exports"
    assert default_export_folder(session) == tmp_path / "sessions" / "exports" / "peer-mentor"


def test_a_new_exports_folder_is_private_and_ignores_everything_in_it(tmp_path: Path) -> None:
    folder = tmp_path / "sessions" / "exports"
    assert make_exports_folder(folder) is True
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert "*" in (folder / ".gitignore").read_text().splitlines()
    assert make_exports_folder(folder) is False, "made once"


def test_an_exports_folder_that_was_already_there_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    assert make_exports_folder(folder) is False
    assert not (folder / ".gitignore").exists(), "someone's own folder: their choice"
