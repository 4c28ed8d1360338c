"""Agreeing scores through the application layer: reasons, rights, and what never changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed, ScoreOutOfScale
from panel_tui.domain.models import SignOff
from panel_tui.services import new_session


@pytest.fixture
def scored(tmp_path: Path, store_of):  # type: ignore[no-untyped-def]
    opened, chair = new_session(tmp_path, "Volunteer coordinator", chair_name="Chair Person", chair_group="staff")
    assert chair is not None
    session_file = store_of(opened)
    svc = opened.sign_in(chair.id)
    ann = svc.add_member("Ann Member", "member")
    bob = svc.add_member("Bob Volunteer", "volunteer")
    cand = svc.add_candidate("Casey Candidate")
    q = svc.propose_question("Only question?")
    svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    for member, value in ((chair, 1), (ann, 2), (bob, 3)):
        as_member = opened.sign_in(member.id)
        as_member.record_score(member.id, cand.id, q.id, value)
        as_member.submit_sheet(member.id, cand.id)
    return session_file, svc, {"chair": chair, "ann": ann, "bob": bob}, cand, q


def test_only_the_chair_reconciles(scored) -> None:  # type: ignore[no-untyped-def]
    f, _, people, cand, q = scored
    ann = f.opened.sign_in(people["ann"].id)
    before = f.path.read_bytes()
    for attempt in (
        lambda: ann.open_reconciliation(cand.id),
        lambda: ann.set_agreed_score(cand.id, q.id, 2),
        lambda: ann.record_outcome(cand.id, "appoint"),
    ):
        with pytest.raises(NotAllowed, match="Only the chair"):
            attempt()
    assert f.path.read_bytes() == before


def test_agreed_scores_need_agreement_opened_first(scored) -> None:  # type: ignore[no-untyped-def]
    _, chair, _, cand, q = scored
    with pytest.raises(NotAllowed, match="not been opened"):
        chair.set_agreed_score(cand.id, q.id, 2)


@pytest.mark.parametrize(
    ("value", "needs_reason"),
    [(2, False), (1, True), (3, True), (0, True), (4, True)],
)
def test_a_reason_is_needed_outside_the_range_or_a_point_from_the_median(scored, value, needs_reason) -> None:  # type: ignore[no-untyped-def]
    f, chair, _, cand, q = scored
    chair.open_reconciliation(cand.id)
    if needs_reason:
        with pytest.raises(InvalidValue, match="Please give a reason"):
            chair.set_agreed_score(cand.id, q.id, value)
        assert f.state().agreed_score(cand.id, q.id) is None
        agreed = chair.set_agreed_score(cand.id, q.id, value, "Discussed and agreed")
    else:
        agreed = chair.set_agreed_score(cand.id, q.id, value)
    assert agreed.score == value


def test_agreement_never_changes_an_independent_score(scored, store_of) -> None:  # type: ignore[no-untyped-def]
    f, chair, _, cand, q = scored
    sheets_before = [s.model_dump() for s in f.state().sheets]
    chair.open_reconciliation(cand.id)
    chair.set_agreed_score(cand.id, q.id, 4, "Everyone agreed the example was outstanding")
    chair.set_agreed_score(cand.id, q.id, 3, "On reflection")
    chair.sign_off(cand.id, SignOff.CHAIR_DECISION, [chair.state.members[0].id], "One voice disagreed")
    chair.record_outcome(cand.id, "appoint", "Well done", final=True)
    reopened = store_of(f.opened).state()
    assert [s.model_dump() for s in reopened.sheets] == sheets_before
    changes = [e for e in f.audit_events() if e.action == "set an agreed score"]
    assert [(c.before and c.before["score"], c.after["score"]) for c in changes] == [(None, 4), (4, 3)]


def test_an_agreed_score_off_the_scale_is_refused(scored) -> None:  # type: ignore[no-untyped-def]
    _, chair, _, cand, q = scored
    chair.open_reconciliation(cand.id)
    with pytest.raises(ScoreOutOfScale):
        chair.set_agreed_score(cand.id, q.id, 9, "because")


def test_opening_with_a_sheet_missing_needs_a_reason(tmp_path: Path, store_of) -> None:  # type: ignore[no-untyped-def]
    opened, chair = new_session(tmp_path, "Peer mentor", chair_name="Chair Person")
    assert chair is not None
    session_file = store_of(opened)
    svc = opened.sign_in(chair.id)
    svc.add_member("Ann Member", "member")
    cand = svc.add_candidate("Casey Candidate")
    q = svc.propose_question("Q?")
    svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    with pytest.raises(NotAllowed, match="not submitted"):
        svc.open_reconciliation(cand.id)
    with pytest.raises(NotAllowed):
        svc.open_reconciliation(cand.id, {})
    assert session_file.state().reconciliations == ()
    state = session_file.state()
    reasons = {m.id: "absent" for m in state.scorers}
    agreement = svc.open_reconciliation(cand.id, reasons)
    assert set(agreement.missing_reasons.values()) == {"absent"}


def test_a_final_outcome_freezes_the_agreed_scores(scored) -> None:  # type: ignore[no-untyped-def]
    _, chair, _, cand, q = scored
    chair.open_reconciliation(cand.id)
    chair.set_agreed_score(cand.id, q.id, 2)
    chair.record_outcome(cand.id, "reserve", final=True)
    with pytest.raises(NotAllowed, match="final"):
        chair.set_agreed_score(cand.id, q.id, 3, "late change")
    with pytest.raises(NotAllowed, match="final"):
        chair.record_outcome(cand.id, "appoint")


def test_sign_off_needs_every_question_agreed_and_consensus_has_no_dissent(scored) -> None:  # type: ignore[no-untyped-def]
    _, chair, people, cand, q = scored
    chair.open_reconciliation(cand.id)
    with pytest.raises(NotAllowed, match="no agreed score yet"):
        chair.sign_off(cand.id, SignOff.CONSENSUS)
    chair.set_agreed_score(cand.id, q.id, 2)
    with pytest.raises(InvalidValue, match="consensus has no dissent"):
        chair.sign_off(cand.id, SignOff.CONSENSUS, [people["bob"].id])
    signed = chair.sign_off(cand.id, SignOff.CONSENSUS)
    assert signed.sign_off is SignOff.CONSENSUS and signed.signed_off_at is not None


def test_agreeing_the_unflagged_questions_at_once(scored) -> None:  # type: ignore[no-untyped-def]
    """Scores 1, 2, 3 spread 2: flagged at the default threshold, so nothing is agreed for it in one step."""
    f, svc, people, cand, q = scored
    ann = f.opened.sign_in(people["ann"].id)
    with pytest.raises(NotAllowed):
        ann.agree_unflagged_at_median(cand.id)
    with pytest.raises(NotAllowed, match="not been opened"):
        svc.agree_unflagged_at_median(cand.id)
    svc.open_reconciliation(cand.id)
    assert svc.agree_unflagged_at_median(cand.id) == [], "a flagged question still needs the panel"
    svc.update_details(divergence_threshold=3)
    [agreed] = svc.agree_unflagged_at_median(cand.id)
    assert (agreed.question_id, agreed.score, agreed.reason) == (q.id, 2, "")
    assert svc.agree_unflagged_at_median(cand.id) == [], "an agreed question is left as the chair agreed it"
    svc.record_outcome(cand.id, "appoint", final=True)
    with pytest.raises(NotAllowed, match="final"):
        svc.agree_unflagged_at_median(cand.id)
