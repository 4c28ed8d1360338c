"""The vocabulary of a hiring round as pydantic models.

Models are frozen: a change is a new model, made with `revise`, which
validates again. That keeps the rules honest (nothing edits a submitted sheet
in place) and makes every model safe to hand to a screen.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


def now() -> datetime:
    """Timezone-aware UTC, so files from different machines sort correctly."""
    return datetime.now(UTC)


def new_id() -> str:
    """Our own ids: TinyDB's counters are reused after a delete and race across processes.

    64 random bits: unique enough for any session, and short, because every
    save rewrites the whole file and ids are most of a score sheet's bytes.
    """
    return secrets.token_hex(8)


def _required_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("cannot be empty")
    return value


def _tidy(value: str) -> str:
    return value.strip()


RequiredText = Annotated[str, AfterValidator(_required_text)]
Text = Annotated[str, AfterValidator(_tidy)]


class Group(StrEnum):
    """Who a panel member is, for the panel's balance. Labels can be renamed per session."""

    VOLUNTEER = "volunteer"
    MEMBER = "member"
    STAFF = "staff"


class Role(StrEnum):
    CHAIR = "chair"
    PANEL = "panel"
    OBSERVER = "observer"


ROLE_LABELS: dict[Role, str] = {
    Role.CHAIR: "Chair",
    Role.PANEL: "Panel member",
    Role.OBSERVER: "HR / observer",
}


class Stage(StrEnum):
    SETUP = "setup"
    QUESTIONS = "questions"
    INTERVIEWS = "interviews"
    RECONCILING = "reconciling"
    FINISHED = "finished"


STAGE_LABELS: dict[Stage, str] = {
    Stage.SETUP: "Setting up",
    Stage.QUESTIONS: "Writing questions",
    Stage.INTERVIEWS: "Interviewing",
    Stage.RECONCILING: "Agreeing scores",
    Stage.FINISHED: "Finished",
}


