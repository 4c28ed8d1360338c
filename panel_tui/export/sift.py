"""The sift as a CSV for HR: by code only, from submitted sift sheets only.

One row per applicant and agreed sift question: the submitted scores by
reviewer group (each group's scores, lowest first: who gave which is not
needed to file the round), the question's mean, the applicant's total, rank
and spread, and the panel's decision with its reason.

What never leaves the session here: a draft sift sheet (blind scoring: only
submitted sheets count), an applicant's name, email, phone or other
details, an answer (as sent or as redacted), and a reviewer's name. A reason
the chair typed is searched for the applicants' names and contact details,
which are removed. Every text cell is made safe to open in a spreadsheet
(`safety.neutralise`).
"""

from __future__ import annotations

import csv
import io

from ..domain.models import Group, Question, QuestionStatus
from ..domain.sift import REMOVED, NameFinder, find_details, ranks, sift_total, without_details
from ..domain.state import SessionState
from .safety import neutralise

SIFT_CSV_NAME = "sift.csv"
GROUP_ORDER = (Group.MEMBER, Group.VOLUNTEER, Group.STAFF)


def _sift_questions(state: SessionState) -> list[Question]:
    agreed = [q for q in state.questions if q.sift and q.status is QuestionStatus.AGREED]
    return sorted(agreed, key=lambda q: (q.position, q.created_at))


def clean_reason(state: SessionState, reason: str, finder: NameFinder) -> str:
    """A reason without any applicant's name, email, phone or other details (those found)."""
    found = find_details("", reason, "", finder)
    text = without_details(reason, found)
    for applicant in state.applicants:
        for detail in (applicant.email, applicant.phone, *applicant.other_details.values()):
            detail = detail.strip()
            if len(detail) >= 4:
                text = text.replace(detail, REMOVED)
    return text


def sift_rows(state: SessionState) -> list[list[object]]:
    """The header and the rows of the sift CSV (before cells are made safe)."""
    questions = _sift_questions(state)
    numbers = {q.id: n for n, q in enumerate(questions, start=1)}
    groups = {m.id: m.group for m in state.members}
    submitted = [s for s in state.sift_sheets if s.submitted and s.question_id in numbers]
    finder = NameFinder(a.name for a in state.applicants)
    with_application = {a.applicant_id for a in state.applications}
    applicants = sorted((a for a in state.applicants if a.id in with_application), key=lambda a: (a.position, a.code))
    threshold = state.session.divergence_threshold
    figures = {}
    for applicant in applicants:
        per_question = {
            q.id: [s.scores[applicant.id] for s in submitted if s.question_id == q.id and applicant.id in s.scores]
            for q in questions
        }
        figures[applicant.id] = (per_question, sift_total(per_question, threshold))
    placed = dict(zip([a.id for a in applicants], ranks([figures[a.id][1].total for a in applicants]), strict=True))
    decisions = {d.applicant_id: d for d in state.sift_decisions}
    header: list[object] = [
        "Code", "Sift question", "Question",
        *(f"{state.group_label(g)} scores" for g in GROUP_ORDER),
        "Reviewers submitted", "Question mean", "Total", "Rank", "Spread", "Disagreement",
        "Shortlisted", "Reason",
    ]
    rows: list[list[object]] = [header]
    for applicant in applicants:
        per_question, total = figures[applicant.id]
        rank, tied = placed[applicant.id]
        decision = decisions.get(applicant.id)
        decided = "" if decision is None else ("yes" if decision.shortlisted else "no")
        reason = clean_reason(state, decision.reason, finder) if decision is not None else ""
        for question in questions:
            given = [
                (groups.get(s.member_id), s.scores[applicant.id])
                for s in submitted if s.question_id == question.id and applicant.id in s.scores
            ]
            by_group = [
                " ".join(str(v) for v in sorted(v for g, v in given if g is group)) for group in GROUP_ORDER
            ]
            scores = per_question[question.id]
            rows.append([
                applicant.code, f"S{numbers[question.id]}", question.text, *by_group, len(scores),
                round(sum(scores) / len(scores), 2) if scores else "",
                round(total.total, 2) if total.total is not None else "",
                "" if rank is None else f"{rank}=" if tied else rank,
                "" if total.spread is None else total.spread,
                "yes" if question.id in total.flagged_questions else "",
                decided, reason,
            ])
    return rows


def sift_csv(state: SessionState) -> bytes:
    """The sift CSV's bytes (UTF-8 with a byte order mark, so spreadsheets read it as UTF-8)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in sift_rows(state):
        writer.writerow([neutralise(cell) for cell in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
