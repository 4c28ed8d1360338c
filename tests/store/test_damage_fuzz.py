"""Fuzzing damage to a real session file and its audit log: refused plainly, never written to.

A session built through the services is damaged at random, byte by byte
(flips, insertions, deletions, truncation) or field by field (random JSON
put into a random field of a random document, `_meta` included; fields and
keys deleted or added), in the session file or in its audit log. Then:

- before opening: `SessionFile.open`, `peek`, `check_session` and
  `audit_events_of` either succeed or raise SessionDamaged, SessionTooNew or
  SessionMissing, never anything else; nothing in the folder is written but
  the lock file (a file of a real older version would be migrated, with its
  copy kept, and nothing else).
- under an open SessionFile that has saved once: the next transaction and
  the next `state()` succeed only when the damaged file is one a fresh
  `check` accepts; otherwise they raise the store's errors and every file
  in the folder keeps its bytes.

Run longer with: HYPOTHESIS_PROFILE=long python3 -m pytest tests/store/test_damage_fuzz.py
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from panel_tui.domain.models import AuditEvent, Candidate
from panel_tui.services import check_session
from panel_tui.store import SessionDamaged, SessionFile, SessionMissing, SessionTooNew, repository
from panel_tui.store.audit_log import audit_path
from panel_tui.store.journal import journal_path
from panel_tui.store.migrations import SCHEMA_VERSION, BadVersionMark, file_version
from panel_tui.store.repository import audit_events_of, peek
from tests import json_paths
from tests.json_paths import at, paths

from .builders import build_small
from .damage import folder_state, replace_atomically

REFUSALS = (SessionDamaged, SessionTooNew, SessionMissing)
Doc = dict[str, Any]


@dataclass(frozen=True)
class Template:
    name: str
    session: bytes
    log: bytes


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """A real session whose log holds several committed lines and whose file holds waiting events."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(repository, "AUDIT_BATCH", 4)
        small = build_small(tmp_path_factory.mktemp("fuzz-template"))
    assert small.log.count(b"\n") >= 4 and json.loads(small.good)["_meta"]["meta"]["audit_pending"]
    return Template(small.path.name, small.good, small.log)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# -- damage ------------------------------------------------------------------------

texts = st.one_of(st.sampled_from(["", " ", "3", "2", "1", "meta", "session", "\x00", "\ud7ff", "é"]), st.text(max_size=10))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 12),
    st.sampled_from([-1, 0, 1, 2, 3, 99, 2**31, 2**53, 2**63 - 1, 2**63, 2**64 - 1, -(2**63)]),
    st.floats(allow_nan=False, allow_infinity=False), texts,
)
json_values = json_paths.json_values(texts, scalars)


def _change_one_field(data: st.DataObject, doc: Any) -> Any:
    """Put random JSON at a random place in `doc` (or delete it, or add a key); returns the new doc."""
    path = data.draw(st.sampled_from(paths(doc)), label="path")
    action = data.draw(st.sampled_from(["replace", "replace", "delete", "add key"]), label="do")
    if not path:
        return data.draw(json_values, label="whole") if action == "replace" else doc
    parent, last = at(doc, path[:-1]), path[-1]
    if action == "replace":
        parent[last] = data.draw(json_values, label="value")
    elif action == "delete":
        del parent[last]
    else:
        target = at(doc, path)
        if isinstance(target, dict):
            target[data.draw(texts, label="key")] = data.draw(json_values, label="value")
    return doc


def damage_fields_of_session(data: st.DataObject, raw: bytes) -> bytes:
    """Random documents of random tables; `_meta`, where the bookkeeping lives, about a third of the time."""
    tables: Doc = json.loads(raw)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        name = data.draw(st.sampled_from(["_meta"] * (len(tables) // 3) + sorted(tables)), label="table")
        table = tables[name]
        if isinstance(table, dict) and table:
            key = data.draw(st.sampled_from(sorted(table)), label="document")
            table[key] = _change_one_field(data, table[key])
        else:
            tables[name] = _change_one_field(data, table)
    return json.dumps(tables).encode()


def damage_fields_of_log(data: st.DataObject, raw: bytes) -> bytes:
    """Random events (lines) of the log, re-written as another program would write them."""
    lines = raw.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 2), label="changes")):
        index = data.draw(st.integers(0, len(lines) - 1), label="line")
        event_doc = _change_one_field(data, json.loads(lines[index]))
        lines[index] = json.dumps(event_doc).encode() + b"\n"
    return b"".join(lines)


def damage_bytes(data: st.DataObject, raw: bytes) -> bytes:
    damaged = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 3), label="breaks")):
        at = data.draw(st.integers(0, len(damaged)), label="at")
        kind = data.draw(st.sampled_from(["flip", "flip", "insert", "delete", "truncate"]), label="kind")
        if kind == "flip" and at < len(damaged):
            damaged[at] ^= 1 << data.draw(st.integers(0, 7), label="bit")
        elif kind == "insert":
            damaged[at:at] = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
        elif kind == "delete":
            del damaged[at:at + data.draw(st.integers(1, 16), label="length")]
        elif kind == "truncate":
            del damaged[at:]
    return bytes(damaged)


Damage = Callable[[st.DataObject, bytes], bytes]
DAMAGE: dict[str, tuple[Damage, Damage]] = {
    "bytes": (damage_bytes, damage_bytes),
    "fields": (damage_fields_of_session, damage_fields_of_log),
}
"""Per kind: how to damage the session file, and how to damage its audit log."""


