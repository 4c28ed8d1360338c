"""Rule 1 and friends, enforced in the application layer (not only in screens)."""

from __future__ import annotations

import pytest

from panel_tui.domain.errors import NotAllowed, ScoreOutOfScale, SheetSubmitted
from panel_tui.services import OpenedSession


@pytest.fixture
def scoring(round_):  # type: ignore[no-untyped-def]
    """The conftest round as (panel, people by name, candidate, the two agreed questions)."""
    people = {"chair": round_.chair, "ann": round_.ann, "bob": round_.bob, "hr": round_.hr}
    return round_, people, round_.cand, tuple(round_.questions)


def as_(panel, member):  # type: ignore[no-untyped-def]
    return panel.as_(member)


def test_a_member_sees_only_their_own_sheet_until_they_submit(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    as_(f, people["ann"]).record_score(people["ann"].id, cand.id, q1.id, 4)
    as_(f, people["ann"]).submit_sheet(people["ann"].id, cand.id)
    bob = as_(f, people["bob"])
    assert bob.visible_sheets(cand.id) == [], "Bob has no sheet: he sees nothing"
    bob.record_score(people["bob"].id, cand.id, q1.id, 1)
    assert [s.member_id for s in bob.visible_sheets(cand.id)] == [people["bob"].id], "a draft shows only his own"
    bob.submit_sheet(people["bob"].id, cand.id)
    assert {s.member_id for s in bob.visible_sheets(cand.id)} == {people["bob"].id, people["ann"].id}


def test_others_drafts_are_never_visible(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    as_(f, people["ann"]).record_score(people["ann"].id, cand.id, q1.id, 4)
    bob = as_(f, people["bob"])
    bob.record_score(people["bob"].id, cand.id, q1.id, 2)
    bob.submit_sheet(people["bob"].id, cand.id)
    assert [s.member_id for s in bob.visible_sheets(cand.id)] == [people["bob"].id]


def test_chair_and_hr_see_values_only_once_agreement_opens(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, q2) = scoring
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


def test_a_submitted_sheet_never_changes(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, q2) = scoring
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
    ]
    for attempt in attempts:
        with pytest.raises(SheetSubmitted, match="Submitted scores cannot be changed"):
            attempt()
    for typist in ("chair", "hr"):
        with pytest.raises(NotAllowed, match="^Ann Member has started their own score sheet"):
            as_(f, people[typist]).record_score(people["ann"].id, cand.id, q1.id, 0)
    assert f.path.read_bytes() == before


def test_a_second_terminal_submitting_the_same_sheet_is_refused(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    first = as_(f, people["ann"])
    second = OpenedSession.open(f.path).sign_in(people["ann"].id)
    first.record_score(people["ann"].id, cand.id, q1.id, 2)
    first.submit_sheet(people["ann"].id, cand.id)
    with pytest.raises(SheetSubmitted):
        second.submit_sheet(people["ann"].id, cand.id)


def test_a_hard_conflict_blocks_scoring_and_a_soft_one_does_not(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    ann, bob = as_(f, people["ann"]), as_(f, people["bob"])
    ann.declare_conflict(cand.id, "hard", "friend")
    bob.declare_conflict(cand.id, "soft", "peer", "Met at a group once")
    with pytest.raises(NotAllowed, match="declared a conflict"):
        ann.record_score(people["ann"].id, cand.id, q1.id, 3)
    bob.record_score(people["bob"].id, cand.id, q1.id, 3)
    state = f.raw()
    assert state.sheet(people["ann"].id, cand.id) is None
    assert state.conflict(people["bob"].id, cand.id).detail == "Met at a group once"


def test_a_hard_conflict_cannot_be_declared_after_scoring(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    ann = as_(f, people["ann"])
    ann.record_score(people["ann"].id, cand.id, q1.id, 3)
    with pytest.raises(NotAllowed, match="already scored"):
        ann.declare_conflict(cand.id, "hard", "friend")


def test_a_paper_entry_is_attributed_to_who_typed_it(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    hr = as_(f, people["hr"])
    hr.record_score(people["bob"].id, cand.id, q1.id, 2)
    sheet = f.raw().sheet(people["bob"].id, cand.id)
    assert sheet.entered_by == "Hana HR" and sheet.scores == {q1.id: 2}
    last = f.events()[-1]
    assert (last.action, last.actor_name) == ("saved a score from paper", "Hana HR")


def test_a_member_cannot_score_for_someone_else(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    with pytest.raises(NotAllowed, match=r"^Only the chair or HR can type in a paper score sheet\.$"):
        as_(f, people["ann"]).record_score(people["bob"].id, cand.id, q1.id, 2)


def test_an_observer_does_not_score(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    with pytest.raises(NotAllowed, match="HR and observers do not score"):
        as_(f, people["hr"]).record_score(people["hr"].id, cand.id, q1.id, 2)


@pytest.mark.parametrize("value", [5, -1, "x", "2.5", 2.5, True, None])
def test_a_score_outside_the_scale_is_refused_and_nothing_changes(scoring, value) -> None:  # type: ignore[no-untyped-def]
    f, people, cand, (q1, _) = scoring
    before = f.path.read_bytes()
    events = len(f.events())
    with pytest.raises(ScoreOutOfScale, match="Scores on this panel go from 0 to 4"):
        as_(f, people["ann"]).record_score(people["ann"].id, cand.id, q1.id, value)
    assert f.path.read_bytes() == before
    assert len(f.events()) == events


def test_the_briefing_is_recorded_once_with_the_statement(scoring) -> None:  # type: ignore[no-untyped-def]
    f, people, _, _ = scoring
    ann = as_(f, people["ann"])
    first = ann.confirm_briefing()
    again = ann.confirm_briefing()
    assert first == again
    assert first.statement == f.raw().session.confidentiality
    assert sum(e.action == "confirmed the confidentiality statement" for e in f.events()) == 1
