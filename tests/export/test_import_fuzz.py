"""Fuzzing the import of session.json: refused plainly, or restored into a session that works.

A real whole-session export is damaged at random: a value anywhere in the
JSON tree replaced by other JSON (numbers off the scale, text holding
control characters and markup, nulls, lists, objects, a value from elsewhere
in the file), keys deleted, records duplicated; or its bytes broken.
`read_export` either returns or raises `NotAnExport`, nothing else. When it
refuses, no file is created. When it returns, the restored session opens,
exports in every format and reads without any exception.

Run longer with: HYPOTHESIS_PROFILE=long python3 -m pytest tests/export/test_import_fuzz.py
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from panel_tui.export import FORMATS, ExportOptions, NotAnExport, export_all, read_export
from panel_tui.services import OpenedSession, check_session, restore_session
from tests import json_paths
from tests.json_paths import at, paths

from .builders import Round
from .conftest import export_view

Doc = dict[str, Any]

NASTY_TEXT = (
    "[bold]", "[/]", "[link=http://example.invalid]x[/link]", "\x1b[2J", "\x07", "\x9b", "\x00", "\u202e", "=1+1",
    "<script>alert(1)</script>", "", " ", "\n", "C01", "c01", "tool", "withheld", "session", "members:x",
    "2026-01-01T00:00:00", "2026-01-01T00:00:00+00:00", "draft", "submitted", "agreed", "chair", "observer",
)
texts = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=12))
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 12), st.sampled_from([-(2**63), 2**63 - 1, 2**31, 10**15]),
    st.floats(allow_nan=False, allow_infinity=False), texts,
)
json_values = json_paths.json_values(texts, scalars)


@pytest.fixture(scope="module")
def good(template: Round, tmp_path_factory: pytest.TempPathFactory) -> Doc:
    out = tmp_path_factory.mktemp("fuzz-source")
    export_all(export_view(template), out, formats=["json"])
    return orjson.loads((out / "session.json").read_bytes())


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def _mutate(data: st.DataObject, doc: Doc) -> None:
    """One field-level change, somewhere in one part of the file (each part as likely as another)."""
    section = data.draw(st.sampled_from(sorted(doc)), label="part")
    places = [(section, *p) for p in paths(doc[section])]
    path = data.draw(st.sampled_from(places), label="path")
    parent, last = at(doc, path[:-1]), path[-1]
    action = data.draw(st.sampled_from(["replace", "replace", "borrow", "delete", "duplicate", "add key"]), label="do")
    if action == "replace":
        parent[last] = data.draw(json_values, label="value")
    elif action == "borrow":  # a value from elsewhere in the file: an id, a code, a time, a score
        parent[last] = copy.deepcopy(data.draw(st.sampled_from(_leaves(doc)), label="borrowed"))
    elif action == "delete":
        del parent[last]
    elif action == "duplicate":
        target = at(doc, path)
        if isinstance(target, list) and target:
            target.append(copy.deepcopy(data.draw(st.sampled_from(target), label="copied")))
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
    else:
        target = at(doc, path)
        if isinstance(target, dict):
            target[data.draw(texts, label="key")] = data.draw(json_values, label="value")


def _check(source: bytes) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bad = folder / "session.json"
        bad.write_bytes(source)
        try:
            read_export(bad)
        except NotAnExport as refused:
            assert str(refused).endswith("Nothing was created.") and "\n" not in str(refused)
            with pytest.raises(NotAnExport):
                restore_session(bad, folder / "sessions")
            assert [p.name for p in folder.iterdir()] == ["session.json"], "a refused file creates nothing"
            return "refused"
        _works(restore_session(bad, folder / "sessions"), folder)
        return "restored"


def _works(restored: OpenedSession, folder: Path) -> None:
    """Everything a person or a script does after an import, without any exception."""
    check_session(restored.path)
    opened = OpenedSession.open(restored.path)
    tool = opened.as_tool("test")
    view = tool.view()
    view.session_progress()
    for candidate in view.state.candidates:
        view.missing_sheets(candidate.id)
        tool.visible_sheets(candidate.id)
        for member in view.state.scorers:
            view.progress(member.id, candidate.id)
    tool.audit_trail()
    tool.export(folder / "out", FORMATS)
    tool.export(folder / "out-private", FORMATS, ExportOptions(pseudonymise=True, codes_only=True, notes=False))
    if view.state.candidates:
        tool.export_subject_access(view.state.candidates[0].code, folder / "sar", ["json", "html"])
    for person in opened.who_are_you().people[:2]:
        member = opened.sign_in(person.id)
        member.view()
        member.audit_trail()


@given(data=st.data())
def test_field_level_damage_is_refused_or_restores_a_working_session(good: Doc, data: st.DataObject) -> None:
    doc = copy.deepcopy(good)
    for _ in range(data.draw(st.integers(1, 3), label="changes")):
        _mutate(data, doc)
    event(_check(orjson.dumps(doc)))


@given(data=st.data())
def test_byte_level_damage_is_refused_or_restores_a_working_session(good: Doc, data: st.DataObject) -> None:
    raw = bytearray(orjson.dumps(good, option=orjson.OPT_INDENT_2))
    for _ in range(data.draw(st.integers(1, 4), label="breaks")):
        at = data.draw(st.integers(0, len(raw)), label="at")
        kind = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate"]), label="kind")
        if kind == "flip" and at < len(raw):
            raw[at] = data.draw(st.integers(0, 255), label="byte")
        elif kind == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
        elif kind == "delete":
            del raw[at:at + data.draw(st.integers(1, 16), label="length")]
        elif kind == "truncate":
            del raw[at:]
    event(_check(bytes(raw)))


def test_the_undamaged_export_restores_a_working_session(good: Doc) -> None:
    """The baseline: without damage, the fuzzed path ends in a working session."""
    assert _check(orjson.dumps(good)) == "restored"
