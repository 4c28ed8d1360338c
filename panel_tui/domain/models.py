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
    """A date the chair set by hand; when None, the retention date is `retention_months` after the last outcome."""
    retention_months: int = Field(default=6, ge=3, le=12)
    """How long personal data is kept after the round's last outcome (the chair chooses 3 to 12)."""
    legal_hold: Text = ""
    """Why personal data must be kept (a claim, a complaint): while set, nothing is purged."""
    panel_difference: Text = ""
    """The chair's own words on what changed because of the panel: shown in every "you said, we did"."""
    sift_opened_at: datetime | None = None
    """When the chair opened the sift of written applications (redaction is done before)."""
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


class Wording(StrEnum):
    """The versions of a question's words a person may read, hardest first."""

    AS_WRITTEN = "as written"
    PLAIN = "plain words"
    EASY_READ = "Easy Read"


WORDING_SHOWN: dict[Wording, str] = {
    Wording.AS_WRITTEN: "As written",
    Wording.PLAIN: "In plain words",
    Wording.EASY_READ: "In Easy Read",
}
"""What to call the version on screen, before its words."""

WORDING_OFFERED: dict[Wording, str] = {
    Wording.AS_WRITTEN: "the question as written",
    Wording.PLAIN: "plain words",
    Wording.EASY_READ: "the Easy Read version",
}
"""What to call a version when offering it ("Press L for ...")."""


class Format(StrEnum):
    """How a panel member takes part: the full screen, plain lines (for screen readers), or large print."""

    FULL_SCREEN = "full screen"
    PLAIN = "plain"
    LARGE_PRINT = "large print"


FORMAT_LABELS: dict[Format, str] = {
    Format.FULL_SCREEN: "Full screen",
    Format.PLAIN: "Plain mode (screen readers)",
    Format.LARGE_PRINT: "Large print",
}
"""What the profile form calls each format."""

MAX_EXTRA_MINUTES = 120


class AccessProfile(Model):
    """'Working with me': how a panel member likes to take part, in their own choice of words.

    Filled in by the member, or by the chair or HR with them. Applied when
    they sign in (the scoring screen starts in their wording, moving on or
    not, with a timer or none); shown to the chair and HR for
    planning; never in an export (see `panel_tui.export.redact.PROFILE_KEYS`).
    Every field has a default, so a member with no profile reads as one
    who asked for nothing.
    """

    format: Format = Format.FULL_SCREEN
    """The way they prefer to take part."""
    wording: Wording = Wording.AS_WRITTEN
    """The version of each question shown first: as written, plain words or Easy Read."""
    auto_advance: bool = True
    """Move on to the next question after each score."""
    timer: bool = True
    """Show the interview timer."""
    extra_minutes: int = Field(default=0, ge=0, le=MAX_EXTRA_MINUTES)
    """Minutes added to the interview timer for them."""
    breaks: Text = ""
    """The breaks they need, in their words ("every 30 minutes")."""
    anything_else: Text = ""
    """Anything else, in their own words (what 0.1 called access needs)."""

    def summary(self) -> str:
        """For the chair's planning, in one line: "Easy Read · no timer · +10 min · breaks: every 30 min".

        "" when they asked for nothing different. Anything else in their own
        words is left to its own line: it can be long.
        """
        parts = []
        if self.format is Format.PLAIN:
            parts.append("plain mode")
        elif self.format is Format.LARGE_PRINT:
            parts.append("large print")
        if self.wording is not Wording.AS_WRITTEN:
            parts.append(str(self.wording))
        if not self.auto_advance:
            parts.append("auto-advance off")
        if not self.timer:
            parts.append("no timer")
        if self.extra_minutes:
            parts.append(f"+{self.extra_minutes} min")
        if self.breaks:
            parts.append(f"breaks: {self.breaks}")
        return " · ".join(parts)


