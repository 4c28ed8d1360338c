"""The rules of agreeing scores, on sessions built directly from models."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from panel_tui.domain.errors import NotAllowed
from panel_tui.domain.models import (
    SCALE_PRESETS,
    AgreedScore,
    Candidate,
    Conflict,
    ConflictKind,
    Group,
    PanelMember,
    Question,
    QuestionStatus,
    Role,
    ScoreSheet,
    Session,
    SheetStatus,
)
from panel_tui.domain.reconcile import (
    agenda,
    agreed_total,
    grid,
    independent_mean_total,
    may_open,
    missing_sheets,
    pseudonyms,
    rank_candidates,
    reason_required,
    whose_voice,
)
from panel_tui.domain.state import SessionState

# Ids are chosen so that id order differs from name order and from seniority.
CAT = PanelMember(id="m4", name="Cat Chair", group=Group.STAFF, role=Role.CHAIR)
SAM = PanelMember(id="m2", name="Sam Staff", group=Group.STAFF)
MO = PanelMember(id="m5", name="Mo Member", group=Group.MEMBER)
DEE = PanelMember(id="m1", name="Dee Member", group=Group.MEMBER)
VI = PanelMember(id="m3", name="Vi Volunteer", group=Group.VOLUNTEER)
HAL = PanelMember(id="m0", name="Hal Observer", group=Group.STAFF, role=Role.OBSERVER)
PANEL = (CAT, SAM, MO, DEE, VI, HAL)
SCORERS = (CAT, SAM, MO, DEE, VI)

Q1 = Question(id="q1", text="Tell us about a time you supported someone.", status=QuestionStatus.AGREED, position=1)
Q2 = Question(id="q2", text="How do you keep people safe?", status=QuestionStatus.AGREED, position=2)
Q3 = Question(id="q3", text="What does recovery mean to you?", status=QuestionStatus.AGREED, position=3)
DROPPED = Question(id="q0", text="Withdrawn question", status=QuestionStatus.WITHDRAWN, position=0)
QUESTIONS = (Q3, DROPPED, Q1, Q2)  # stored out of order on purpose


def candidate(number: int) -> Candidate:
    return Candidate(id=f"c{number}", name=f"Candidate {number}", code=f"C0{number}", position=number)


C1, C2, C3, C4 = (candidate(n) for n in (1, 2, 3, 4))


def sheet(member: PanelMember, cand: Candidate, scores: Iterable[int], submitted: bool = True) -> ScoreSheet:
    return ScoreSheet(
        member_id=member.id,
        candidate_id=cand.id,
        scores=dict(zip(("q1", "q2", "q3"), scores, strict=False)),
        status=SheetStatus.SUBMITTED if submitted else SheetStatus.DRAFT,
    )


def agreed(cand: Candidate, scores: Iterable[int]) -> list[AgreedScore]:
    return [
        AgreedScore(candidate_id=cand.id, question_id=q, score=s, by=CAT.id)
        for q, s in zip(("q1", "q2", "q3"), scores, strict=False)
    ]


def state_of(
    sheets: Iterable[ScoreSheet] = (),
    agreed_scores: Iterable[AgreedScore] = (),
    candidates: Iterable[Candidate] = (C1, C2),
    conflicts: Iterable[Conflict] = (),
    session: Session | None = None,
) -> SessionState:
    return SessionState(
        session=session or Session(vacancy="Peer support worker"),
        members=PANEL,
        candidates=tuple(candidates),
        questions=QUESTIONS,
        sheets=tuple(sheets),
        agreed=tuple(agreed_scores),
        conflicts=tuple(conflicts),
    )


# reason_required ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreed_score", "scores", "required"),
    [
        (2, [1, 2, 3], False),  # the median
        (3, [1, 2, 3], True),  # in range but exactly 1 from the median
        (1, [1, 2, 3], True),
        (2, [2, 2, 3, 3], False),  # 0.5 from a median of 2.5
        (3, [2, 2, 3, 3], False),
        (4, [2, 2, 3, 3], True),  # outside the range
        (1, [2, 2, 3, 3], True),
        (3, [2, 4], False),  # median 3, inside the range
        (2, [2, 4], True),  # at the edge of the range, 1 from the median
        (3, [3], False),
        (4, [3], True),
        (2, [], False),  # nothing to depart from
    ],
)
def test_reason_required(agreed_score: int, scores: list[int], required: bool) -> None:
    assert reason_required(agreed_score, scores) is required


# opening -----------------------------------------------------------------------


def test_missing_sheets_skips_observers_and_hard_conflicts() -> None:
    state = state_of(
        sheets=[sheet(CAT, C1, [1, 2, 3]), sheet(SAM, C1, [1, 2, 3]), sheet(MO, C1, [1, 2, 3], submitted=False)],
        conflicts=[
            Conflict(member_id=VI.id, candidate_id=C1.id, kind=ConflictKind.HARD, relation="friend"),
            Conflict(member_id=DEE.id, candidate_id=C1.id, kind=ConflictKind.SOFT, relation="peer"),
        ],
    )
    assert missing_sheets(state, C1.id) == [MO, DEE]  # a draft is still missing
    assert missing_sheets(state, C2.id) == list(SCORERS)


def test_may_open_when_everyone_has_submitted() -> None:
    state = state_of(sheets=[sheet(m, C1, [1, 2, 3]) for m in SCORERS])
    may_open(state, C1.id, {})


def test_may_open_needs_a_reason_for_each_missing_sheet() -> None:
    state = state_of(sheets=[sheet(m, C1, [1, 2, 3]) for m in (CAT, SAM, MO, VI)])
    with pytest.raises(NotAllowed) as caught:
        may_open(state, C1.id, {})
    assert str(caught.value) == (
        "Dee Member has not submitted. Give a reason (for example: absent) to open without their sheet."
    )
    with pytest.raises(NotAllowed):
        may_open(state, C1.id, {DEE.id: "   "})
    may_open(state, C1.id, {DEE.id: "absent"})


def test_may_open_names_everyone_missing() -> None:
    state = state_of(sheets=[sheet(m, C1, [1, 2, 3]) for m in (CAT, SAM, VI)])
    with pytest.raises(NotAllowed) as caught:
        may_open(state, C1.id, {MO.id: "absent"})
    assert str(caught.value).startswith("Dee Member has not submitted.")
    with pytest.raises(NotAllowed) as caught:
        may_open(state, C1.id, {})
    assert str(caught.value).startswith("Mo Member and Dee Member have not submitted.")


# grid --------------------------------------------------------------------------


def test_grid_uses_only_submitted_sheets() -> None:
    state = state_of(
        sheets=[
            sheet(CAT, C1, [3, 2, 4]),
            sheet(SAM, C1, [3, 3, 4]),
            sheet(MO, C1, [1, 2]),  # submitted with q3 left blank
            sheet(DEE, C1, [0, 0, 0], submitted=False),  # a draft: never shown
            sheet(VI, C2, [4, 4, 4]),  # another candidate
        ],
        agreed_scores=agreed(C1, [3]),
    )
    rows = grid(state, C1.id)
    assert [r.question.id for r in rows] == ["q1", "q2", "q3"]
    assert all(DEE.id not in r.scores and VI.id not in r.scores for r in rows)
    assert list(rows[0].scores) == [SAM.id, CAT.id, MO.id]  # id order, as the pseudonyms
    assert rows[0].scores == {CAT.id: 3, SAM.id: 3, MO.id: 1}
    assert rows[2].scores == {CAT.id: 4, SAM.id: 4, MO.id: None}

    q1 = rows[0].stats
    assert q1 is not None
    assert (q1.count, q1.minimum, q1.maximum, q1.spread, q1.median) == (3, 1, 3, 2, 3.0)
    assert q1.mean == pytest.approx(7 / 3)
    assert q1.group_means == {Group.STAFF: 3.0, Group.MEMBER: 1.0, Group.VOLUNTEER: None}
    assert [r.divergent for r in rows] == [True, False, False]
    assert [r.prefill for r in rows] == [3, 2, 4]
    assert rows[0].agreed is not None and rows[0].agreed.score == 3
    assert rows[1].agreed is None


def test_grid_before_anyone_submits() -> None:
    state = state_of(sheets=[sheet(CAT, C1, [4, 4, 4], submitted=False)])
    rows = grid(state, C1.id)
    assert [(r.scores, r.stats, r.divergent, r.prefill) for r in rows] == [({}, None, False, None)] * 3


def test_agenda_puts_flagged_questions_first() -> None:
    state = state_of(
        sheets=[sheet(CAT, C1, [2, 4, 1]), sheet(SAM, C1, [2, 1, 3]), sheet(MO, C1, [2, 0, 3])],
    )
    rows = grid(state, C1.id)
    assert [r.divergent for r in rows] == [False, True, True]
    assert [r.question.id for r in agenda(rows)] == ["q2", "q3", "q1"]


# pseudonyms ----------------------------------------------------------------------


def test_pseudonyms_follow_ids_not_names_and_use_group_labels() -> None:
    session = Session(
        vacancy="Peer support worker",
        group_labels={Group.VOLUNTEER: "Volunteer", Group.MEMBER: "Expert by experience", Group.STAFF: "Staff"},
    )
    state = state_of(sheets=[sheet(CAT, C1, [1, 2, 3])], session=session)
    labels = pseudonyms(state, C1.id)
    assert labels == {
        DEE.id: "Panel member A (Expert by experience)",
        SAM.id: "Panel member B (Staff)",
        VI.id: "Panel member C (Volunteer)",
        CAT.id: "Panel member D (Staff)",
        MO.id: "Panel member E (Expert by experience)",
    }
    assert HAL.id not in labels  # observers do not score
    for text in labels.values():
        assert not any(m.name in text or m.name.split()[0] in text for m in PANEL)
    assert pseudonyms(state, C1.id) == labels
    assert pseudonyms(state, C2.id) == labels  # the same letters for every candidate


def test_pseudonyms_leave_out_hard_conflicts_without_reshuffling() -> None:
    conflict = Conflict(member_id=SAM.id, candidate_id=C1.id, kind=ConflictKind.HARD, relation="family")
    state = state_of(conflicts=[conflict])
    labels = pseudonyms(state, C1.id)
    assert SAM.id not in labels
    assert labels[VI.id] == "Panel member C (Volunteer)"


# totals and ranking --------------------------------------------------------------


def test_agreed_total_waits_for_every_question() -> None:
    partial = state_of(agreed_scores=agreed(C1, [3, 2]))
    assert agreed_total(partial, C1.id) is None
    full = state_of(agreed_scores=agreed(C1, [3, 2, 4]))
    assert agreed_total(full, C1.id) == 9


def test_independent_mean_total() -> None:
    state = state_of(
        sheets=[
            sheet(CAT, C1, [3, 2, 4]),  # total 9
            sheet(SAM, C1, [1, 2, 3]),  # total 6
            sheet(MO, C1, [4, 4, 4], submitted=False),  # draft: ignored
        ]
    )
    assert independent_mean_total(state, C1.id) == pytest.approx(7.5)
    assert independent_mean_total(state, C2.id) is None
    # A blank on a submitted sheet is missing, not zero: q3's mean is 4 from Cat alone.
    gap = state_of(sheets=[sheet(CAT, C1, [3, 2, 4]), sheet(SAM, C1, [1, 2])])
    assert independent_mean_total(gap, C1.id) == pytest.approx(2 + 2 + 4)


def test_ranking_shows_ties_as_ties() -> None:
    c5 = candidate(5)
    state = state_of(
        candidates=[C1, C2, C3, C4, c5],
        agreed_scores=[
            *agreed(C1, [2, 2, 1]),  # 5
            *agreed(C2, [3, 3, 2]),  # 8
            *agreed(C3, [4, 3, 3]),  # 10
            *agreed(C4, [2, 3, 3]),  # 8
            *agreed(c5, [4, 4]),  # not finished
        ],
    )
    ranked = rank_candidates(state, by="agreed")
    assert [(r.rank, r.candidate.code, r.total, r.tied) for r in ranked] == [
        (1, "C03", 10, False),
        (2, "C02", 8, True),
        (2, "C04", 8, True),
        (4, "C01", 5, False),
        (5, "C05", None, False),
    ]


def test_ranking_by_independent_means() -> None:
    state = state_of(
        candidates=[C1, C2, C3],
        sheets=[
            sheet(CAT, C1, [2, 2, 2]),
            sheet(SAM, C1, [4, 4, 4]),  # mean total 9
            sheet(CAT, C2, [3, 3, 3]),
            sheet(SAM, C2, [3, 3, 3]),  # mean total 9
            sheet(CAT, C3, [4, 4, 4]),  # 12
        ],
    )
    ranked = rank_candidates(state, by="independent")
    assert [(r.rank, r.candidate.code, r.tied) for r in ranked] == [(1, "C03", False), (2, "C01", True), (2, "C02", True)]


# whose voice carried -------------------------------------------------------------

# Staff views prevail: on most questions the agreed score is the staff score.
VOICE_SHEETS = [
    # candidate 1        q1 q2 q3
    sheet(CAT, C1, [3, 4, 2]),
    sheet(SAM, C1, [3, 4, 2]),
    sheet(MO, C1, [1, 2, 0]),
    sheet(DEE, C1, [1, 1, 0]),
    sheet(VI, C1, [2, 3, 2]),
    # candidate 2
    sheet(CAT, C2, [3, 1, 4]),
    sheet(SAM, C2, [4, 1, 3]),
    sheet(MO, C2, [1, 3, 1]),
    sheet(DEE, C2, [2, 3, 1]),
    sheet(VI, C2, [3, 2, 2]),
]
VOICE_AGREED = [*agreed(C1, [3, 4, 2]), *agreed(C2, [3, 3, 4])]


def test_whose_voice_when_staff_views_prevail() -> None:
    # A late member's draft that matches the agreed scores must not soften the picture.
    late = PanelMember(id="m9", name="Ray Member", group=Group.MEMBER)
    state = state_of(sheets=VOICE_SHEETS, agreed_scores=VOICE_AGREED)
    state = SessionState(
        session=state.session,
        members=(*PANEL, late),
        candidates=state.candidates,
        questions=state.questions,
        sheets=(*state.sheets, sheet(late, C1, [3, 4, 2], submitted=False)),
        agreed=state.agreed,
    )
    voice = whose_voice(state)
    assert voice.questions == 6
    # Staff nearest on C1 q1, q2, q3 (tied with volunteers) and C2 q3;
    # volunteers on C1 q3 (tie) and C2 q1; members on C2 q2 only.
    assert voice.closest == {Group.STAFF: 4, Group.VOLUNTEER: 2, Group.MEMBER: 1}
    assert voice.mean_abs_diff[Group.STAFF] == pytest.approx(6 / 12)
    assert voice.mean_abs_diff[Group.MEMBER] == pytest.approx(22 / 12)
    assert voice.mean_abs_diff[Group.VOLUNTEER] == pytest.approx(5 / 6)
    assert voice.flagged == [Group.MEMBER]
    assert voice.sentence == (
        "Agreed scores were closest to Staff scores on 4 of 6 questions. "
        "Member scores were on average more than 1 point from the agreed scores."
    )


def test_whose_voice_for_one_candidate() -> None:
    state = state_of(sheets=VOICE_SHEETS, agreed_scores=VOICE_AGREED)
    voice = whose_voice(state, C1.id)
    assert voice.questions == 3
    assert voice.closest == {Group.STAFF: 3, Group.VOLUNTEER: 1, Group.MEMBER: 0}
    assert voice.sentence.startswith("Agreed scores were closest to Staff scores on 3 of 3 questions.")


def test_whose_voice_names_a_tie_plainly_in_the_session_labels() -> None:
    session = Session(
        vacancy="Peer support worker",
        group_labels={Group.VOLUNTEER: "Volunteer", Group.MEMBER: "Expert by experience", Group.STAFF: "Staff"},
    )
    state = state_of(
        sheets=[sheet(CAT, C1, [3, 1]), sheet(MO, C1, [1, 3])],
        agreed_scores=agreed(C1, [3, 3]),
        session=session,
    )
    voice = whose_voice(state, C1.id)
    assert voice.closest == {Group.STAFF: 1, Group.MEMBER: 1, Group.VOLUNTEER: 0}
    assert voice.mean_abs_diff[Group.VOLUNTEER] is None
    assert voice.flagged == []  # each group is exactly 1 point off on average: not more than 1
    assert voice.sentence == (
        "Agreed scores were closest to Expert by experience and Staff scores equally often, on 1 of 2 questions each."
    )


def test_whose_voice_before_anything_is_agreed() -> None:
    voice = whose_voice(state_of(sheets=VOICE_SHEETS))
    assert voice.questions == 0
    assert voice.flagged == []
    assert voice.sentence == "No question has an agreed score yet, so there is nothing to compare."



def test_grid_reads_the_sessions_threshold() -> None:
    session = Session(vacancy="Peer support worker", scale=SCALE_PRESETS["1-7"], divergence_threshold=3)
    state = state_of(
        sheets=[sheet(CAT, C1, [2, 2, 7]), sheet(SAM, C1, [5, 4, 7]), sheet(MO, C1, [3, 3, 7])],
        session=session,
    )
    assert [r.divergent for r in grid(state, C1.id)] == [True, False, False]
