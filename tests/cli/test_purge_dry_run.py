"""`panel-tui purge --dry-run` as a real process, and the purge's refusals: no date yet, date not passed, legal hold.

A dry run lists what a purge now would remove and changes nothing (the
session file and its audit trail keep their bytes and their times), exit 0.
When a purge would be refused it says why in one plain sentence, exit 1, as
the purge itself does.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from panel_tui.domain.retention import add_months
from panel_tui.services import new_session
from panel_tui.store import SessionFile
from panel_tui.store.repository import audit_path

from .conftest import RunCli

HOLD = "Employment tribunal claim, ref 2201"


def make_round(folder: Path, *, final: bool = True, hand_date: date | None = date(2020, 1, 31), **details: object) -> tuple[Path, date]:
    """C01 (appointed) and C02 (reserve, with an adjustment), outcomes final when `final`; returns the outcomes' day."""
    opened, chair = new_session(folder, "Peer mentor", chair_name="Chair Person")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    ann = svc.add_member("Ann Member", "member")
    first = svc.add_candidate("Casey Quill")
    second = svc.add_candidate("Dana Second", adjustments="Step-free room")
    question = svc.propose_question("Tell us about a time you listened?")
    svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    for candidate in (first, second):
        svc.open_reconciliation(candidate.id, {chair.id: "Could not attend", ann.id: "Could not attend"})
    svc.record_outcome(first.id, "appoint", "Casey Quill was offered the post.", final=final)
    outcome = svc.record_outcome(second.id, "reserve", "Held in reserve.", final=final)
    svc.update_details(retention_until=hand_date, **details)
    return opened.path, outcome.at.date()


def stamps(path: Path) -> list[tuple[str, bytes, int]]:
    """The session file and its audit trail: bytes and modification times (a dry run touches neither)."""
    return [(p.name, p.read_bytes(), os.stat(p).st_mtime_ns) for p in (path, audit_path(path))]


def names_in(path: Path) -> list[str]:
    return [c.name for c in SessionFile.open(path).state().candidates_in_order]


def test_the_dry_run_lists_what_would_go_and_changes_nothing(run_cli: RunCli, folder: Path) -> None:
    path, _ = make_round(folder)
    before = stamps(path)
    result = run_cli("purge", path, "--dry-run")
    assert result.code == 0, result.err
    assert stamps(path) == before
    lines = result.out.splitlines()
    assert lines[0] == "Dry run: nothing has been changed."
    assert lines[1] == "Personal details are kept until 31 January 2020: a date set by hand."
    assert "A purge now would remove:" in lines
    c01, c02 = lines.index("C01:"), lines.index("C02:")
    assert lines[c01 + 1] == "  Candidate record: name"
    assert "  Outcomes: their name in feedback" in lines[c01:c02]
    assert lines[c02 + 1] == "  Candidate record: name, adjustments"
    assert any(line.startswith("In the audit trail, ") for line in lines)
    assert names_in(path) == ["Casey Quill", "Dana Second"]

    done = run_cli("purge", path, "--yes")
    assert done.code == 0, done.err
    assert names_in(path) == ["C01", "C02"]
    again = run_cli("purge", path, "--dry-run")
    assert again.code == 0 and "A purge now would remove nothing" in again.out


def test_the_dry_run_needs_no_terminal_and_no_yes(run_cli: RunCli, folder: Path) -> None:
    """Without a terminal a purge refuses unless --yes; a dry run changes nothing, so it just answers."""
    path, _ = make_round(folder)
    result = run_cli("purge", path, "--dry-run")
    assert result.code == 0 and "--yes" not in result.err


def test_no_retention_date_yet_is_refused_in_plain_words(run_cli: RunCli, folder: Path) -> None:
    path, _ = make_round(folder, final=False, hand_date=None)
    before = stamps(path)
    for args in (("--dry-run",), ("--yes",)):
        result = run_cli("purge", path, *args)
        assert result.code == 1
        assert result.err.startswith("This session has no retention date yet, so its personal data cannot be purged.")
        assert "no outcome is final yet" in result.err
    assert stamps(path) == before


def test_by_default_the_date_is_six_months_after_the_last_final_outcome(run_cli: RunCli, folder: Path) -> None:
    path, day = make_round(folder, hand_date=None)
    until = add_months(day, 6)
    before = stamps(path)
    for args in (("--dry-run",), ("--yes",)):
        result = run_cli("purge", path, *args)
        assert result.code == 1
        assert f"kept until {until.day} {until:%B %Y}. It can be purged after that date, not before." in result.err
        assert "That is 6 months after the last final outcome" in result.err
    assert stamps(path) == before


def test_the_months_the_chair_chose_are_used(run_cli: RunCli, folder: Path) -> None:
    path, day = make_round(folder, hand_date=None, retention_months=3)
    until = add_months(day, 3)
    result = run_cli("purge", path, "--dry-run")
    assert result.code == 1
    assert f"kept until {until.day} {until:%B %Y}" in result.err and "3 months after" in result.err


@pytest.mark.parametrize("args", [("--dry-run",), ("--yes",)], ids=["dry run", "purge"])
def test_a_legal_hold_is_refused_naming_the_reason(run_cli: RunCli, folder: Path, args: tuple[str, ...]) -> None:
    path, _ = make_round(folder, legal_hold=HOLD)
    before = stamps(path)
    result = run_cli("purge", path, *args)
    assert result.code == 1
    assert result.err.startswith(f"This session is on legal hold: {HOLD}. Nothing can be purged while the hold is on.")
    assert stamps(path) == before and names_in(path) == ["Casey Quill", "Dana Second"]


def test_outcomes_not_final_need_a_reason_for_the_dry_run_too(run_cli: RunCli, folder: Path) -> None:
    path, _ = make_round(folder, final=False)
    refused = run_cli("purge", path, "--dry-run")
    assert refused.code == 1 and "--dry-run --reason 'The vacancy was withdrawn'" in refused.err
    listed = run_cli("purge", path, "--dry-run", "--reason", "The vacancy was withdrawn")
    assert listed.code == 0, listed.err
    assert "Outcome not final yet: C01, C02. Your reason: The vacancy was withdrawn" in listed.out
    assert "C02:" in listed.out


def test_the_help_tells_of_the_dry_run(run_cli: RunCli) -> None:
    result = run_cli("purge", "--help")
    words = " ".join(result.out.split())
    assert result.code == 0 and "--dry-run" in words and "Nothing is purged while the session is on legal hold" in words
