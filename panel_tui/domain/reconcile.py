"""The rules of agreeing scores: what the chair sees, when, and what it shows.

Pure functions over a `SessionState`. Only submitted sheets count as
independent scores: a draft is still someone's private working, so it never
reaches the grid, the totals or the figures. Agreed scores sit beside the
independent ones; nothing here changes a sheet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import mean, median
from typing import Literal

from .errors import NotAllowed
from .models import AgreedScore, Candidate, Group, PanelMember, Question, ScoreSheet
from .state import SessionState
from .stats import QuestionStats, is_divergent, prefill, question_stats

VOICE_GAP = 1.0
"""A group whose scores sit on average more than this many points from the agreed ones is flagged."""


def reason_required(agreed: int, scores: Sequence[int]) -> bool:
    """Whether the chair must say why: the agreed score leaves the panel's own view.

    A reason is needed when the agreed score is outside the range of the
    independent scores, or at least 1 point from their median. With no
    independent scores there is nothing to depart from, so no reason is asked.
    """
    if not scores:
        return False
    return agreed < min(scores) or agreed > max(scores) or abs(agreed - median(scores)) >= 1


# Opening ------------------------------------------------------------------


def missing_sheets(state: SessionState, candidate_id: str) -> list[PanelMember]:
    """Scorers still owed for a candidate: not submitted, and free to score them.

    Observers do not score and a hard conflict means someone may not score
    this candidate, so neither is ever "missing".
    """
    state.candidate(candidate_id)
    missing = []
    for member in state.scorers:
        if state.has_hard_conflict(member.id, candidate_id):
            continue
        sheet = state.sheet(member.id, candidate_id)
        if sheet is None or not sheet.submitted:
            missing.append(member)
    return missing


def _names(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def may_open(state: SessionState, candidate_id: str, missing_reasons: dict[str, str]) -> None:
    """Agreement opens once everyone has submitted, or with a reason for each missing sheet.

    The reason goes on record so nobody's voice is left out quietly: opening
    early is the chair's choice, made in the open.
    """
    unexplained = [
        m.name for m in missing_sheets(state, candidate_id) if not missing_reasons.get(m.id, "").strip()
    ]
    if len(unexplained) == 1:
        raise NotAllowed(
            f"{unexplained[0]} has not submitted. "
            "Give a reason (for example: absent) to open without their sheet."
        )
    if unexplained:
        raise NotAllowed(
            f"{_names(unexplained)} have not submitted. "
            "Give a reason for each (for example: absent) to open without their sheets."
        )


# The grid -----------------------------------------------------------------


def _submitted(state: SessionState, candidate_id: str) -> list[ScoreSheet]:
    """Submitted sheets in member-id order, the order the pseudonyms use, so column position says nothing."""
    return sorted(
        (s for s in state.sheets_for_candidate(candidate_id) if s.submitted),
        key=lambda s: s.member_id,
    )


@dataclass(frozen=True)
class GridRow:
    """One question's line in the chair's grid."""

    question: Question
    scores: dict[str, int | None]
    """Member id -> score, for submitted sheets only; None where a submitted sheet left the question blank."""
    stats: QuestionStats | None
    divergent: bool
    agreed: AgreedScore | None
    prefill: int | None


def grid(state: SessionState, candidate_id: str) -> list[GridRow]:
    """Questions x panel members for one candidate, in the agreed question order."""
    state.candidate(candidate_id)
    sheets = _submitted(state, candidate_id)
    groups = {s.member_id: state.member(s.member_id).group for s in sheets}
    threshold = state.session.divergence_threshold
    rows = []
    for question in state.agreed_questions:
        scores = {s.member_id: s.scores.get(question.id) for s in sheets}
        given = [(groups[m], v) for m, v in scores.items() if v is not None]
        values = [v for _, v in given]
        rows.append(
            GridRow(
                question=question,
                scores=scores,
                stats=question_stats(given),
                divergent=is_divergent(values, threshold),
                agreed=state.agreed_score(candidate_id, question.id),
                prefill=prefill(values) if values else None,
            )
        )
    return rows


def agenda(rows: Sequence[GridRow]) -> list[GridRow]:
    """Flagged questions first, so the discussion starts where the panel differs; order kept otherwise."""
    return [r for r in rows if r.divergent] + [r for r in rows if not r.divergent]


def letters(index: int) -> str:
    """A, B, ... Z, AA, AB, ...: enough for any panel."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def pseudonyms(state: SessionState, candidate_id: str) -> dict[str, str]:
    """Member id -> "Panel member A (Member)", so seniority weighs less in the discussion.

    Letters follow member ids, which are random, so they reveal neither
    seniority nor the order of names; they are given across the whole panel,
    so "Panel member B" is the same person for every candidate. Only people
    who could score this candidate (no hard conflict) or did are included.
    """
    state.candidate(candidate_id)
    submitted = {s.member_id for s in _submitted(state, candidate_id)}
    people = {m.id: m for m in state.scorers}
    people.update({m: state.member(m) for m in submitted})
    labels = {}
    for index, member_id in enumerate(sorted(people)):
        member = people[member_id]
        if member_id in submitted or not state.has_hard_conflict(member_id, candidate_id):
            labels[member_id] = f"Panel member {letters(index)} ({state.group_label(member.group)})"
    return labels


# Totals and ranking -------------------------------------------------------


def agreed_total(state: SessionState, candidate_id: str) -> int | None:
    """The sum of agreed scores; None until every agreed question has one, so no total is ever partial."""
    questions = state.agreed_questions
    if not questions:
        return None
    total = 0
    for question in questions:
        agreed = state.agreed_score(candidate_id, question.id)
        if agreed is None:
            return None
        total += agreed.score
    return total


