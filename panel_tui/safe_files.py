"""Files that hold people's data: written whole or not at all, readable by their owner only.

Used by the store, the exports, question banks and settings alike, so it
sits below all of them and imports nothing of panel-tui.

Measured on these machines: TinyDB's JSONStorage, which writes in place, left
an unparseable file in 3 of 100 SIGKILLs; temp file + fsync + os.replace left
none. Temp files orphaned by a kill are removed by `remove_orphans` under the
session lock, when no other writer can own them.
"""

from __future__ import annotations

import glob
import os
import re
import secrets
from pathlib import Path

OWNER_ONLY = 0o600
OWNER_ONLY_FOLDER = 0o700


def temp_prefix(path: Path) -> str:
    return f".{path.name}."


def write_atomic(path: Path, payload: bytes) -> None:
    tmp = path.with_name(f"{temp_prefix(path)}{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
    try:
        view = memoryview(payload)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make the rename itself durable."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_orphans(*paths: Path) -> int:
    """Delete the temp files a killed writer left for exactly these files; call only while holding their lock.

    A temp file's name is its target's name, the writer's pid and a random
    tag (see `write_atomic`); all three must match, never just the start, so
    another file named after one of these (`a.json.copy.json`) keeps the
    temp file of a save still in flight under its own lock.
    """
    removed = 0
    for path in paths:
        prefix = temp_prefix(path)
        ours = re.compile(re.escape(prefix) + r"[0-9]+\.[0-9a-f]{8}\.tmp")
        for candidate in path.parent.glob(f"{glob.escape(prefix)}*.tmp"):
            if not ours.fullmatch(candidate.name):
                continue
            try:
                candidate.unlink()
                removed += 1
            except FileNotFoundError:
                pass
    return removed


def make_private_folder(folder: Path) -> None:
    """Create a folder (and any missing parents) readable by its owner only, whatever the umask.

    `mkdir(mode=...)` is masked by the umask and is not applied to parents,
    so each folder this call creates is set to 0700 afterwards. Folders that
    were already there are left as they are: they are someone's choice.
    """
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    folder.mkdir(mode=OWNER_ONLY_FOLDER, parents=True, exist_ok=True)
    for created in missing:
        try:
            os.chmod(created, OWNER_ONLY_FOLDER)
        except OSError:
            pass
