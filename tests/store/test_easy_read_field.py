"""A session file written before questions had an Easy Read version opens unchanged.

`Question.easy_read` is optional with a default (""), the way
`Question.imported_groups` was added, so it needs no new schema version:
version 3 (panel-tui 0.2, not released yet) is still being written, and
panel-tui 0.1 (version 2) already refuses a version 3 file as made by a
newer panel-tui. These tests make a version 3 file without the field, as
the code before it wrote one, and open it: nothing is migrated, nothing is
written on opening, every question reads with no Easy Read version, and it
works as a current file.
"""

from __future__ import annotations

import json
from pathlib import Path

from panel_tui.services import OpenedSession, check_session, new_session
from panel_tui.store import SessionFile
from panel_tui.store.migrations import SCHEMA_VERSION
from panel_tui.store.repository import peek

from .builders import as_version_2, whole_file
from .damage import untouched


def _a_round_written_before_easy_read(folder: Path) -> tuple[Path, str]:
    """A round with a question, its file rewritten without any `easy_read` key; returns its path and the chair's id."""
    opened, chair = new_session(folder, "Before Easy Read", chair_name="Chair")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.propose_question("How would you welcome someone?", plain_text="How do you say hello?")
    svc.add_candidate("Casey")
    data = json.loads(whole_file(opened.path))
    for question in data["questions"].values():
        del question["easy_read"]
    opened.path.write_bytes(json.dumps(data).encode())
    return opened.path, chair.id


def test_a_file_from_before_easy_read_opens_unchanged(tmp_path: Path) -> None:
    path, chair_id = _a_round_written_before_easy_read(tmp_path)
    data = json.loads(path.read_bytes())
    assert data["_meta"]["meta"]["schema_version"] == SCHEMA_VERSION == 3
    assert all("easy_read" not in q for q in data["questions"].values())

    with untouched(tmp_path):  # opening, peeking and checking write nothing, and no copy is made
        state = SessionFile.open(path).state()
        assert peek(path) == state
        assert "is sound" in check_session(path)
        OpenedSession.open(path)
    assert [(q.text, q.plain_text, q.easy_read) for q in state.questions] == [
        ("How would you welcome someone?", "How do you say hello?", ""),
    ]
    assert not list(tmp_path.glob("*.v*.bak")), "no migration, so no copy of an older version"

    svc = OpenedSession.open(path).sign_in(chair_id)  # and it works as a current file
    question = state.questions[0]
    svc.improve_question(question.id, easy_read="How would you say hello?")
    saved = json.loads(path.read_bytes())
    assert saved["questions"][question.id]["easy_read"] == "How would you say hello?"
    assert saved["_meta"]["meta"]["schema_version"] == 3


def test_a_version_2_file_from_panel_tui_0_1_migrates_with_no_easy_read_versions(tmp_path: Path) -> None:
    path, _ = _a_round_written_before_easy_read(tmp_path)
    as_version_2(path)
    state = SessionFile.open(path).state()
    assert [q.easy_read for q in state.questions] == [""]
    assert json.loads(path.read_bytes())["_meta"]["meta"]["schema_version"] == SCHEMA_VERSION
