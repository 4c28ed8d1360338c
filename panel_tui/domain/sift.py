"""Co-produced shortlisting: written applications, sifted anonymously, one question at a time.

An `Applicant` holds who applied (name, contact details): kept apart and never
shown while sifting. An `Application` holds their answers, by sift question:
`answers` as reviewers see them (after the chair's redaction) and `original`
as sent, kept apart. Each reviewer scores one sift question across every
applicant on a `SiftSheet`; the panel's `SiftDecision` per applicant is the
shortlist (or the reason they were not shortlisted).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Self

from pydantic import Field, model_validator

from .models import Model, RequiredText, SheetStatus, Text, new_id, now


class Applicant(Model):
    """Who applied: identifying details, kept apart from the answers."""

    id: str = Field(default_factory=new_id)
    code: RequiredText
    """A01, A02 ...: all the sift ever shows. Kept as the candidate code when shortlisted."""
    name: RequiredText
    email: Text = ""
    phone: Text = ""
    other_details: dict[str, str] = Field(default_factory=dict)
    """Any other identifying columns of the imported CSV, by column name."""
    candidate_id: str | None = None
    """The interview candidate made from this applicant once shortlisted."""
    position: int = 0
    created_at: datetime = Field(default_factory=now)


class Application(Model):
    """One applicant's answers, by sift question id."""

    applicant_id: str
    answers: dict[str, str] = Field(default_factory=dict)
    """What reviewers read: the answers after redaction."""
    original: dict[str, str] = Field(default_factory=dict)
    """The answers as sent, kept apart; "" until a redaction changed one."""
    redacted_by: str | None = None
    redacted_at: datetime | None = None

    @property
    def id(self) -> str:
        return self.applicant_id


def sift_sheet_id(member_id: str, question_id: str) -> str:
    """One sift sheet per reviewer and sift question, even when two terminals create it at once."""
    return f"{member_id}.{question_id}"


class SiftSheet(Model):
    """One reviewer's scores and notes for one sift question, across every applicant."""

    id: str = ""
    member_id: str
    question_id: str
    scores: dict[str, int] = Field(default_factory=dict)
    """Applicant id -> score."""
    notes: dict[str, str] = Field(default_factory=dict)
    status: SheetStatus = SheetStatus.DRAFT
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    submitted_at: datetime | None = None

    @model_validator(mode="after")
    def _derive_id(self) -> Self:
        expected = sift_sheet_id(self.member_id, self.question_id)
        if self.id and self.id != expected:
            raise ValueError("a sift sheet's id must match its reviewer and sift question")
        if not self.id:
            object.__setattr__(self, "id", expected)
        return self

    @property
    def submitted(self) -> bool:
        return self.status is SheetStatus.SUBMITTED


class SiftDecision(Model):
    """The panel's agreed decision on one applicant: shortlisted or not, with the reason."""

    applicant_id: str
    shortlisted: bool
    reason: Text = ""
    by: str
    at: datetime = Field(default_factory=now)

    @property
    def id(self) -> str:
        return self.applicant_id


# Each reviewer's own order ----------------------------------------------------


def reviewer_order(session_id: str, member_id: str, question_id: str, applicant_ids: Iterable[str]) -> list[str]:
    """The applicants in this reviewer's own order for one sift question: random-looking, stable for them.

    Each applicant's place comes from a hash of the session, the reviewer,
    the question and the applicant, so it is the same every time the
    reviewer comes back (on any terminal), differs from every other
    reviewer's and from question to question, and an applicant added later
    does not move the others.
    """
    prefix = f"{session_id}\x1f{member_id}\x1f{question_id}\x1f".encode()

    def place(applicant_id: str) -> tuple[bytes, str]:
        return hashlib.blake2b(prefix + applicant_id.encode(), digest_size=8).digest(), applicant_id

    return sorted(applicant_ids, key=place)


# The redaction aid --------------------------------------------------------------

