"""The journal of recent changes: a save appends the records it changed; the whole file is rewritten now and then.

Issue 10: with four other terminals saving flat out, rewriting the whole file
at every save made a screen's save wait p95 77-120 ms. These tests hold the
journal to the store's promises: what a terminal follows from the journal is
exactly what a fresh open reads; an unfinished line is a save that never
happened; a damaged line is damage; a file put back or edited by anything
else never has a journal applied to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from panel_tui.services import OpenedSession, check_session, new_session
from panel_tui.store import SessionDamaged, SessionFile, repository, storage
from panel_tui.store.journal import journal_path
from panel_tui.store.repository import backup_path, peek

from .builders import build_small, whole_file
from .damage import refused, untouched


def _two_terminals(tmp_path: Path) -> tuple[Path, OpenedSession, OpenedSession]:
    opened, _ = new_session(tmp_path, "Journal")
    return opened.path, opened, OpenedSession.open(opened.path)


def test_a_save_appends_one_short_line_and_leaves_the_file_itself_alone(tmp_path: Path) -> None:
    path, first, _ = _two_terminals(tmp_path)
    first.as_tool("test").add_candidate("Casey")  # the first save of a file made whole: a compaction
    base, journal = path.read_bytes(), journal_path(path).read_bytes()
    first.as_tool("test").add_candidate("Dee")
    added = journal_path(path).read_bytes()
    assert path.read_bytes() == base, "the file itself is not rewritten"
    assert added.startswith(journal) and added.count(b"\n") == journal.count(b"\n") + 1
    line = json.loads(added[len(journal):])
    assert set(line["put"]) == {"candidates", "_meta"}, "the records this save changed, not a copy of the file"
    assert [c["name"] for c in line["put"]["candidates"].values()] == ["Dee"]
    assert [c.name for c in SessionFile.open(path).state().candidates] == ["Casey", "Dee"]


def test_what_a_terminal_follows_is_what_a_fresh_open_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two terminals take turns, across audit batches and compactions: each follows the other's lines."""
    monkeypatch.setattr(storage, "JOURNAL_FLOOR", 2_000)  # a compaction every few saves
    monkeypatch.setattr(repository, "AUDIT_BATCH", 5)
    path, first, second = _two_terminals(tmp_path)
    terminals = [first.as_tool("one"), second.as_tool("two")]
    compactions = set()
    for n in range(60):
        terminals[n % 2].add_candidate(f"Candidate {n}")
        compactions.add((path.stat().st_ino, path.stat().st_mtime_ns))
        fresh = SessionFile(path)
        for opened in (first, second):
            assert opened._file.state() == fresh.state()
            assert opened._file.audit_events() == fresh.audit_events()
    assert len(compactions) > 5, "the file was rewritten whole now and then"
    assert len(peek(path).candidates) == 60
    assert "is sound" in check_session(path)


def test_an_unfinished_line_is_a_save_that_never_happened_and_the_next_save_cuts_it(tmp_path: Path) -> None:
    path, first, second = _two_terminals(tmp_path)
    first.as_tool("test").add_candidate("Casey")
    first.as_tool("test").add_candidate("Dee")
    whole = journal_path(path).read_bytes()
    with journal_path(path).open("ab") as journal:  # a process killed in the middle of its write
        journal.write(b'{"put": {"candidates": {"x": {"name": "Ghost"')
    assert [c.name for c in peek(path).candidates] == ["Casey", "Dee"]
    assert "is sound" in check_session(path)
    second.as_tool("test").add_candidate("Eve")
    assert b"Ghost" not in journal_path(path).read_bytes()
    assert journal_path(path).read_bytes().startswith(whole)
    assert [c.name for c in SessionFile.open(path).state().candidates] == ["Casey", "Dee", "Eve"]


@pytest.mark.parametrize(
    "line",
    [b"not json\n", b"[1, 2]\n", b'{"put": {"candidates": [1]}}\n', b'{"put": {}, "surprise": 1}\n',
     b'{"del": {"candidates": [1]}}\n', b'{"put": {}, "events": {}}\n'],
    ids=["not json", "not an object", "a table not an object", "an unknown part", "an id not text", "events not a list"],
)
def test_a_damaged_line_is_damage_everywhere_and_nothing_is_written(tmp_path: Path, line: bytes) -> None:
    path, first, _ = _two_terminals(tmp_path)
    service = first.as_tool("test")
    service.add_candidate("Casey")
    with journal_path(path).open("ab") as journal:
        journal.write(line)
    with untouched(path.parent):
        for read in (SessionFile.open, peek, lambda p: SessionFile(p).state()):
            with refused(SessionDamaged, path):
                read(path)
        with refused(SessionDamaged, path):
            service.add_candidate("Late")


def test_a_damaged_record_in_a_line_is_refused_by_a_terminal_following_it(tmp_path: Path) -> None:
    path, first, second = _two_terminals(tmp_path)
    first.as_tool("test").add_candidate("Casey")
    second.as_tool("test").add_candidate("Dee")  # the second terminal has followed the journal
    casey = peek(path).candidates[0]
    bad = {"put": {"candidates": {casey.id: {**casey.model_dump(mode="json"), "position": "first"}}}}
    with journal_path(path).open("ab") as journal:
        journal.write(json.dumps(bad).encode() + b"\n")
    with untouched(path.parent), refused(SessionDamaged, path):
        second.as_tool("test").add_candidate("Late")


def test_a_backup_put_back_by_hand_never_has_the_journal_applied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repository, "BACKUP_INTERVAL", 0.0)
    path, first, _ = _two_terminals(tmp_path)
    service = first.as_tool("test")
    service.add_candidate("Casey")  # a compaction: the file now holds Casey, its journal nothing
    service.add_candidate("Dee")  # backup 1 holds Casey alone, as the file itself does
    assert [c.name for c in peek(backup_path(path, 1)).candidates] == ["Casey"]
    path.write_bytes(backup_path(path, 1).read_bytes())
    assert [c.name for c in peek(path).candidates] == ["Casey"], "Dee's line is not applied to the backup"


def test_a_file_edited_by_another_program_is_read_alone(tmp_path: Path) -> None:
    """Its bytes no longer match the journal's heading: the edit is the new version, checked as opening checks it."""
    small = build_small(tmp_path)
    path = small.path
    opened = OpenedSession.open(path)
    opened.as_tool("test").add_candidate("Saved in the journal")
    data = json.loads(path.read_bytes())
    data["session"]["session"]["vacancy"] = "Edited by hand"
    path.write_bytes(json.dumps(data).encode())
    state = peek(path)
    assert state.session.vacancy == "Edited by hand"
    assert "Saved in the journal" not in [c.name for c in state.candidates]
    opened.as_tool("test").add_candidate("After the edit")  # the open terminal follows the edit, then compacts
    assert [c.name for c in peek(path).candidates][-1] == "After the edit"
    assert peek(path).session.vacancy == "Edited by hand"


def test_compacting_folds_the_journal_into_the_file(tmp_path: Path) -> None:
    path, first, _ = _two_terminals(tmp_path)
    for name in ("Casey", "Dee", "Eve"):
        first.as_tool("test").add_candidate(name)
    before = peek(path)
    alone = whole_file(path)
    assert journal_path(path).read_bytes().count(b"\n") == 1, "only the heading is left"
    assert [c["name"] for c in json.loads(alone)["candidates"].values()] == ["Casey", "Dee", "Eve"]
    assert peek(path) == before, "folding changes nothing of the session, not even its revision"
