"""Older files are brought up to date once, with a copy kept; a version mark that lies is damage.

A migration runs only on a real, known older version number whose layout
matches it. Anything else (a mark that is not a version, or a layout that
does not match the mark) is refused as damage and left exactly as it is:
"migrating" a current file as if it were version 1 would reset its scale.
"""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from panel_tui.services import OpenedSession, check_session, new_session
from panel_tui.store import SessionDamaged, SessionFile
from panel_tui.store.audit_log import audit_path
from panel_tui.store.migrations import SCHEMA_VERSION
from panel_tui.store.repository import audit_events_of, peek

from .builders import as_version_2, whole_file, write_v1
from .damage import assert_plain, untouched


def test_an_older_file_is_migrated_once_and_a_copy_kept(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    candidate, member, question, sheet = write_v1(path)
    original = path.read_bytes()

    peeked = peek(path)  # read-only: migrated in memory, nothing written
    assert path.read_bytes() == original and not path.with_name("old.json.v1.bak").exists()

    session_file = SessionFile.open(path)
    state = session_file.state()
    assert state == peeked
    assert (state.session.scale.low, state.session.scale.high) == (1, 5)
    assert [state.session.scale.label(p) for p in (1, 5)] == ["Poor", "Great"]
    assert state.members == (member,) and state.candidates == (candidate,) and state.questions == (question,)
    assert state.sheets == (sheet,) and state.sheet("m1", "c1").scores == {"q1": 5}

    kept = path.with_name("old.json.v1.bak")
    assert kept.read_bytes() == original
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["_meta"]["meta"]["schema_version"] == SCHEMA_VERSION
    assert data["_meta"]["meta"]["audit_bytes"] == 0
    assert data["session"]["session"]["scale"] == {"low": 1, "high": 5, "labels": ["Poor", "Weak", "Fair", "Good", "Great"]}
    assert not {"scale_low", "scale_high", "scale_labels"} & data["session"]["session"].keys()
    assert data["pin_attempts"] == {}
    for migrated in (path, kept):
        assert stat.S_IMODE(migrated.stat().st_mode) == 0o600, migrated.name

    settled = (path.read_bytes(), path.stat().st_mtime_ns, kept.stat().st_mtime_ns)
    assert SessionFile.open(path).state() == state  # once: the second open neither migrates nor copies
    assert (path.read_bytes(), path.stat().st_mtime_ns, kept.stat().st_mtime_ns) == settled

    OpenedSession(session_file).as_tool("test").add_candidate("New Candidate")
    again = SessionFile.open(path)
    assert [c.name for c in again.state().candidates] == ["Old Candidate", "New Candidate"]
    assert [e.action for e in again.audit_events()] == ["added candidate"]


def test_a_version_1_file_without_labels_gets_the_default_labels(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    write_v1(path, labels=False)
    scale = SessionFile.open(path).state().session.scale
    assert (scale.low, scale.high, len(scale.labels)) == (1, 5, 5)


def test_a_version_2_file_is_migrated_once_with_a_copy(tmp_path: Path) -> None:
    """0.1's files (version 2) have no table of wrong PIN tries: opening adds it, keeping a .v2.bak copy."""
    opened, chair = new_session(tmp_path, "Version two", chair_name="Chair")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.add_candidate("Casey")
    svc.add_member("Ann", "member")
    path = opened.path
    expected = SessionFile.open(path).state()
    events = audit_events_of(path)
    original = as_version_2(path)
    kept = path.with_name(f"{path.name}.v2.bak")

    with untouched(path.parent):  # peek and check read an older file without writing anything
        assert peek(path) == expected
        assert "is sound" in check_session(path)

    migrated = SessionFile.open(path)
    assert migrated.state() == expected
    assert migrated.audit_events() == events
    assert kept.read_bytes() == original
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    data = json.loads(path.read_bytes())
    assert data["_meta"]["meta"]["schema_version"] == SCHEMA_VERSION and data["pin_attempts"] == {}

    settled = (path.read_bytes(), path.stat().st_mtime_ns, kept.read_bytes(), kept.stat().st_mtime_ns)
    OpenedSession.open(path)  # once: opening again neither migrates nor copies
    assert (path.read_bytes(), path.stat().st_mtime_ns, kept.read_bytes(), kept.stat().st_mtime_ns) == settled
    assert sorted(p.name for p in tmp_path.glob("*.v*.bak")) == [kept.name]

    OpenedSession(migrated).sign_in(chair.id).add_candidate("Dee")  # and it works as a current file
    assert [c.name for c in SessionFile.open(path).state().candidates] == ["Casey", "Dee"]


def _a_1_to_7_session(folder: Path) -> Path:
    opened, chair = new_session(folder, "Seven points", chair_name="Chair")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.set_scale(1, 7, ["None", "Very weak", "Weak", "Some", "Good", "Very good", "Outstanding"])
    svc.add_candidate("Casey")
    whole_file(opened.path)  # edited by hand below, as another program would
    return opened.path


@pytest.mark.parametrize(
    "claim",
    [
        pytest.param({"schema_version": 1}, id="version 1 with the scale nested"),
        pytest.param({"schema_version": 1, "scale_low": 0}, id="version 1 with both the nested and a flat scale"),
    ],
)
def test_a_file_claiming_version_1_but_laid_out_later_is_damage_never_migrated(tmp_path: Path, claim: dict) -> None:
    """Its 1-7 scale must never be reset to 0-4 by a 'migration' it does not need."""
    path = _a_1_to_7_session(tmp_path)
    flat = {k: v for k, v in claim.items() if k != "schema_version"}

    def relabel(d: dict) -> None:
        d["_meta"]["meta"]["schema_version"] = claim["schema_version"]
        d["session"]["session"].update(flat)

    data = json.loads(path.read_bytes())
    relabel(data)
    path.write_bytes(json.dumps(data).encode())
    with untouched(path.parent):
        for attempt in (SessionFile.open, OpenedSession.open, peek, check_session):
            with pytest.raises(SessionDamaged, match="version mark") as caught:
                attempt(path)
            assert_plain(caught.value, path)
    assert not list(tmp_path.glob("*.v1.bak")), "never migrated, so no copy was needed"
    scale = json.loads(path.read_bytes())["session"]["session"]["scale"]
    assert (scale["low"], scale["high"]) == (1, 7)
    assert audit_path(path).exists()


def test_a_file_claiming_version_2_but_laid_out_as_version_3_is_damage(tmp_path: Path) -> None:
    """Version 2 never had a table of wrong PIN tries: a file with one and a mark of 2 is not version 2."""
    opened, _ = new_session(tmp_path, "Not two")
    path = opened.path
    data = json.loads(path.read_bytes())
    assert "pin_attempts" in data
    data["_meta"]["meta"]["schema_version"] = 2
    path.write_bytes(json.dumps(data).encode())
    with untouched(path.parent):
        for attempt in (SessionFile.open, OpenedSession.open, peek, check_session):
            with pytest.raises(SessionDamaged, match="version mark says 2") as caught:
                attempt(path)
            assert_plain(caught.value, path)
    assert not list(tmp_path.glob("*.v2.bak"))
