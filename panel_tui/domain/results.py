"""Session-wide figures for the results screen and the exports.

Builds on `stats` and `reconcile`: the data Krippendorff's alpha needs, and
each member's calibration against the panel's middle score. Only submitted
sheets count, and only for candidates whose agreement the chair has opened:
rule 1 says nobody sees the values before that, and a figure built from them
would show them too.
"""

from __future__ import annotations

from statistics import median

from .models import Candidate
from .state import SessionState
from .stats import member_calibration


def opened_candidates(state: SessionState) -> list[Candidate]:
    return [c for c in state.candidates_in_order if state.reconciliation(c.id) is not None]


def alpha_units(state: SessionState) -> list[list[int | None]]:
    """One row per candidate x agreed question; one column per scoring panel member."""
    scorers = sorted(state.scorers, key=lambda m: m.id)
    units: list[list[int | None]] = []
    for candidate in opened_candidates(state):
        sheets = {s.member_id: s for s in state.sheets_for_candidate(candidate.id) if s.submitted}
        for question in state.agreed_questions:
            row = [sheets[m.id].scores.get(question.id) if m.id in sheets else None for m in scorers]
            if any(v is not None for v in row):
                units.append(row)
    return units


def calibration(state: SessionState) -> dict[str, float | None]:
    """Member id -> average distance of their scores from the panel's median: for training, never to discount."""
    pairs: dict[str, list[tuple[int, float]]] = {m.id: [] for m in state.scorers}
    for candidate in opened_candidates(state):
        sheets = [s for s in state.sheets_for_candidate(candidate.id) if s.submitted]
        for question in state.agreed_questions:
            given = [(s.member_id, s.scores[question.id]) for s in sheets if question.id in s.scores]
            if len(given) < 2:
                continue
            middle = median(v for _, v in given)
            for member_id, value in given:
                if member_id in pairs:
                    pairs[member_id].append((value, middle))
    return {member_id: member_calibration(p) for member_id, p in pairs.items()}