def _damaged(data: st.DataObject, kind: str, template: Template) -> tuple[str, bytes, bytes]:
    target = data.draw(st.sampled_from(["session file", "audit log"]), label="target")
    on_session, on_log = DAMAGE[kind]
    if target == "session file":
        return target, on_session(data, template.session), template.log
    return target, template.session, on_log(data, template.log)


# -- checks ------------------------------------------------------------------------


def _lay_out(folder: Path, template: Template, session: bytes, log: bytes) -> Path:
    path = folder / template.name
    for file, payload in ((path, session), (audit_path(path), log)):
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
    return path


def _outcome(attempt: Callable[[], object]) -> type[BaseException] | None:
    """None when it worked; the refusal's type when refused; anything else fails the test."""
    try:
        attempt()
    except REFUSALS as refused:
        message = str(refused)
        assert "has not been changed" in message or isinstance(refused, SessionMissing), message
        for noise in ("Traceback", "validation error", "input_value", "errors.pydantic.dev"):
            assert noise not in message, message
        return type(refused)
    return None


def _older_version(raw: bytes) -> int | None:
    """The version mark, when the bytes are a session file of an older version panel-tui would migrate."""
    try:
        version = file_version(json.loads(raw))
    except (ValueError, AttributeError, TypeError, BadVersionMark):
        return None
    return version if version is not None and version < SCHEMA_VERSION else None


def _try_to_save(session_file: SessionFile, name: str) -> None:
    with session_file.transaction() as tx:
        tx.put(Candidate(name=name, code="C99"))
        tx.record(AuditEvent(actor_id="tool", actor_name="fuzz", action="added candidate", target="C99"))


@pytest.mark.parametrize("kind", list(DAMAGE))
@given(data=st.data())
def test_damage_found_before_opening_is_refused_and_nothing_is_written(
    template: Template, scratch: Path, kind: str, data: st.DataObject
) -> None:
    target, session, log = _damaged(data, kind, template)
    with tempfile.TemporaryDirectory(dir=scratch) as where:
        folder = Path(where)
        path = _lay_out(folder, template, session, log)
        before = folder_state(folder)
        for attempt in (lambda: peek(path), lambda: check_session(path), lambda: audit_events_of(path)):
            _outcome(attempt)
            assert folder_state(folder) == before, "reading never writes"
        checked = _outcome(lambda: check_session(path))
        opened = _outcome(lambda: SessionFile.open(path))
        event(f"{kind} damage to the {target}: {'opened' if opened is None else opened.__name__}")
        assert opened == checked, "opening and check apply the same checks"
        after = folder_state(folder)
        older = _older_version(session)
        if opened is None and older is not None:  # a real older version: migrated once, its copy kept
            kept = f"{path.name}.v{older}.bak"
            assert after[kept][0] == session
            assert {n for n in after if after[n] != before.get(n)} == {path.name, kept}
        else:
            assert after == before, "opening writes nothing but the lock"


@pytest.mark.parametrize("kind", list(DAMAGE))
@given(data=st.data())
def test_damage_under_an_open_file_is_refused_and_never_written_over(
    template: Template, scratch: Path, kind: str, data: st.DataObject
) -> None:
    target, session, log = _damaged(data, kind, template)
    with tempfile.TemporaryDirectory(dir=scratch) as where, pytest.MonkeyPatch.context() as m:
        m.setattr(repository, "AUDIT_BATCH", 1)  # every save appends to the log: a damaged log is met at once
        folder = Path(where)
        path = _lay_out(folder, template, template.session, template.log)
        session_file = SessionFile.open(path)
        _try_to_save(session_file, "Saved before the damage")
        if target == "session file":
            replace_atomically(path, session)
        else:
            replace_atomically(audit_path(path), log)
        expected = _outcome(lambda: check_session(path))
        if expected is None and _older_version(path.read_bytes()) is not None:
            expected = SessionDamaged  # an older file put back under an open terminal is refused, never migrated
        before = folder_state(folder)

        saved = _outcome(lambda: _try_to_save(session_file, "Saved after the damage"))
        event(f"{kind} damage to the {target}: {'saved' if saved is None else saved.__name__}")
        assert saved == expected, "a re-read applies the checks opening applies"
        if saved is not None:
            assert folder_state(folder) == before, "a refused save writes nothing"
            if target == "session file":
                assert _outcome(session_file.state) == saved, "readers refuse what the save refused"
                assert _outcome(session_file.snapshot) == saved
                assert folder_state(folder) == before
        else:
            after = folder_state(folder)
            assert sorted(after) == sorted(before), "a save makes no new file"
            changed = {n for n in after if after[n] != before[n]}
            assert changed <= {path.name, audit_path(path).name, journal_path(path).name}
            assert _outcome(session_file.state) is None
            assert "Saved after the damage" in [c.name for c in SessionFile.open(path).state().candidates]


def test_the_undamaged_template_opens_and_saves(template: Template, scratch: Path) -> None:
    """The baseline: without damage, both paths end in a working session."""
    with tempfile.TemporaryDirectory(dir=scratch) as where:
        path = _lay_out(Path(where), template, template.session, template.log)
        session_file = SessionFile.open(path)
        _try_to_save(session_file, "Works")
        assert "is sound" in check_session(path)
        assert copy.deepcopy(session_file.state()).candidates[-1].name == "Works"