class QuestionStatus(StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    WITHDRAWN = "withdrawn"


class SheetStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Decision(StrEnum):
    APPOINT = "appoint"
    RESERVE = "reserve"
    NOT_APPOINTED = "not appointed"
    WITHDREW = "withdrew"


class SignOff(StrEnum):
    CONSENSUS = "panel consensus"
    CHAIR_DECISION = "chair's decision, dissent noted"


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


M = TypeVar("M", bound=Model)


def revise(model: M, **changes: Any) -> M:
    """A changed copy, validated again (pydantic's model_copy does not validate)."""
    data = model.model_dump()
    data.update(changes)
    return type(model).model_validate(data)


DEFAULT_LABELS = ["No evidence", "Limited", "Some", "Good", "Strong"]
DEFAULT_GROUP_LABELS: dict[Group, str] = {
    Group.VOLUNTEER: "Volunteer",
    Group.MEMBER: "Member",
    Group.STAFF: "Staff",
}
DEFAULT_CONFIDENTIALITY = (
    "What you hear and score today stays in this room. "
    "Do not talk about candidates or scores outside the panel."
)


class Scale(Model):
    """The points a score may take, each with a label a panel member reads."""

    low: int = Field(default=0, ge=0, le=10)
    high: int = Field(default=4, ge=1, le=10)
    labels: list[RequiredText] = Field(default_factory=lambda: list(DEFAULT_LABELS))

    @model_validator(mode="after")
    def _labels_fit(self) -> Self:
        if self.high <= self.low:
            raise ValueError("the top of the scale must be above the bottom")
        if len(self.labels) != self.high - self.low + 1:
            raise ValueError(
                f"a scale from {self.low} to {self.high} needs "
                f"{self.high - self.low + 1} labels, one for each point"
            )
        return self

    @property
    def points(self) -> range:
        return range(self.low, self.high + 1)

    def label(self, point: int) -> str:
        return self.labels[point - self.low]

    def describe(self) -> str:
        return f"Scores on this panel go from {self.low} to {self.high}."


def default_threshold(scale: Scale) -> int:
    """Spread that counts as disagreement: 2 on 0-4 and 1-5 scales, 3 on wider ones."""
    return 3 if scale.high - scale.low >= 6 else min(2, scale.high - scale.low)


class Session(Model):
    """One hiring round: the details the chair sets up."""

    id: str = Field(default_factory=new_id)
    vacancy: RequiredText
    organisation: Text = ""
    stage: Stage = Stage.SETUP
    scale: Scale = Field(default_factory=Scale)
    divergence_threshold: int = Field(default=2, ge=1, le=10)
    group_labels: dict[Group, RequiredText] = Field(
        default_factory=lambda: dict(DEFAULT_GROUP_LABELS)
    )
    questions_locked: bool = False
    anonymised: bool = False
    pseudonymous: bool = True
    confidentiality: Text = DEFAULT_CONFIDENTIALITY
    retention_until: date | None = None
    created_at: datetime = Field(default_factory=now)

    @model_validator(mode="after")
    def _every_group_labelled(self) -> Self:
        missing = [g for g in Group if g not in self.group_labels]
        if missing:
            raise ValueError("every group needs a label")
        if self.divergence_threshold > self.scale.high - self.scale.low:
            raise ValueError(
                "the disagreement threshold cannot be wider than the scale"
            )
        return self

    def group_label(self, group: Group) -> str:
        return self.group_labels[group]


class PanelMember(Model):
    id: str = Field(default_factory=new_id)
    name: RequiredText
    group: Group
    role: Role = Role.PANEL
    pin_hash: str | None = None
    access_needs: Text = ""
    plain_language: bool = False

    @property
    def scores(self) -> bool:
        """Observers (HR) export but do not score."""
        return self.role is not Role.OBSERVER


class Revision(Model):
    by: str
    at: datetime = Field(default_factory=now)
    before: str
    after: str


class Comment(Model):
    id: str = Field(default_factory=new_id)
    by: str
    at: datetime = Field(default_factory=now)
    text: RequiredText


class Question(Model):
    id: str = Field(default_factory=new_id)
    text: RequiredText
    plain_text: Text = ""
    guidance: list[RequiredText] = Field(default_factory=list)
    criterion: Text = ""
    follow_ups: list[RequiredText] = Field(default_factory=list)
    anchors: dict[int, RequiredText] = Field(default_factory=dict)
    authors: list[str] = Field(default_factory=list)
    status: QuestionStatus = QuestionStatus.PROPOSED
    position: int = 0
    revisions: list[Revision] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list)
    supporters: list[str] = Field(default_factory=list)
    imported_groups: list[Group] = Field(default_factory=list)
    """Groups of the authors of a question imported from a bank (their names are not kept)."""
    created_at: datetime = Field(default_factory=now)


class Candidate(Model):
    id: str = Field(default_factory=new_id)
    name: RequiredText
    code: RequiredText
    slot: Text = ""
    adjustments: Text = ""
    position: int = 0


def sheet_id(member_id: str, candidate_id: str) -> str:
    """One sheet per member and candidate, even when two terminals create it at once."""
    return f"{member_id}.{candidate_id}"


class ScoreSheet(Model):
    """One panel member's scores and notes for one candidate."""

    id: str = ""
    member_id: str
    candidate_id: str
    scores: dict[str, int] = Field(default_factory=dict)
    notes: dict[str, str] = Field(default_factory=dict)
    status: SheetStatus = SheetStatus.DRAFT
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    submitted_at: datetime | None = None
    entered_by: str | None = None

    @model_validator(mode="after")
    def _derive_id(self) -> Self:
        expected = sheet_id(self.member_id, self.candidate_id)
        if self.id and self.id != expected:
            raise ValueError("a score sheet's id must match its panel member and candidate")
        if not self.id:
            object.__setattr__(self, "id", expected)
        return self

    @property
    def submitted(self) -> bool:
        return self.status is SheetStatus.SUBMITTED


