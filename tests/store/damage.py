"""Damage to a session file and its audit log, as another program or a failing disk leaves it.

Shared by the damage, re-read and fuzz tests. Every kind here must be
refused the same way wherever the store reads a file: opening, peeking,
`check`, a transaction, and a re-read by a file that is already open.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from panel_tui.store import SessionDamaged, SessionTooNew, StoreError
from panel_tui.store.migrations import SCHEMA_VERSION


def edited(good: bytes, edit: Callable[[dict[str, Any]], object]) -> bytes:
    data = json.loads(good)
    edit(data)
    return json.dumps(data).encode()


def first(table: dict[str, Any]) -> dict[str, Any]:
    return next(iter(table.values()))


def meta(**changes: object) -> Callable[[bytes], bytes]:
    return lambda good: edited(good, lambda d: d["_meta"]["meta"].update(changes))


def _drop_mark(data: dict[str, Any]) -> None:
    del data["_meta"]["meta"]["schema_version"]


def _older_mark_on_a_newer_layout(version: int) -> Callable[[bytes], bytes]:
    """A version mark rewritten to an older number over a current layout (the nested scale, say)."""

    def edit(data: dict[str, Any]) -> None:
        assert "scale" in first(data["session"]), "a version-3 layout nests the scale"
        data["_meta"]["meta"]["schema_version"] = version

    return lambda good: edited(good, edit)


NEWER = "a newer version (99)"

DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda good: b"",
    "whitespace": lambda good: b"  \n",
    "truncated": lambda good: good[: len(good) // 2],
    "cut at the last byte": lambda good: good[:-1],
    "not a dict": lambda good: b"[1, 2, 3]",
    "a table not a dict": lambda good: b'{"_meta": {"meta": {"schema_version": 3}}, "session": [1]}',
    "a record not a dict": lambda good: edited(good, lambda d: d["members"].update(x=[1])),
    "a record fails validation": lambda good: edited(good, lambda d: first(d["members"]).update(group="boss")),
    "a score out of type": lambda good: edited(good, lambda d: first(d["sheets"]).update(scores={"q": "high"})),
    "no session details": lambda good: edited(good, lambda d: d.update(session={})),
    "an unknown table": lambda good: edited(good, lambda d: d.update(payroll={"p1": {"salary": 1}})),
    "no _meta at all": lambda good: edited(good, lambda d: d.pop("_meta")),
    "no version mark": lambda good: edited(good, _drop_mark),
    "a version mark '3'": meta(schema_version=str(SCHEMA_VERSION)),
    "a version mark true": meta(schema_version=True),
    "a version mark 3.0": meta(schema_version=float(SCHEMA_VERSION)),
    "a version mark 0": meta(schema_version=0),
    "a version mark -1": meta(schema_version=-1),
    "a version mark null": meta(schema_version=None),
    "version 1 on a version-3 layout": _older_mark_on_a_newer_layout(1),
    NEWER: meta(schema_version=99),
    "audit_bytes -5": meta(audit_bytes=-5),
    "audit_bytes '12'": meta(audit_bytes="12"),
    "audit_bytes too large to read": meta(audit_bytes=2**64 - 1),
    "revision 'many'": meta(revision="many"),
    "revision -1": meta(revision=-1),
    "revision too large to count on": meta(revision=2**64 - 1),
    "audit_pending not a list": meta(audit_pending={"a": 1}),
    "audit_pending holds a number": meta(audit_pending=[1]),
    "audit_pending holds a malformed event": meta(audit_pending=[{"actor_id": 7, "action": None}]),
    "not json at all": lambda good: b"\x00\xff binary \x89PNG",
}
"""Each kind is refused with SessionDamaged, but NEWER, refused with SessionTooNew."""


def expected_error(kind: str) -> type[StoreError]:
    return SessionTooNew if kind == NEWER else SessionDamaged


def replace_atomically(path: Path, payload: bytes) -> None:
    """Put new bytes in place as another program would: a whole new file renamed over the old one."""
    other = path.with_name(f"{path.name}.written-by-another-program")
    other.write_bytes(payload)
    os.replace(other, path)


def folder_state(folder: Path) -> dict[str, tuple[bytes, int, int, int]]:
    """Every file but the lock and its turns (the lock's own bookkeeping): bytes, inode, mtime and mode."""
    found = {}
    for p in folder.iterdir():
        if p.is_file() and not p.name.endswith((".lock", ".turns")):
            st = p.stat()
            found[p.name] = (p.read_bytes(), st.st_ino, st.st_mtime_ns, st.st_mode)
    return found


@contextmanager
def untouched(folder: Path) -> Iterator[None]:
    """Every file in the folder keeps its bytes, inode, mtime and mode; nothing new but the lock."""
    before = folder_state(folder)
    yield
    after = folder_state(folder)
    assert sorted(after) == sorted(before), "no file may appear or go, but the lock"
    for name, was in before.items():
        assert after[name] == was, f"{name} was written"


def assert_plain(error: BaseException, path: Path) -> None:
    """A message a person can act on: names the file, says it was not changed, no programmer's words."""
    message = str(error)
    assert str(path) in message, message
    assert "has not been changed" in message, message
    if isinstance(error, SessionDamaged):
        assert "is damaged" in message and ".bak" in message, message
    for noise in ("Traceback", "validation error", "input_value", "pydantic", "errors.pydantic.dev", "Errno"):
        assert noise not in message, message


@contextmanager
def refused(kind: type[StoreError], path: Path) -> Iterator[None]:
    """The block raises exactly `kind` (never another type), with a plain message."""
    with pytest.raises(StoreError) as caught:
        yield
    assert type(caught.value) is kind, f"{type(caught.value).__name__}: {caught.value}"
    assert_plain(caught.value, path)