DetailKind = Literal["name", "email", "phone", "own name"]
REMOVED = "[removed]"
"""What a found detail becomes when the chair removes every found detail at once."""

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d\s().-]{7,}\d(?!\w)")
"""A run of digits with spaces, dots, dashes or brackets: a phone number when it holds 9 to 15 digits."""
PHONE_DIGITS = range(9, 16)
TITLED_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Rev)\.?[ \t]+[A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?"
)
SAYS_NAME = re.compile(
    r"\b(?:[Mm]y name is|[Ii] am called|[Ii]'m called|[Cc]all me|[Ss]igned)[ \t]+([A-Z][\w'-]*(?:[ \t]+[A-Z][\w'-]*)?)"
)
MIN_NAME_PART = 2


@dataclass(frozen=True)
class FoundDetail:
    """One identifying detail found in one answer: where it is and what kind it is."""

    question_id: str
    start: int
    end: int
    text: str
    kind: DetailKind


def _word(text: str) -> str:
    return r"(?<!\w)" + re.escape(text) + r"(?!\w)"


class NameFinder:
    """Finds any of many known names (other applicants, the panel) in a text, whole and in any letter case.

    Built once for many answers: one pattern for every name.
    """

    def __init__(self, names: Iterable[str]) -> None:
        kept = sorted({n.strip() for n in names if len(n.strip()) >= MIN_NAME_PART}, key=len, reverse=True)
        self._pattern = re.compile("|".join(_word(n) for n in kept), re.IGNORECASE) if kept else None

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        return self._pattern.finditer(text) if self._pattern is not None else ()


NO_NAMES = NameFinder(())


def _spans(text: str, own_name: str, others: NameFinder) -> list[tuple[int, int, DetailKind]]:
    found: list[tuple[int, int, DetailKind]] = []
    for match in EMAIL.finditer(text):
        found.append((match.start(), match.end(), "email"))
    for match in PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in match.group(0))
        if digits in PHONE_DIGITS:
            found.append((match.start(), match.end(), "phone"))
    own = " ".join(own_name.split())
    if own:
        for match in re.finditer(_word(own).replace(r"\ ", r"\s+"), text, re.IGNORECASE):
            found.append((match.start(), match.end(), "own name"))
        for part in own.split():
            part = part.strip(".,")
            if len(part) < MIN_NAME_PART:
                continue
            for match in re.finditer(_word(part), text, re.IGNORECASE):
                word = match.group(0)
                if word[0].isupper() or word == part:  # "Hope" as a name, not "hope" as a word
                    found.append((match.start(), match.end(), "own name"))
    for match in others.finditer(text):
        kind: DetailKind = "own name" if match.group(0).casefold() == own.casefold() else "name"
        found.append((match.start(), match.end(), kind))
    for match in TITLED_NAME.finditer(text):
        found.append((match.start(), match.end(), "name"))
    for match in SAYS_NAME.finditer(text):
        found.append((match.start(1), match.end(1), "name"))
    return _merged(found)


_KIND_RANK: dict[DetailKind, int] = {"email": 0, "phone": 1, "own name": 2, "name": 3}


def _merged(spans: list[tuple[int, int, DetailKind]]) -> list[tuple[int, int, DetailKind]]:
    """Overlapping finds become one (the widest reach; an email or a phone number wins the kind)."""
    merged: list[tuple[int, int, DetailKind]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -s[1], _KIND_RANK[s[2]])):
        if merged and start < merged[-1][1]:
            last_start, last_end, last_kind = merged[-1]
            best = min(last_kind, kind, key=lambda k: _KIND_RANK[k])
            merged[-1] = (last_start, max(last_end, end), best)
        else:
            merged.append((start, end, kind))
    return merged