class ConflictKind(StrEnum):
    HARD = "hard"
    """Cannot score this candidate."""
    SOFT = "soft"
    """May score; the declaration is shown in reconciliation and exports."""


CONFLICT_RELATIONS = ("peer", "friend", "colleague", "support worker", "family", "other")


class Conflict(Model):
    """A panel member's declared link to a candidate."""

    member_id: str
    candidate_id: str
    kind: ConflictKind
    relation: RequiredText
    detail: Text = ""
    declared_at: datetime = Field(default_factory=now)

    @property
    def id(self) -> str:
        return sheet_id(self.member_id, self.candidate_id)


class Briefing(Model):
    """A panel member confirmed the confidentiality statement before first scoring."""

    member_id: str
    statement: str
    confirmed_at: datetime = Field(default_factory=now)

    @property
    def id(self) -> str:
        return self.member_id


def agreed_id(candidate_id: str, question_id: str) -> str:
    return f"{candidate_id}.{question_id}"


class AgreedScore(Model):
    """What the panel agreed for one question and candidate: beside the independent scores, never over them."""

    id: str = ""
    candidate_id: str
    question_id: str
    score: int
    reason: Text = ""
    by: str
    at: datetime = Field(default_factory=now)

    @model_validator(mode="after")
    def _derive_id(self) -> Self:
        if not self.id:
            object.__setattr__(self, "id", agreed_id(self.candidate_id, self.question_id))
        return self


class Reconciliation(Model):
    """The chair opened agreement for a candidate; missing sheets each need a reason."""

    candidate_id: str
    opened_by: str
    opened_at: datetime = Field(default_factory=now)
    missing_reasons: dict[str, RequiredText] = Field(default_factory=dict)
    """Panel member id -> why their sheet is missing (e.g. absent)."""
    sign_off: SignOff | None = None
    dissent: list[str] = Field(default_factory=list)
    """Panel member ids who dissented from the chair's decision, when they chose to be named."""
    dissent_note: Text = ""
    signed_off_at: datetime | None = None

    @property
    def id(self) -> str:
        return self.candidate_id


class Outcome(Model):
    candidate_id: str
    decision: Decision
    feedback: Text = ""
    """Feedback notes for the candidate."""
    final: bool = False
    """Once final, agreed scores for this candidate can no longer be revised."""
    by: str
    at: datetime = Field(default_factory=now)


class PinAttempts(Model):
    """Wrong PIN tries for one panel member, kept in the session so every terminal continues the count."""

    member_id: str
    failures: int = Field(default=0, ge=0)
    """Wrong tries since the last wait (or the last right PIN)."""
    waits: int = Field(default=0, ge=0)
    """How many waits this member has had: each one is longer than the last."""
    wait_until: datetime | None = None

    @property
    def id(self) -> str:
        return self.member_id


class AuditEvent(Model):
    """Append-only: who did what, when, from what to what.

    `target` is for people to read; the ids say for certain what the event is
    about, so rules, exports and the purge never match on display text (names
    repeat, codes are reused, "/" and "," appear in names).
    """

    id: str = Field(default_factory=new_id)
    at: datetime = Field(default_factory=now)
    actor_id: str
    actor_name: str
    action: str
    target: str = ""
    before: Any = None
    after: Any = None
    record: str | None = None
    """The record changed, as "kind:id" (for example "members:ab12"); "session" for the details."""
    member_id: str | None = None
    """The panel member the event concerns (whose sheet, who was changed), if any."""
    candidate_id: str | None = None
    question_id: str | None = None


SCALE_PRESETS: dict[str, Scale] = {
    "0-4": Scale(low=0, high=4, labels=DEFAULT_LABELS),
    "1-5": Scale(low=1, high=5, labels=["No evidence", "Limited", "Some", "Good", "Strong"]),
    "1-7": Scale(
        low=1,
        high=7,
        labels=["No evidence", "Very limited", "Limited", "Some", "Good", "Very good", "Outstanding"],
    ),
}
"""The scales panels commonly use; the chair can relabel every point."""
