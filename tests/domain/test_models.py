"""The models' validation rules, each with the exact sentence a person reads.

Screens and the CLI show `plain_message(error)` for a pydantic error, so the
sentence is the behaviour under test, not pydantic's own wording.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from pydantic import BaseModel, ValidationError

from panel_tui.domain.models import (
    SCALE_PRESETS,
    AgreedScore,
    AuditEvent,
    Briefing,
    Candidate,
    Comment,
    Conflict,
    ConflictKind,
    Decision,
    Group,
    Outcome,
    PanelMember,
    Question,
    QuestionStatus,
    Reconciliation,
    Revision,
    Role,
    Scale,
    ScoreSheet,
    Session,
    SheetStatus,
    SignOff,
    default_threshold,
    now,
    revise,
    sheet_id,
)
from panel_tui.domain.validation import plain_message

THREE = ["Low", "Middle", "High"]
LABELS = {"volunteer": "Volunteer", "member": "Member", "staff": "Staff"}


def refused(build: Callable[[], object]) -> str:
    """The plain sentence for a model that must not be made."""
    with pytest.raises(ValidationError) as caught:
        build()
    return plain_message(caught.value)


def without(group: str) -> dict[str, str]:
    return {k: v for k, v in LABELS.items() if k != group}


# Every rule and its sentence ----------------------------------------------------------

RULES: list[tuple[str, Callable[[], object], str]] = [
    # names
    ("empty member name", lambda: PanelMember(name="", group="member"), "The name cannot be empty."),
    ("blank member name", lambda: PanelMember(name="   ", group="member"), "The name cannot be empty."),
    ("tab and newline name", lambda: PanelMember(name="\t\n ", group="staff"), "The name cannot be empty."),
    ("blank candidate name", lambda: Candidate(name=" ", code="C01"), "The name cannot be empty."),
    ("no name at all", lambda: PanelMember(group="member"), "The name is needed."),
    # the vacancy
    ("empty vacancy", lambda: Session(vacancy=""), "The vacancy cannot be empty."),
    ("blank vacancy", lambda: Session(vacancy="  \n"), "The vacancy cannot be empty."),
    # candidate codes
    ("empty code", lambda: Candidate(name="Casey", code=""), "The candidate code cannot be empty."),
    ("blank code", lambda: Candidate(name="Casey", code="   "), "The candidate code cannot be empty."),
    # the scale
    ("too few labels", lambda: Scale(low=0, high=4, labels=THREE),
     "A scale from 0 to 4 needs 5 labels, one for each point."),
    ("too many labels", lambda: Scale(low=1, high=2, labels=THREE),
     "A scale from 1 to 2 needs 2 labels, one for each point."),
    ("high equal to low", lambda: Scale(low=3, high=3, labels=["Only"]),
     "The top of the scale must be above the bottom."),
    ("high below low", lambda: Scale(low=4, high=2, labels=THREE),
     "The top of the scale must be above the bottom."),
    ("blank label", lambda: Scale(low=0, high=2, labels=["Low", " ", "High"]), "Each scale label cannot be empty."),
    ("top beyond 10", lambda: Scale(low=0, high=11, labels=["x"] * 12), "The top of the scale must be at most 10."),
    ("bottom below 0", lambda: Scale(low=-1, high=3, labels=["x"] * 5), "The bottom of the scale must be at least 0."),
    # the disagreement threshold
    ("threshold wider than 0-4", lambda: Session(vacancy="X", divergence_threshold=5),
     "The disagreement threshold cannot be wider than the scale."),
    ("threshold wider than 1-3", lambda: Session(vacancy="X", scale=Scale(low=1, high=3, labels=THREE), divergence_threshold=3),
     "The disagreement threshold cannot be wider than the scale."),
    ("threshold of 0", lambda: Session(vacancy="X", divergence_threshold=0), "The disagreement threshold must be at least 1."),
    # group labels
    ("volunteer label missing", lambda: Session(vacancy="X", group_labels=without("volunteer")), "Every group needs a label."),
    ("member label missing", lambda: Session(vacancy="X", group_labels=without("member")), "Every group needs a label."),
    ("staff label missing", lambda: Session(vacancy="X", group_labels=without("staff")), "Every group needs a label."),
    ("blank group label", lambda: Session(vacancy="X", group_labels={**LABELS, "staff": " "}), "Each group label cannot be empty."),
    # groups and roles
    ("unknown group", lambda: PanelMember(name="Ann", group="service user"),
     "The group must be one of: 'volunteer', 'member' or 'staff'."),
    ("unknown role", lambda: PanelMember(name="Ann", group="member", role="boss"),
     "The role must be one of: 'chair', 'panel' or 'observer'."),
    # anything else
    ("an unknown field", lambda: PanelMember(name="Ann", group="member", nickname="A"), "The nickname is not valid."),
    ("a date that is not a date", lambda: Session(vacancy="X", retention_until="soon"),
     "The date to keep details until must be a date written like 2027-06-30."),
]


@pytest.mark.parametrize(("build", "sentence"), [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_each_rule_refuses_with_its_sentence(build: Callable[[], object], sentence: str) -> None:
    assert refused(build) == sentence


def test_what_the_rules_allow() -> None:
    assert Session(vacancy="X", scale=Scale(low=1, high=3, labels=THREE), divergence_threshold=2).divergence_threshold == 2
    assert Scale(low=0, high=1, labels=["No", "Yes"]).points == range(0, 2)
    assert PanelMember(name="  Ann  ", group="member").name == "Ann", "names are trimmed, not refused"
    assert Candidate(name="Casey", code=" C01 ").code == "C01"
    assert Session(vacancy="X").group_label(Group.MEMBER) == "Member"


def test_the_scale_describes_itself_in_plain_words() -> None:
    scale = Scale(low=1, high=5, labels=["a", "b", "c", "d", "e"])
    assert scale.describe() == "Scores on this panel go from 1 to 5."
    assert scale.label(1) == "a" and scale.label(5) == "e"
    assert list(scale.points) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(("low", "high", "threshold"), [(0, 1, 1), (1, 2, 1), (0, 2, 2), (0, 4, 2), (1, 5, 2), (1, 7, 3), (0, 10, 3)])
def test_the_default_threshold_always_fits_its_scale(low: int, high: int, threshold: int) -> None:
    scale = Scale(low=low, high=high, labels=["x"] * (high - low + 1))
    assert default_threshold(scale) == threshold
    Session(vacancy="X", scale=scale, divergence_threshold=default_threshold(scale))  # accepted


# revise -------------------------------------------------------------------------------


def test_revise_validates_again_with_the_same_sentences() -> None:
    session = Session(vacancy="Peer mentor")
    assert refused(lambda: revise(session, vacancy=" ")) == "The vacancy cannot be empty."
    assert refused(lambda: revise(session, divergence_threshold=9)) == "The disagreement threshold cannot be wider than the scale."
    assert refused(lambda: revise(session, group_labels={"member": "Member"})) == "Every group needs a label."
    assert refused(lambda: revise(Candidate(name="Casey", code="C01"), code="")) == "The candidate code cannot be empty."
    assert refused(lambda: revise(Scale(), high=3)) == "A scale from 0 to 3 needs 4 labels, one for each point."
    member = PanelMember(name="Ann", group="member")
    assert refused(lambda: revise(member, name="")) == "The name cannot be empty."
    assert refused(lambda: revise(member, group="boss")).startswith("The group must be one of")


def test_revise_makes_a_new_model_and_leaves_the_old_one_alone() -> None:
    member = PanelMember(name="Ann", group="member")
    renamed = revise(member, name=" Ann Lee ")
    assert renamed.name == "Ann Lee" and renamed.id == member.id
    assert member.name == "Ann"
    with pytest.raises(ValidationError):
        member.name = "Changed in place"  # type: ignore[misc]


# Score sheet ids ------------------------------------------------------------------------


def test_a_sheet_id_is_derived_from_its_member_and_candidate() -> None:
    sheet = ScoreSheet(member_id="m1", candidate_id="c1")
    assert sheet.id == sheet_id("m1", "c1") == "m1.c1"
    assert ScoreSheet(id="m1.c1", member_id="m1", candidate_id="c1").id == "m1.c1"
    assert sheet.status is SheetStatus.DRAFT and not sheet.submitted


def test_a_mismatched_sheet_id_is_refused() -> None:
    mismatch = "A score sheet's id must match its panel member and candidate."
    assert refused(lambda: ScoreSheet(id="m2.c1", member_id="m1", candidate_id="c1")) == mismatch
    sheet = ScoreSheet(member_id="m1", candidate_id="c1")
    assert refused(lambda: revise(sheet, member_id="m2")) == mismatch, "a sheet cannot be handed to someone else"
    assert refused(lambda: revise(sheet, candidate_id="c2")) == mismatch


# Time and JSON ---------------------------------------------------------------------------


def every_model() -> list[BaseModel]:
    stamp = now()
    return [
        Session(vacancy="Peer mentor", retention_until=date(2027, 6, 30), anonymised=True),
        PanelMember(name="Ann", group="member", role=Role.CHAIR, pin_hash="scrypt$00$00", plain_language=True),
        Candidate(name="Casey", code="C01", slot="10:00", adjustments="Step-free room"),
        Question(
            text="Tell us about a time you listened?",
            anchors={0: "No example", 4: "A clear example"},
            guidance=["Listens"],
            status=QuestionStatus.AGREED,
            revisions=[Revision(by="m", before="old", after="new")],
            comments=[Comment(by="m", text="Good one")],
            imported_groups=[Group.MEMBER],
        ),
        ScoreSheet(member_id="m", candidate_id="c", scores={"q": 3}, notes={"q": "ok"},
                   status=SheetStatus.SUBMITTED, submitted_at=stamp, entered_by="Chair"),
        AgreedScore(candidate_id="c", question_id="q", score=2, reason="Discussed", by="m"),
        Reconciliation(candidate_id="c", opened_by="m", missing_reasons={"x": "absent"},
                       sign_off=SignOff.CHAIR_DECISION, dissent=["y"], signed_off_at=stamp),
        Outcome(candidate_id="c", decision=Decision.NOT_APPOINTED, feedback="Thank you", final=True, by="m"),
        Conflict(member_id="m", candidate_id="c", kind=ConflictKind.SOFT, relation="peer"),
        Briefing(member_id="m", statement="Stays in the room."),
        AuditEvent(actor_id="m", actor_name="Ann", action="saved a score", target="C01", before=None, after={"q": 3}),
    ]


def datetimes_of(model: BaseModel) -> list[tuple[str, object]]:
    found = []
    for name in type(model).model_fields:
        value = getattr(model, name)
        if hasattr(value, "utcoffset") and hasattr(value, "hour"):
            found.append((name, value))
        if isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel):
                    found += datetimes_of(item)
    return found


TIMED = [m for m in every_model() if not isinstance(m, PanelMember | Candidate)]


@pytest.mark.parametrize("model", TIMED, ids=lambda m: type(m).__name__)
def test_every_time_is_timezone_aware_utc_before_and_after_json(model: BaseModel) -> None:
    again = type(model).model_validate(model.model_dump(mode="json"))
    stamps = datetimes_of(model) + datetimes_of(again)
    assert stamps, "this model records when"
    for name, value in stamps:
        assert value.utcoffset() == timedelta(0), name  # type: ignore[attr-defined]


@pytest.mark.parametrize("model", every_model(), ids=lambda m: type(m).__name__)
def test_json_round_trips_to_an_equal_model(model: BaseModel) -> None:
    data = model.model_dump(mode="json")
    again = type(model).model_validate(data)
    assert again == model
    assert again.model_dump(mode="json") == data


def test_json_keeps_the_types_that_matter() -> None:
    question = Question(text="Q?", anchors={0: "None", 4: "Strong"})
    data = question.model_dump(mode="json")
    assert data["anchors"] == {"0": "None", "4": "Strong"}, "JSON keys are text"
    assert Question.model_validate(data).anchors == {0: "None", 4: "Strong"}, "and come back as points"
    session = Session.model_validate(Session(vacancy="X", retention_until=date(2027, 6, 30)).model_dump(mode="json"))
    assert session.retention_until == date(2027, 6, 30)
    assert session.group_labels[Group.STAFF] == "Staff"
    assert session.created_at.isoformat().endswith("+00:00")


def test_the_presets_are_valid_scales_with_fitting_thresholds() -> None:
    for scale in SCALE_PRESETS.values():
        Session(vacancy="X", scale=scale, divergence_threshold=default_threshold(scale))
