"""session.json round trip: import restores an equal session; a damaged file is refused and creates nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from panel_tui.domain.models import revise
from panel_tui.export import NotAnExport, read_export
from panel_tui.services import Actor, PanelService, restore_session
from panel_tui.store import SessionExists, SessionFile

from .builders import Round
from .conftest import Export, export_view, snapshot


def _finish(r: Round) -> None:
    """Nothing left for the rules to withhold: C03 opened, Sam's draft for C04 submitted."""
    sam = PanelService(r.file, Actor.of(r.members["sam"]))
    sam.submit_sheet(r.members["sam"].id, r.candidates["C04"])
    r.chair.open_reconciliation(r.candidates["C03"])


def _dump(models) -> list[dict]:  # type: ignore[no-untyped-def]
    return sorted((m.model_dump(mode="json") for m in models), key=orjson.dumps)


def _same_state(a, b) -> None:  # type: ignore[no-untyped-def]
    assert a.session == b.session
    for field in ("members", "candidates", "questions", "sheets", "agreed", "outcomes", "conflicts",
                  "briefings", "reconciliations"):
        assert _dump(getattr(a, field)) == _dump(getattr(b, field)), field


def test_import_of_a_finished_round_equals_the_original(round_: Round, export: Export, tmp_path: Path) -> None:
    _finish(round_)
    round_.chair.edit_member(round_.members["chair"].id, pin="1357")  # once anyone has a PIN, the chair needs one
    round_.chair.edit_member(round_.members["ann"].id, pin="2468")
    out, result = export(round_, formats=("json",))
    assert not result.notices, "nothing withheld"
    original, events = snapshot(round_)
    restored = restore_session(out / "session.json", tmp_path / "restored")
    assert restored.path != round_.path and restored.path.parent == tmp_path / "restored"
    again = SessionFile.open(restored.path)
    # PINs never leave the session file: the restored panel has none, and is otherwise the same.
    original = replace(original, members=tuple(revise(m, pin_hash=None) for m in original.members))
    _same_state(again.state(), original)
    restored_events = again.audit_events()
    assert restored_events[:-1] == events, "the same audit trail, event for event"
    assert restored_events[-1].action == "restored the session from an export"
    assert restored_events[-1].actor_name == "panel-tui import"


def test_import_equals_what_was_exported_when_the_rules_withheld_some(round_: Round, export: Export, tmp_path: Path) -> None:
    out, _ = export(round_, formats=("json",))
    view = export_view(round_)
    restored = SessionFile.open(restore_session(out / "session.json", tmp_path / "r").path)
    _same_state(restored.state(), view.state)
    assert restored.audit_events()[:-1] == list(view.events)


def test_a_pseudonymised_export_imports_with_the_pseudonyms(round_: Round, export: Export, tmp_path: Path) -> None:
    out, _ = export(round_, formats=("json",), pseudonymise=True)
    state = SessionFile.open(restore_session(out / "session.json", tmp_path / "r").path).state()
    assert all(m.name.startswith(("Panel member ", "Observer ")) for m in state.members)


def _write(path: Path, doc: object) -> Path:
    path.write_bytes(orjson.dumps(doc))
    return path


@pytest.fixture
def good_doc(round_: Round, export: Export) -> dict:  # type: ignore[type-arg]
    out, _ = export(round_, formats=("json",))
    return orjson.loads((out / "session.json").read_bytes())


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda d: b"{not json", "not complete or not valid JSON"),
        (lambda d: b"", "the file is empty"),
        (lambda d: orjson.dumps(d)[:500], "not complete or not valid JSON"),
        (lambda d: orjson.dumps([1, 2]), "not a panel-tui session export"),
        (lambda d: orjson.dumps({**d, "format": "something else"}), "not a panel-tui session export"),
        (lambda d: orjson.dumps({**d, "schema_version": 99}), "newer panel-tui"),
        (lambda d: orjson.dumps({**d, "schema_version": "one"}), "no valid schema version"),
        (lambda d: orjson.dumps({**d, "scope": "candidate"}), "one candidate"),
        (lambda d: orjson.dumps({**d, "session": {"vacancy": ""}}), "session details cannot be read"),
        (lambda d: orjson.dumps({**d, "sheets": [{**d["sheets"][0], "scores": {"x": "high"}}]}), "a record in 'sheets'"),
        (lambda d: orjson.dumps({**d, "sheets": "lots"}), "is not a list"),
        (lambda d: orjson.dumps({**d, "members": d["members"][1:]}), "refers to a panel member not in the file"),
        (lambda d: orjson.dumps({**d, "candidates": d["candidates"] + d["candidates"][:1]}), "same id"),
        (lambda d: orjson.dumps({**d, "audit": [{"what": "no"}]}), "a record in 'audit'"),
    ],
)
def test_a_damaged_or_foreign_file_is_refused_plainly_and_creates_nothing(good_doc, damage, reason, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.json"
    bad.write_bytes(damage(good_doc))
    target = tmp_path / "sessions"
    with pytest.raises(NotAnExport) as raised:
        restore_session(bad, target)
    message = str(raised.value)
    assert reason in message and message.endswith("Nothing was created.")
    assert "\n" not in message and "Traceback" not in message
    assert not target.exists() or not any(target.iterdir())


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotAnExport, match="no such file"):
        read_export(tmp_path / "nope.json")


def test_import_never_overwrites_a_session(round_: Round, export: Export, tmp_path: Path) -> None:
    out, _ = export(round_, formats=("json",))
    with pytest.raises(SessionExists):
        restore_session(out / "session.json", tmp_path, path=round_.path)
    first = restore_session(out / "session.json", tmp_path / "s")
    second = restore_session(out / "session.json", tmp_path / "s")
    assert first.path != second.path, "a second import gets a new name"
