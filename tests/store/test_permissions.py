"""Files and folders that hold people's data are the owner's only, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from panel_tui import safe_files
from panel_tui.services import OpenedSession, new_session
from panel_tui.store import SessionFile, repository
from panel_tui.store.audit_log import audit_path
from panel_tui.store.lock import lock_path
from panel_tui.store.repository import backup_path, ensure_folder
from panel_tui.store.turns import turns_path

from .builders import build_full, write_v1


@contextmanager
def umask(mask: int) -> Iterator[None]:
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_is_readable_by_its_owner_only_whatever_the_umask(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    monkeypatch.setattr(repository, "AUDIT_BATCH", 1)
    temp_modes: list[int] = []
    real_replace = os.replace

    def watch(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src).name.endswith(".tmp"):
            temp_modes.append(mode(Path(src)))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watch)
    with umask(0):
        full = build_full(tmp_path)
        path = full.file.path
        old = tmp_path / "old.json"
        write_v1(old)
        SessionFile.open(old)
    files = [path, audit_path(path), lock_path(path), turns_path(path), *(backup_path(path, n) for n in (1, 2, 3)), old.with_name("old.json.v1.bak"), old]
    for file in files:
        assert mode(file) == 0o600, file.name
    assert temp_modes and set(temp_modes) == {0o600}, "each temp file is private before it is renamed into place"


def test_folders_the_store_creates_are_the_owner_s_only_whatever_the_umask(tmp_path: Path) -> None:
    deep = tmp_path / "made" / "by" / "panel-tui"
    with umask(0):
        opened, chair = new_session(deep, "Deep", chair_name="Chair")
        assert chair is not None
        opened.sign_in(chair.id).add_candidate("Casey")
        ensure_folder(tmp_path / "also" / "made")
        safe_files.make_private_folder(tmp_path / "and" / "this")
    for folder in (
        tmp_path / "made", tmp_path / "made" / "by", deep,
        tmp_path / "also", tmp_path / "also" / "made",
        tmp_path / "and", tmp_path / "and" / "this",
    ):
        assert mode(folder) == 0o700, folder
    for file in (opened.path, audit_path(opened.path), lock_path(opened.path), backup_path(opened.path, 1)):
        assert mode(file) == 0o600, file.name
    assert OpenedSession.open(opened.path).who_are_you().vacancy == "Deep"


def test_a_folder_that_was_already_there_is_left_as_it_was(tmp_path: Path) -> None:
    """Someone chose its permissions (a shared drive's, say): the store does not change them."""
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o750)
    with umask(0):
        new_session(shared / "inside", "Inside")
    assert mode(shared) == 0o750
    assert mode(shared / "inside") == 0o700
