"""Putting export files on disk: all or nothing, atomically, never over a different file.

Every file of an export is rendered in memory first; then, before anything
is written, each target is checked. A target that already holds exactly the
same bytes is fine; one that holds anything else stops the whole export
(unless forced), so HR never loses an earlier export by accident. Each file
is then written atomically (temp file, fsync, rename) and readable by its
owner only, as session files are: exports hold people's data. A target that
already holds the same bytes is left alone and reported as unchanged, so an
export of an unchanged session is "up to date", not a clash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..safe_files import make_private_folder, write_atomic
from .errors import OutputNotWritable, WouldOverwrite


@dataclass(frozen=True)
class Output:
    """One export file, rendered."""

    name: str
    payload: bytes


def safe_stem(text: str) -> str:
    """A candidate code as part of a file name: letters, digits, dash and underscore only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text.strip()) or "candidate"


@dataclass(frozen=True)
class Written:
    """Where an export's files are, in order, and which of them already held exactly these bytes."""

    files: list[Path]
    unchanged: list[Path]


def write_outputs(out: Path, outputs: list[Output], *, force: bool = False) -> Written:
    """Write every output into `out`, or none of them; a file that already holds the same bytes is left as it is."""
    out = Path(out)
    try:
        make_private_folder(out)
    except FileExistsError:
        raise OutputNotWritable(out, "it is a file, not a folder") from None
    except OSError as error:
        raise OutputNotWritable(out, error.strerror or "") from None
    targets = [out / o.name for o in outputs]
    clashes = []
    for target, output in zip(targets, outputs, strict=True):
        if target.is_dir():
            raise OutputNotWritable(out, f"{target.name} is a folder")
        if target.exists() and not force and _differs(target, output.payload):
            clashes.append(target)
    if clashes:
        raise WouldOverwrite(clashes)
    unchanged = []
    for target, output in zip(targets, outputs, strict=True):
        if target.exists() and not _differs(target, output.payload):
            unchanged.append(target)
            continue
        try:
            write_atomic(target, output.payload)
        except OSError as error:
            raise OutputNotWritable(out, error.strerror or "") from None
    return Written(targets, unchanged)


GIT_IGNORE = "# Exports hold people's data: panel-tui keeps them out of git.\n*\n"
"""What the default exports folder's `.gitignore` says: ignore everything here, itself included."""


def make_exports_folder(folder: Path) -> bool:
    """Create the default exports folder, readable by its owner only, with a `.gitignore` of `*`.

    It sits inside the sessions folder, and an organisation may keep that
    folder in git: this way an export (people's names, scores and notes) is
    never committed by accident. Only a folder made here gets the file; one
    that was already there is someone's choice and is left as it is. Returns
    whether the folder was made now.
    """
    folder = Path(folder)
    if folder.exists():
        return False
    try:
        make_private_folder(folder)
        write_atomic(folder / ".gitignore", GIT_IGNORE.encode())
    except OSError as error:
        raise OutputNotWritable(folder, error.strerror or "") from None
    return True


def _differs(target: Path, payload: bytes) -> bool:
    try:
        if target.stat().st_size != len(payload):
            return True
        return target.read_bytes() != payload
    except OSError:
        return True
