"""Who may do what: one table, used by every service call and every screen.

A screen that shows, hides, enables or disables a key asks `actor.may(...)`;
a service call asks `actor.require(...)`, which refuses with the plain
reason written here. No screen decides a right on its own.

`None` stands for a tool (a script, the CLI, the organiser setting up a
session before it has a chair): it has the chair's rights, but it is not a
person, so it does not score, declare conflicts or co-write as a panel member.
"""

from __future__ import annotations

from enum import StrEnum

from ..domain.models import Role

Who = Role | None


class Right(StrEnum):
    SET_UP = "set up the session"
    SCORE_OWN = "score on their own sheet"
    ENTER_PAPER = "type in a paper score sheet"
    DECLARE_CONFLICT = "declare a conflict of interest"
    CONFIRM_BRIEFING = "confirm the confidentiality statement"
    PROPOSE_QUESTION = "propose a question"
    CO_WRITE = "improve, comment on and support questions"
    DECIDE_QUESTIONS = "agree, withdraw, order, import, lock and unlock questions"
    RECONCILE = "agree scores with the panel"
    SEE_RESULTS = "see the results"
    EXPORT = "export the session's records"
    EXPORT_BANK_NAMES = "export a question bank with authors' names"
    PURGE = "purge candidates' personal data"
    SEE_CANDIDATE_NAMES = "see candidates' names when scoring is anonymised"
    EDIT_ANY_MEMBER = "change any panel member's details"
    KEEP_RECIPROCITY = "record what panel members are offered, give and are paid"
    CONFIRM_RECOGNITION = "confirm a panel member's recognition record"
    WRITE_FEEDBACK = "draft, edit and send candidates' feedback letters"
    MANAGE_APPLICATIONS = "add written applications and prepare them for the sift"
    SIFT = "sift written applications"
    SHORTLIST = "open the sift and agree the shortlist"


_CHAIR_AND_HR: frozenset[Who] = frozenset({Role.CHAIR, Role.OBSERVER, None})
_CHAIR: frozenset[Who] = frozenset({Role.CHAIR, None})
_HR: frozenset[Who] = frozenset({Role.OBSERVER, None})
_SCORERS: frozenset[Who] = frozenset({Role.CHAIR, Role.PANEL})
_PEOPLE: frozenset[Who] = frozenset({Role.CHAIR, Role.PANEL, Role.OBSERVER})
_EVERYONE: frozenset[Who] = frozenset({Role.CHAIR, Role.PANEL, Role.OBSERVER, None})

RIGHTS: dict[Right, tuple[frozenset[Who], str]] = {
    Right.SET_UP: (_CHAIR_AND_HR, "Only the chair or HR can change the session set-up."),
    Right.SCORE_OWN: (_SCORERS, "Only panel members who score can do this. HR and observers do not score."),
    Right.ENTER_PAPER: (_CHAIR_AND_HR, "Only the chair or HR can type in a paper score sheet."),
    Right.DECLARE_CONFLICT: (_SCORERS, "Only a panel member who scores can declare a conflict of interest."),
    Right.CONFIRM_BRIEFING: (_PEOPLE, "Only a panel member confirms the confidentiality statement."),
    Right.PROPOSE_QUESTION: (_EVERYONE, "You cannot propose questions."),
    Right.CO_WRITE: (_PEOPLE, "Only a panel member can do this. Sign in as yourself."),
    Right.DECIDE_QUESTIONS: (_CHAIR, "Only the chair can do this."),
    Right.RECONCILE: (_CHAIR, "Only the chair can agree scores with the panel."),
    Right.SEE_RESULTS: (_CHAIR_AND_HR, "Only the chair or HR can see the results."),
    Right.EXPORT: (_CHAIR_AND_HR, "Only the chair or HR can export or purge a session's records."),
    Right.EXPORT_BANK_NAMES: (_CHAIR_AND_HR, "Only the chair or HR can export a bank with panel members' names."),
    Right.PURGE: (_CHAIR_AND_HR, "Only the chair or HR can export or purge a session's records."),
    Right.SEE_CANDIDATE_NAMES: (_CHAIR_AND_HR, "Candidates are shown by code only while scoring."),
    Right.EDIT_ANY_MEMBER: (_CHAIR_AND_HR, "Only the chair or HR can change another panel member's details."),
    Right.KEEP_RECIPROCITY: (_HR, "Only HR keeps the record of what panel members are offered and paid."),
    Right.CONFIRM_RECOGNITION: (_CHAIR, "Only the chair can confirm a recognition record."),
    Right.WRITE_FEEDBACK: (_CHAIR, "Only the chair can write candidates' feedback letters."),
    Right.MANAGE_APPLICATIONS: (_CHAIR_AND_HR, "Only the chair or HR can add applications or prepare them for the sift."),
    Right.SIFT: (_SCORERS, "Only panel members who score can sift applications. HR and observers do not score."),
    Right.SHORTLIST: (_CHAIR, "Only the chair can open the sift and record the shortlist the panel agreed."),
}
"""Right -> (who has it, the plain reason given to anyone else)."""


def allowed(who: Who, right: Right) -> bool:
    return who in RIGHTS[right][0]


def refusal(right: Right) -> str:
    return RIGHTS[right][1]