def find_details(question_id: str, text: str, own_name: str, others: NameFinder = NO_NAMES) -> list[FoundDetail]:
    """Names, email addresses, phone numbers and the applicant's own name found in one answer, in order.

    An aid for the chair, not a guarantee: it finds the applicant's own name
    (whole, or any part of it written as a name), other people's names the
    session knows (`others`: other applicants, the panel), names after
    a title ("Mrs Patel") or after "my name is", email addresses and phone
    numbers of 9 to 15 digits. The chair reads every answer before the sift opens.
    """
    return [FoundDetail(question_id, start, end, text[start:end], kind) for start, end, kind in _spans(text, own_name, others)]


def details_in(application: Application, applicant: Applicant, others: NameFinder = NO_NAMES) -> list[FoundDetail]:
    """Every detail found in an application's answers (as reviewers will read them), answer by answer.

    Besides `find_details`' finds: the applicant's own email, phone and other details, written anywhere.
    """
    found: list[FoundDetail] = []
    for question_id, text in application.answers.items():
        found.extend(find_details(question_id, text, applicant.name, others))
        for detail in (applicant.email, applicant.phone, *applicant.other_details.values()):
            detail = detail.strip()
            if len(detail) >= MIN_NAME_PART + 2:
                for match in re.finditer(re.escape(detail), text, re.IGNORECASE):
                    if not any(f.question_id == question_id and f.start <= match.start() < f.end for f in found):
                        kind: DetailKind = "email" if "@" in detail else "phone" if detail == applicant.phone else "name"
                        found.append(FoundDetail(question_id, match.start(), match.end(), match.group(0), kind))
    return sorted(found, key=lambda f: (f.question_id, f.start))


def without_details(text: str, found: Iterable[FoundDetail]) -> str:
    """The text with every found span replaced by "[removed]" (spans of this one text)."""
    spans = sorted(((f.start, f.end) for f in found), reverse=True)
    merged_end = len(text) + 1
    for start, end in spans:
        end = min(end, merged_end)
        if start >= end:
            continue
        text = text[:start] + REMOVED + text[end:]
        merged_end = start
    return text


# Totals and disagreement ----------------------------------------------------------


@dataclass(frozen=True)
class SiftTotal:
    """One applicant's figures from the submitted sift sheets."""

    total: float | None
    """The sum over sift questions of the mean submitted score; None when nobody has submitted a score for them."""
    spread: int | None
    """The widest spread (highest minus lowest) on any one question; None with fewer than two scores on every question."""
    flagged: bool
    """The panel disagrees on at least one question (spread at the session's threshold)."""
    flagged_questions: tuple[str, ...] = ()


def sift_total(scores_by_question: Mapping[str, Sequence[int]], threshold: int) -> SiftTotal:
    """Totals and disagreement for one applicant: `scores_by_question` holds only submitted scores."""
    means = [sum(scores) / len(scores) for scores in scores_by_question.values() if scores]
    spreads = [max(scores) - min(scores) for scores in scores_by_question.values() if len(scores) >= 2]
    flagged = tuple(q for q, scores in scores_by_question.items() if len(scores) >= 2 and max(scores) - min(scores) >= threshold)
    return SiftTotal(
        total=sum(means) if means else None,
        spread=max(spreads) if spreads else None,
        flagged=bool(flagged),
        flagged_questions=flagged,
    )


def ranks(totals: Sequence[float | None]) -> list[tuple[int | None, bool]]:
    """(rank, tied) for each total, highest first: ties share a rank (1, 2, 2, 4) and are named, never broken."""
    keys = [None if t is None else round(t, 9) for t in totals]
    present = [k for k in keys if k is not None]
    result: list[tuple[int | None, bool]] = []
    for key in keys:
        if key is None:
            result.append((None, False))
        else:
            result.append((1 + sum(1 for other in present if other > key), present.count(key) > 1))
    return result


def next_applicant_code(applicants: Iterable[Applicant]) -> str:
    """A01, A02...: the next free code."""
    used = {a.code.upper() for a in applicants}
    n = 1
    while f"A{n:02d}" in used:
        n += 1
    return f"A{n:02d}"
