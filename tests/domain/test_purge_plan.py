"""The purge's dry run lists exactly what the purge then removes, on a session with every kind and field set.

The sample is `test_records`' (a candidate's name planted in every text
field, an applicant with contact details, a panel member's reciprocity with
a charity and expenses). The dry run's list is compared with a diff, made
here independently, of the session file before and after the real purge.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from panel_tui.domain.models import AuditEvent
from panel_tui.domain.records import RECORD_KINDS
from panel_tui.domain.retention import EXPENSE_DETAILS_REMOVED
from panel_tui.domain.state import SessionState
from panel_tui.services import OpenedSession
from panel_tui.services.base import snapshot
from panel_tui.store import SessionFile
from panel_tui.store.repository import audit_path
from tests.domain.test_records import NAME, _first_event, _sample

AFTER = date(2026, 6, 1)
"""After the sample's retention date (1 January 2026, set by hand)."""
PERSONAL = ("alex@example.org", "07700 900123", "1 High St", "Harbour Trust", "Alexandra", "I listen first. Alexandra")


def _events() -> list[AuditEvent]:
    """The trail as the services would have written it: snapshots of the applicant, the application, the reciprocity."""
    sample = _sample()
    made = [_first_event()]
    for kind, record in (
        ("applicants", sample.applicants[0]),
        ("applications", sample.applications[0]),
        ("reciprocity", sample.reciprocity[0]),
    ):
        made.append(AuditEvent(
            actor_id="m1", actor_name="Sam Chair", action=f"added {kind}", target="C07", before=None,
            after=snapshot(record), record=f"{kind}:x",
        ))
    return made


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "sessions" / "shape.json"
    SessionFile.restore(path, _sample(), _events())
    return path


def _flat(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in _flat(item, f"{path}.{key}" if path else key).items()}
    if isinstance(value, list):
        return {k: v for i, item in enumerate(value) for k, v in _flat(item, f"{path}[{i}]").items()}
    return {path: value}


def _diff(before: SessionState, after: SessionState) -> set[tuple[str, str]]:
    """(record, field) of every value the file held before and no longer holds as it was."""
    gone: set[tuple[str, str]] = set()
    pairs: list[tuple[str, Any, Any]] = [("session", before.session, after.session)]
    for kind in RECORD_KINDS:
        now = {kind.key(m): m for m in getattr(after, kind.field)}
        pairs += [(f"{kind.field}:{kind.key(m)}", m, now.get(kind.key(m))) for m in getattr(before, kind.field)]
    for record, old, new in pairs:
        was = _flat(old.model_dump(mode="json"))
        is_ = _flat(new.model_dump(mode="json")) if new is not None else {}
        gone |= {(record, where) for where, value in was.items() if where not in is_ or is_[where] != value}
    return gone


def _stamps(path: Path) -> list[tuple[bytes, int]]:
    return [(p.read_bytes(), os.stat(p).st_mtime_ns) for p in (path, audit_path(path))]


def test_the_dry_run_lists_exactly_what_the_purge_then_removes(saved: Path) -> None:
    before = SessionFile.open(saved).state()
    stamps = _stamps(saved)
    plan = OpenedSession.open(saved).as_tool("panel-tui purge").check_purge_allowed(AFTER)
    assert _stamps(saved) == stamps, "a dry run changes nothing, not even the file's time"
    listed = {(r.record, r.field) for r in plan.removals}

    OpenedSession.open(saved).as_tool("panel-tui purge").purge_personal_data(AFTER)
    removed = _diff(before, SessionFile.open(saved).state())
    assert listed == removed
    assert len(listed) >= 30, "the sample plants the name in every text field"


def test_the_dry_run_says_whose_each_removal_is(saved: Path) -> None:
    plan = OpenedSession.open(saved).as_tool("test").check_purge_allowed(AFTER)
    whose = {(r.about, r.kind, r.what) for r in plan.removals}
    assert {
        ("C07", "candidates", "name"), ("C07", "candidates", "adjustments"),
        ("C07", "applicants", "email address"), ("C07", "applicants", "phone number"),
        ("C07", "applications", "answers as sent, before redaction"), ("C07", "sheets", "their name in a note"),
        ("Dee Morgan (panel member)", "reciprocity", "the charity they chose"),
        ("Dee Morgan (panel member)", "reciprocity", "what each expense was for"),
    } <= whose
    lines = plan.lines()
    assert lines[0] == "Dry run: nothing has been changed."
    assert "C07:" in lines and "Dee Morgan (panel member):" in lines
    assert "  Candidate record: name, adjustments" in lines
    assert f"In the audit trail, {plan.audit_entries} entries would be rewritten the same way." in lines
    assert plan.audit_entries == 3


def test_the_purge_keeps_what_finance_needs_and_removes_the_rest(saved: Path) -> None:
    kept_before = _sample().reciprocity[0]
    OpenedSession.open(saved).as_tool("test").purge_personal_data(AFTER)
    state = SessionFile.open(saved).state()
    kept = state.reciprocity[0]
    assert (kept.rate_pence, kept.rate_per, kept.expected_minutes, kept.choice, kept.lower_amount_pence) == (
        kept_before.rate_pence, kept_before.rate_per, kept_before.expected_minutes, kept_before.choice,
        kept_before.lower_amount_pence,
    )
    assert (kept.time, kept.payment_status, kept.paid_on, kept.offered_on) == (
        kept_before.time, kept_before.payment_status, kept_before.paid_on, kept_before.offered_on,
    )
    assert [(e.amount_pence, e.receipt_seen, e.what) for e in kept.expenses] == [(450, True, EXPENSE_DETAILS_REMOVED)]
    assert (kept.charity, kept.expenses_covered, kept.advice_offered_on) == ("", "", None)
    applicant = state.applicants[0]
    assert (applicant.name, applicant.email, applicant.phone, applicant.other_details) == ("C07", "", "", {})
    assert applicant.candidate_id == "c1", "the link to the candidate stays"
    application = state.applications[0]
    assert application.original == {} and application.answers == {"q1": "I listen first. [removed]"}
    assert [m.name for m in state.members] == ["Sam Chair", "Dee Morgan"], "panel members keep their names"
    assert state.sift_decisions[0].shortlisted and state.sheets[0].scores == {"q1": 3}
    assert state.session.panel_difference == "We asked C07 about lived experience"
    for path in (saved, audit_path(saved)):
        data = path.read_text(encoding="utf-8")
        for detail in PERSONAL:
            assert detail not in data, f"{detail!r} is still in {path.name}"
    assert NAME not in audit_path(saved).read_text(encoding="utf-8")


def test_a_second_dry_run_after_the_purge_lists_nothing(saved: Path) -> None:
    OpenedSession.open(saved).as_tool("test").purge_personal_data(AFTER)
    plan = OpenedSession.open(saved).as_tool("test").check_purge_allowed(AFTER)
    assert plan.removals == () and plan.audit_entries == 0
    assert "A purge now would remove nothing" in plan.lines()[-1]
