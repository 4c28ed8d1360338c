"""Who has submitted what: counts and labels only, never a score value (rule 1)."""

from __future__ import annotations

from panel_tui.domain.models import Candidate, ScoreSheet, SheetStatus
from panel_tui.domain.progress import SheetProgress, session_progress, sheet_progress


def test_a_sheet_not_started(round_) -> None:
    r = round_
    progress = sheet_progress(r.state, r.ann, r.cand)
    assert progress == SheetProgress("none", 0, 2)
    assert progress.label == "· not started"
    assert progress.short_label == "·"


def test_a_draft_counts_only_scores_for_the_agreed_set(round_) -> None:
    r = round_
    # A score on a question that left the agreed set (held from before a change) is not progress.
    r = r.with_sheets(r.sheet(r.ann, scores={r.q1.id: 4, r.withdrawn.id: 2}))
    progress = sheet_progress(r.state, r.ann, r.cand)
    assert (progress.scored, progress.total) == (1, 2)
    assert progress.label == "… 1/2 scored"
    assert progress.short_label == "… 1/2"


def test_a_submitted_sheet(round_) -> None:
    r = round_
    r = r.with_sheets(r.sheet(r.ann, scores={r.q1.id: 4, r.q2.id: 3}, submitted=True))
    progress = sheet_progress(r.state, r.ann, r.cand)
    assert progress.status == SheetStatus.SUBMITTED and progress.scored == 2
    assert progress.label == "✓ submitted"
    assert progress.short_label == "✓ done"


def test_a_paper_sheet_says_so_everywhere(round_) -> None:
    r = round_
    draft = ScoreSheet(member_id=r.bob.id, candidate_id=r.cand.id, scores={r.q1.id: 1}, entered_by="Chair Person")
    r = r.with_sheets(draft)
    progress = sheet_progress(r.state, r.bob, r.cand)
    assert progress.paper
    assert progress.label == "… 1/2 scored (paper)"
    assert progress.short_label == "… 1/2 P"
    r = r.with_sheets(draft.model_copy(update={"status": SheetStatus.SUBMITTED}))
    progress = sheet_progress(r.state, r.bob, r.cand)
    assert progress.label == "✓ submitted (paper)"
    assert progress.short_label == "✓ done P"


def test_no_label_holds_a_score_value(round_) -> None:
    r = round_
    r = r.with_sheets(r.sheet(r.ann, scores={r.q1.id: 4}), r.sheet(r.bob, scores={r.q1.id: 4, r.q2.id: 4}, submitted=True))
    for member in (r.ann, r.bob):
        progress = sheet_progress(r.state, member, r.cand)
        assert "4" not in progress.label and "4" not in progress.short_label


def test_session_progress_counts_submitted_sheets_of_those_who_score(round_) -> None:
    r = round_
    assert session_progress(r.state) == (0, 4), "chair and three members score, HR does not; one candidate"
    r = r.with_sheets(r.sheet(r.ann, submitted=True), r.sheet(r.bob))
    assert session_progress(r.state) == (1, 4)
    second = Candidate(name="Dee", code="C02")
    state = r.state.with_model(second)
    assert session_progress(state) == (1, 8)