def independent_mean_total(state: SessionState, candidate_id: str) -> float | None:
    """The mean of the independent totals, for comparison with the agreed total.

    Worked out as the sum over agreed questions of the mean submitted score,
    which equals the mean of each sheet's total when sheets are complete and,
    when a submitted sheet left a question blank, treats the blank as
    missing rather than as a zero. None when a question has no score at all.
    """
    questions = state.agreed_questions
    sheets = _submitted(state, candidate_id)
    if not questions or not sheets:
        return None
    total = 0.0
    for question in questions:
        given = [s.scores[question.id] for s in sheets if question.id in s.scores]
        if not given:
            return None
        total += mean(given)
    return total


@dataclass(frozen=True)
class RankedCandidate:
    rank: int
    candidate: Candidate
    total: float | None
    tied: bool


def rank_candidates(state: SessionState, by: Literal["agreed", "independent"]) -> list[RankedCandidate]:
    """Candidates by total, highest first; ties share a rank and say so (1, 2, 2, 4).

    A tie is never broken silently: tied candidates keep interview order and
    are marked, and the panel decides between them. Candidates without a
    total yet come last, in interview order, each with the rank after the
    ranked ones and not marked tied: they are not ranked, not equal.
    """
    if by not in ("agreed", "independent"):
        raise ValueError("rank by 'agreed' or 'independent'")
    totals: list[tuple[Candidate, float | None]] = []
    for candidate in state.candidates_in_order:
        value = agreed_total(state, candidate.id) if by == "agreed" else independent_mean_total(state, candidate.id)
        totals.append((candidate, None if value is None else float(value)))
    # Means of scores can differ in the last binary digit while being equal;
    # compare rounded totals so such a pair is shown as the tie it is.
    ranked = sorted(
        ((c, t, round(t, 9)) for c, t in totals if t is not None), key=lambda item: -item[2]
    )
    keys = [key for _, _, key in ranked]
    result = [
        RankedCandidate(
            rank=1 + sum(1 for other in keys if other > key),
            candidate=candidate,
            total=total,
            tied=keys.count(key) > 1,
        )
        for candidate, total, key in ranked
    ]
    result += [RankedCandidate(len(ranked) + 1, c, None, False) for c, t in totals if t is None]
    return result


# Whose voice carried ------------------------------------------------------


@dataclass(frozen=True)
class VoiceSummary:
    """How far the agreed scores sit from each group's own scores.

    If one group's views always prevail, it shows here. Every group is a key;
    None / 0 for a group that gave no scores.
    """

    mean_abs_diff: dict[Group, float | None]
    closest: dict[Group, int]
    questions: int
    sentence: str
    flagged: list[Group]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def whose_voice(state: SessionState, candidate_id: str | None = None) -> VoiceSummary:
    """Per group: the mean distance from the agreed scores, and how often it was closest.

    Counts every question with an agreed score and at least one submitted
    score, for one candidate or (None) the whole session.

    - `mean_abs_diff`: over every independent score a group gave, the mean of
      |score - agreed score|.
    - `closest`: on how many questions the agreed score was nearest that
      group's mean score. When groups are equally near, the question counts
      for each of them, so the counts can add up to more than `questions`.
    - `flagged`: groups more than 1 point from the agreed scores on average
      (`VOICE_GAP`): a sign that group's view is systematically not carrying.
    """
    candidates = (
        [state.candidate(candidate_id)] if candidate_id is not None else state.candidates_in_order
    )
    gaps: dict[Group, list[int]] = {g: [] for g in Group}
    closest = {g: 0 for g in Group}
    questions = 0
    for candidate in candidates:
        sheets = _submitted(state, candidate.id)
        groups = {s.member_id: state.member(s.member_id).group for s in sheets}
        for question in state.agreed_questions:
            agreed = state.agreed_score(candidate.id, question.id)
            by_group: dict[Group, list[int]] = defaultdict(list)
            for sheet in sheets:
                if question.id in sheet.scores:
                    by_group[groups[sheet.member_id]].append(sheet.scores[question.id])
            if agreed is None or not by_group:
                continue
            questions += 1
            distance = {g: abs(Fraction(sum(v), len(v)) - agreed.score) for g, v in by_group.items()}
            nearest = min(distance.values())
            for group, scores in by_group.items():
                gaps[group] += [abs(s - agreed.score) for s in scores]
                if distance[group] == nearest:
                    closest[group] += 1
    mean_abs_diff = {g: (float(mean(v)) if v else None) for g, v in gaps.items()}
    flagged = [g for g, d in mean_abs_diff.items() if d is not None and d > VOICE_GAP]
    return VoiceSummary(
        mean_abs_diff=mean_abs_diff,
        closest=closest,
        questions=questions,
        sentence=_voice_sentence(state, closest, questions, flagged, [g for g in Group if gaps[g]]),
        flagged=flagged,
    )


def _voice_sentence(
    state: SessionState, closest: dict[Group, int], questions: int, flagged: list[Group], present: list[Group]
) -> str:
    if not questions:
        return "No question has an agreed score yet, so there is nothing to compare."
    best = max(closest[g] for g in present)
    leaders = [state.group_label(g) for g in present if closest[g] == best]
    of = f"{best} of {_plural(questions, 'question')}"
    if len(leaders) == 1:
        sentence = f"Agreed scores were closest to {leaders[0]} scores on {of}."
    else:
        sentence = f"Agreed scores were closest to {_names(leaders)} scores equally often, on {of} each."
    if flagged:
        named = _names([state.group_label(g) for g in flagged])
        sentence += f" {named} scores were on average more than 1 point from the agreed scores."
    return sentence

