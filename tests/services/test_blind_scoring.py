"""Rule 1 and friends, enforced in the application layer (not only in screens)."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.domain.errors import NotAllowed, ScoreOutOfScale, SheetSubmitted
from panel_tui.services import Actor, PanelService, new_session
from panel_tui.store import SessionFile


@pytest.fixture
def round_(tmp_path: Path):  # type: ignore[no-untyped-def]
    session_file, chair = new_session(tmp_path, "Support worker", chair_name="Chair Person", chair_group="staff")
    svc = PanelService(session_file, Actor.of(chair))
    ann = svc.add_member("Ann Member", "member")
    bob = svc.add_member("Bob Volunteer", "volunteer")
    hr = svc.add_member("Hana HR", "staff", role="observer")
    cand = svc.add_candidate("Casey Candidate")
    q1 = svc.propose_question("First question?")
    q2 = svc.propose_question("Second question?")
    for q in (q1, q2):
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    return session_file, {"chair": chair, "ann": ann, "bob": bob, "hr": hr}, cand, (q1, q2)


def as_(session_file: SessionFile, member) -> PanelService:  # type: ignore[no-untyped-def]
    return PanelService(session_file, Actor.of(member))


def test_a_member_sees_only_their_own_sheet_until_they_submit(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    as_(f, people["ann"]).record_score(people["ann"].id, cand.id, q1.id, 4)
    as_(f, people["ann"]).submit_sheet(people["ann"].id, cand.id)
    bob = as_(f, people["bob"])
    assert bob.visible_sheets(cand.id) == [], "Bob has no sheet: he sees nothing"
    bob.record_score(people["bob"].id, cand.id, q1.id, 1)
    assert [s.member_id for s in bob.visible_sheets(cand.id)] == [people["bob"].id], "a draft shows only his own"
    bob.submit_sheet(people["bob"].id, cand.id)
    assert {s.member_id for s in bob.visible_sheets(cand.id)} == {people["bob"].id, people["ann"].id}


def test_others_drafts_are_never_visible(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    as_(f, people["ann"]).record_score(people["ann"].id, cand.id, q1.id, 4)
    bob = as_(f, people["bob"])
    bob.record_score(people["bob"].id, cand.id, q1.id, 2)
    bob.submit_sheet(people["bob"].id, cand.id)
    assert [s.member_id for s in bob.visible_sheets(cand.id)] == [people["bob"].id]


def test_chair_and_hr_see_values_only_once_agreement_opens(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, q2) = round_
    for who in ("ann", "bob", "chair"):
        svc = as_(f, people[who])
        svc.record_score(people[who].id, cand.id, q1.id, 3)
        svc.record_score(people[who].id, cand.id, q2.id, 3)
        svc.submit_sheet(people[who].id, cand.id)
    chair, hr = as_(f, people["chair"]), as_(f, people["hr"])
    assert [s.member_id for s in chair.visible_sheets(cand.id)] == [people["chair"].id], "the chair's own sheet only"
    assert hr.visible_sheets(cand.id) == []
    chair.open_reconciliation(cand.id)
    assert len(chair.visible_sheets(cand.id)) == 3
    assert len(hr.visible_sheets(cand.id)) == 3


def test_a_submitted_sheet_never_changes(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, q2) = round_
    ann = as_(f, people["ann"])
    ann.record_score(people["ann"].id, cand.id, q1.id, 2)
    ann.set_note(people["ann"].id, cand.id, q1.id, "kept")
    ann.submit_sheet(people["ann"].id, cand.id)
    before = f.path.read_bytes()
    attempts = [
        lambda: ann.record_score(people["ann"].id, cand.id, q1.id, 4),
        lambda: ann.record_score(people["ann"].id, cand.id, q2.id, 4),
        lambda: ann.clear_score(people["ann"].id, cand.id, q1.id),
        lambda: ann.set_note(people["ann"].id, cand.id, q1.id, "changed"),
        lambda: ann.submit_sheet(people["ann"].id, cand.id),
        lambda: as_(f, people["chair"]).record_score(people["ann"].id, cand.id, q1.id, 0),
    ]
    for attempt in attempts:
        with pytest.raises(SheetSubmitted, match="Submitted scores cannot be changed"):
            attempt()
    assert f.path.read_bytes() == before


def test_a_second_terminal_submitting_the_same_sheet_is_refused(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    first = as_(f, people["ann"])
    second = PanelService(SessionFile.open(f.path), Actor.of(people["ann"]))
    first.record_score(people["ann"].id, cand.id, q1.id, 2)
    first.submit_sheet(people["ann"].id, cand.id)
    with pytest.raises(SheetSubmitted):
        second.submit_sheet(people["ann"].id, cand.id)


def test_a_hard_conflict_blocks_scoring_and_a_soft_one_does_not(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    ann, bob = as_(f, people["ann"]), as_(f, people["bob"])
    ann.declare_conflict(cand.id, "hard", "friend")
    bob.declare_conflict(cand.id, "soft", "peer", "Met at a group once")
    with pytest.raises(NotAllowed, match="declared a conflict"):
        ann.record_score(people["ann"].id, cand.id, q1.id, 3)
    bob.record_score(people["bob"].id, cand.id, q1.id, 3)
    state = f.state()
    assert state.sheet(people["ann"].id, cand.id) is None
    assert state.conflict(people["bob"].id, cand.id).detail == "Met at a group once"


def test_a_hard_conflict_cannot_be_declared_after_scoring(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    ann = as_(f, people["ann"])
    ann.record_score(people["ann"].id, cand.id, q1.id, 3)
    with pytest.raises(NotAllowed, match="already scored"):
        ann.declare_conflict(cand.id, "hard", "friend")


def test_a_paper_entry_is_attributed_to_who_typed_it(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    hr = as_(f, people["hr"])
    hr.record_score(people["bob"].id, cand.id, q1.id, 2)
    sheet = f.state().sheet(people["bob"].id, cand.id)
    assert sheet.entered_by == "Hana HR" and sheet.scores == {q1.id: 2}
    last = f.audit_events()[-1]
    assert (last.action, last.actor_name) == ("saved a score from paper", "Hana HR")


def test_a_member_cannot_score_for_someone_else(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    with pytest.raises(NotAllowed, match="your own sheet"):
        as_(f, people["ann"]).record_score(people["bob"].id, cand.id, q1.id, 2)


def test_an_observer_does_not_score(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    with pytest.raises(NotAllowed, match="observer"):
        as_(f, people["hr"]).record_score(people["hr"].id, cand.id, q1.id, 2)


@pytest.mark.parametrize("value", [5, -1, "x", "2.5", 2.5, True, None])
def test_a_score_outside_the_scale_is_refused_and_nothing_changes(round_, value) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = round_
    before = f.path.read_bytes()
    events = len(f.audit_events())
    with pytest.raises(ScoreOutOfScale, match="Scores on this panel go from 0 to 4"):
        as_(f, people["ann"]).record_score(people["ann"].id, cand.id, q1.id, value)
    assert f.path.read_bytes() == before
    assert len(f.audit_events()) == events


def test_the_briefing_is_recorded_once_with_the_statement(round_) -> None:  # type: ignore[no-untyped-def]
    f, people, _, _ = round_
    ann = as_(f, people["ann"])
    first = ann.confirm_briefing()
    again = ann.confirm_briefing()
    assert first == again
    assert first.statement == f.state().session.confidentiality
    assert sum(e.action == "confirmed the confidentiality statement" for e in f.audit_events()) == 1