def _fold_plain_language(wording: Any, plain: Any) -> Any:
    """0.1's tick "plain words first": ticked reads as plain words (an Easy Read choice stays), unticked as written."""
    if not isinstance(plain, bool):
        raise ValueError("plain_language must be true or false")
    if not plain:
        return Wording.AS_WRITTEN
    if wording is None or Wording(wording) is Wording.AS_WRITTEN:
        return Wording.PLAIN
    return wording


class PanelMember(Model):
    id: str = Field(default_factory=new_id)
    name: RequiredText
    group: Group
    role: Role = Role.PANEL
    pin_hash: str | None = None
    profile: AccessProfile = Field(default_factory=AccessProfile)
    """How they like to work ("working with me"): never in an export."""

    @model_validator(mode="before")
    @classmethod
    def _fold_old_fields(cls, data: Any) -> Any:
        """Files and callers from before the profile: `access_needs` and `plain_language` read into it.

        A session file written before the profile existed holds those two
        fields on each member; they are read as the profile's `anything_else`
        and `wording`, so the file opens unchanged (nothing is written on
        opening) and the next save writes the profile instead. A caller may
        still pass them (`revise(member, access_needs=...)`), and they land
        in the profile the same way, beside any profile given.
        """
        if not isinstance(data, dict) or not (_OLD_FIELDS & data.keys()):
            return data
        data = dict(data)
        profile = data.get("profile") or {}
        if isinstance(profile, AccessProfile):
            profile = profile.model_dump()
        if not isinstance(profile, dict):
            return data  # not a profile at all: refused as it is, by the fields' own checks
        profile = dict(profile)
        if "access_needs" in data:
            profile["anything_else"] = data.pop("access_needs")
        if "plain_language" in data:
            profile["wording"] = _fold_plain_language(profile.get("wording"), data.pop("plain_language"))
        data["profile"] = profile
        return data

    @property
    def access_needs(self) -> str:
        """Anything else they asked for, in their own words: the profile's `anything_else`."""
        return self.profile.anything_else

    @property
    def plain_language(self) -> bool:
        """Whether they read questions in plain words or Easy Read first (0.1's tick)."""
        return self.profile.wording is not Wording.AS_WRITTEN

    @property
    def scores(self) -> bool:
        """Observers (HR) export but do not score."""
        return self.role is not Role.OBSERVER


_OLD_FIELDS = frozenset({"access_needs", "plain_language"})
"""A panel member's fields before the access profile: read into it (`PanelMember._fold_old_fields`)."""


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
    easy_read: Text = ""
    """The question in Easy Read (short sentences, one idea each, everyday words); "" when none.

    Optional with a default, so a session file or bank written before it existed reads unchanged.
    """
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
    sift: bool = False
    """A sift question (asked of written applications before the interviews), not an interview question."""
    created_at: datetime = Field(default_factory=now)

    @property
    def wordings(self) -> tuple[Wording, ...]:
        """The versions this question has, in the order L (or w in plain mode) goes through them."""
        return tuple(w for w in Wording if self.words(w))

    def words(self, wording: Wording) -> str:
        """The words of one version; "" when the question has no such version."""
        if wording is Wording.PLAIN:
            return self.plain_text
        if wording is Wording.EASY_READ:
            return self.easy_read
        return self.text

    def shown_wording(self, wanted: Wording) -> Wording:
        """The version to show a person who wants `wanted`: it, or the nearest one written before it.

        Easy Read falls back to plain words, then to the question as written;
        plain words to the question as written (every question has that).
        """
        order = list(Wording)
        for wording in reversed(order[: order.index(wanted) + 1]):
            if self.words(wording):
                return wording
        return Wording.AS_WRITTEN

    def next_wording(self, shown: Wording) -> Wording:
        """The version after `shown` among those this question has, round to the first again."""
        have = self.wordings
        if shown not in have:
            return have[0]
        return have[(have.index(shown) + 1) % len(have)]


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
