"""A re-read validates only the records that changed, and never accepts what a fresh open would refuse.

`checks.CheckedModels` reuses a record's model when its JSON is byte for
byte the one checked before. These tests damage or change one record under
a file whose cache is warm, and compare with a fresh open.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from panel_tui.store import SessionDamaged, SessionFile

from .builders import build_small
from .damage import replace_atomically


def _first_score(tables: dict[str, Any]) -> tuple[str, str]:
    for doc_id, sheet in tables["sheets"].items():
        for question_id in sheet["scores"]:
            return doc_id, question_id
    raise AssertionError("the small session has a score")


@pytest.mark.parametrize("stand_in", [True, False, 1.0, 0.0, "1"])
def test_a_score_that_only_equals_the_old_one_in_python_is_still_refused(tmp_path: Path, stand_in: Any) -> None:
    path = build_small(tmp_path).path
    tables = json.loads(path.read_bytes())
    doc_id, question_id = _first_score(tables)
    tables["sheets"][doc_id]["scores"][question_id] = 1
    replace_atomically(path, json.dumps(tables).encode())
    warm = SessionFile.open(path)
    assert warm.state().sheets  # every record checked and remembered, the score as 1
    tables["sheets"][doc_id]["scores"][question_id] = stand_in
    replace_atomically(path, json.dumps(tables).encode())
    fresh_verdict = _verdict(lambda: SessionFile(path).state())
    assert _verdict(warm.state) == fresh_verdict


def _verdict(read: Any) -> Any:
    try:
        return read()
    except SessionDamaged:
        return "damaged"


def test_a_changed_record_is_read_anew_and_the_unchanged_ones_are_the_same_objects(tmp_path: Path) -> None:
    path = build_small(tmp_path).path
    warm = SessionFile.open(path)
    before = warm.state()
    tables = json.loads(path.read_bytes())
    first = next(iter(tables["members"].values()))
    first["name"] = "Renamed elsewhere"
    replace_atomically(path, json.dumps(tables).encode())
    after = warm.state()
    assert after == SessionFile(path).state()
    assert "Renamed elsewhere" in [m.name for m in after.members]
    unchanged = [m for m in before.members if m.id != first["id"]]
    assert unchanged and all(any(m is n for n in after.members) for m in unchanged)
    assert all(m.name != "Renamed elsewhere" for m in before.members)
