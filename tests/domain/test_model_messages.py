"""Every validation rule of the models, with the message a person sees.

Screens and the CLI show `plain_message(error)` for pydantic errors and
`str(error)` for domain errors, so these are the exact words users read.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError

from panel_tui.domain.errors import DuplicateCode, InvalidValue, ScoreOutOfScale, UnknownMember
from panel_tui.domain.models import (
    AgreedScore,
    Candidate,
    Group,
    PanelMember,
    Question,
    Scale,
    ScoreSheet,
    Session,
    revise,
)
from panel_tui.domain.panel import check_code_free, next_code
from panel_tui.domain.pins import check_pin_format
from panel_tui.domain.scoring import check_score
from panel_tui.domain.state import SessionState
from panel_tui.domain.validation import plain_message


def message(build) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        build()
    return plain_message(caught.value)


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_an_empty_name_is_refused(name: str) -> None:
    assert message(lambda: PanelMember(name=name, group=Group.MEMBER)) == "The name cannot be empty."
    assert message(lambda: Candidate(name=name, code="C01")) == "The name cannot be empty."


def test_names_are_tidied_but_kept_as_typed() -> None:
    member = PanelMember(name="  Ann [bold]Lee[/bold] ", group="member")
    assert member.name == "Ann [bold]Lee[/bold]"


def test_an_empty_vacancy_and_candidate_code_are_refused() -> None:
    assert message(lambda: Session(vacancy=" ")) == "The vacancy cannot be empty."
    assert message(lambda: Candidate(name="Ann", code="")) == "The candidate code cannot be empty."


def test_an_unknown_group_or_role_is_refused_with_the_choices() -> None:
    assert message(lambda: PanelMember(name="Ann", group="service")) == "The group must be one of: 'volunteer', 'member' or 'staff'."
    assert "The role must be one of" in message(lambda: PanelMember(name="Ann", group="member", role="boss"))


def test_the_scale_needs_a_label_for_every_point() -> None:
    assert message(lambda: Scale(low=0, high=4, labels=["a", "b"])) == "A scale from 0 to 4 needs 5 labels, one for each point."
    assert message(lambda: Scale(low=3, high=3, labels=["a"])) == "The top of the scale must be above the bottom."
    assert message(lambda: Scale(low=0, high=2, labels=["a", "", "c"])) == "Each scale label cannot be empty."


def test_the_threshold_must_fit_the_scale() -> None:
    assert message(lambda: Session(vacancy="X", divergence_threshold=5)) == "The disagreement threshold cannot be wider than the scale."
    assert message(lambda: Session(vacancy="X", divergence_threshold=0)) == "The disagreement threshold must be at least 1."
    assert message(lambda: Session(vacancy="X", divergence_threshold="two")) == "The disagreement threshold must be a whole number."


def test_every_group_needs_a_label() -> None:
    assert message(lambda: Session(vacancy="X", group_labels={"member": "M"})) == "Every group needs a label."
    assert message(lambda: Session(vacancy="X", group_labels={"member": "", "staff": "S", "volunteer": "V"})) == "Each group label cannot be empty."


def test_an_empty_question_is_refused() -> None:
    assert message(lambda: Question(text="  ")) == "The question cannot be empty."


def test_a_sheet_id_must_match_its_member_and_candidate() -> None:
    assert ScoreSheet(member_id="m", candidate_id="c").id == "m.c"
    assert message(lambda: ScoreSheet(id="x.y", member_id="m", candidate_id="c")) == (
        "A score sheet's id must match its panel member and candidate."
    )


def test_revise_validates_again() -> None:
    member = PanelMember(name="Ann", group="member")
    with pytest.raises(ValidationError):
        revise(member, name="")
    assert revise(member, name="Ann Lee").name == "Ann Lee"


def test_times_are_utc_and_models_round_trip_through_json() -> None:
    member = PanelMember(name="Ann", group="member")
    sheet = ScoreSheet(member_id=member.id, candidate_id="c", scores={"q": 3}, notes={"q": "ok"})
    assert sheet.created_at.utcoffset() is not None and sheet.created_at.utcoffset().total_seconds() == 0
    for model in (member, sheet, Session(vacancy="X"), AgreedScore(candidate_id="c", question_id="q", score=2, by="m")):
        assert type(model).model_validate(model.model_dump(mode="json")) == model
    assert isinstance(Session(vacancy="X").created_at, datetime)


@pytest.mark.parametrize(
    ("value", "words"),
    [(5, "5 is not on the scale."), (-1, "-1 is not on the scale."), ("x", "A score is a whole number."),
     (2.5, "A score is a whole number."), (True, "Scores on this panel go from 0 to 4.")],
)
def test_a_score_outside_the_scale(value: object, words: str) -> None:
    with pytest.raises(ScoreOutOfScale) as caught:
        check_score(Scale(), value)
    assert words in str(caught.value) and "Scores on this panel go from 0 to 4." in str(caught.value)
    assert check_score(Scale(), "3") == 3


def test_a_duplicate_candidate_code_is_refused_whatever_the_case() -> None:
    existing = [Candidate(name="Ann", code="C01")]
    with pytest.raises(DuplicateCode) as caught:
        check_code_free("c01", existing)
    assert str(caught.value) == "The code c01 is already used by another candidate."
    check_code_free("C01", existing, except_id=existing[0].id)
    assert next_code(existing) == "C02"


def test_an_unknown_panel_member_is_a_plain_message() -> None:
    with pytest.raises(UnknownMember) as caught:
        SessionState(session=Session(vacancy="X")).member("nobody")
    assert str(caught.value) == "That person is not on this panel."


@pytest.mark.parametrize("pin", ["12", "123456789", "12a4", ""])
def test_a_pin_is_four_to_eight_numbers(pin: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_pin_format(pin)
    assert str(caught.value) == "A PIN is 4 to 8 numbers."
