"""The first draft of a feedback letter (domain.letters.draft_letter): pure, over a finished round held in memory.

The round is built once through the services (tests/closing_round.py), read
back with the store, and changed in memory per test: the drafting rule, not
the saving, is what is tested here. A letter names no panel member (not even
inside an agreed reason) and compares with no other candidate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from panel_tui.domain.letters import draft_letter, names_in, without_names
from panel_tui.domain.models import AgreedScore, Outcome, revise
from panel_tui.domain.state import SessionState
from panel_tui.store import SessionFile
from tests.closing_round import MEMBER_NAMES, build_finished


@dataclass(frozen=True)
class Held:
    state: SessionState
    candidates: dict[str, str]


@pytest.fixture(scope="module")
def held(tmp_path_factory: pytest.TempPathFactory) -> Held:
    finished = build_finished(tmp_path_factory.mktemp("letters"))
    return Held(SessionFile.open(finished.path).state(), finished.candidates)


def _whole(name: str, text: str, flags: int = re.IGNORECASE) -> bool:
    return re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, name.split())) + r"(?!\w)", text, flags) is not None


def test_the_draft_goes_question_by_question_with_what_each_tests_and_the_outcome(held: Held) -> None:
    text = draft_letter(held.state, held.candidates["C02"])
    assert text.startswith("Dear Sam Okafor,")
    assert "we have not offered you the role this time" in text
    assert "Question 1: Tell us about a time you listened well to someone." in text
    assert "What this question looks at: Listening" in text
    assert "  - Gives a real example" in text
    assert "The panel agreed a score of 1 out of 4 (Limited)." in text
    assert "What this question looks at: Boundaries" in text
    assert "Why: Kind, but no supervisor named." in text
    assert text.index("Question 1") < text.index("Question 2")
    assert "Please do apply again" in text


def test_the_draft_names_no_panel_member_even_inside_a_reason(held: Held) -> None:
    text = draft_letter(held.state, held.candidates["C02"])
    for name in MEMBER_NAMES:
        assert not _whole(name, text), name
        for word in name.split():
            assert not _whole(word, text, 0), word
    assert "Why: A panel member felt the example was thin, and a panel member agreed." in text
    assert "Thank you for coming. Panel members hope you apply again." in text


def test_the_draft_compares_with_no_other_candidate(held: Held) -> None:
    state = held.state
    c02 = held.candidates["C02"]
    q1 = state.agreed_questions[0]
    agreed = state.agreed_score(c02, q1.id)
    assert agreed is not None
    state = state.with_model(revise(agreed, reason="Not as strong as Jordan Ellis (C01) here."))
    text = draft_letter(state, c02)
    assert "Jordan" not in text and "Ellis" not in text and "C01" not in text
    assert "Not as strong as another candidate (another candidate) here." in text  # the chair edits it out
    for word in ("rank", "other candidates", "total", "place"):
        assert word not in text.casefold(), word


def test_an_appointed_candidate_reads_the_offer(held: Held) -> None:
    text = draft_letter(held.state, held.candidates["C01"])
    assert "We are pleased to offer you the role." in text
    assert "We look forward to working with you." in text


def test_a_letter_needs_an_outcome(held: Held) -> None:
    state = held.state.with_records({"outcomes": ()})
    with pytest.raises(ValueError):
        draft_letter(state, held.candidates["C01"])


def test_a_name_word_is_replaced_only_as_written_and_never_the_candidate_s_own() -> None:
    text = "Hope said so. We hope it helps. Sam was clear; Jones agreed."
    assert without_names(text, ["Sam Jones", "Hope Lee"], keep=["Sam Okafor"]) == (
        "A panel member said so. We hope it helps. Sam was clear; a panel member agreed."
    )


def test_names_in_finds_whole_names_in_any_case() -> None:
    assert names_in("Thanks, dee  MORGAN.", ["Dee Morgan", "Vic Taylor"]) == ["Dee Morgan"]


# Hypothesis: random panel members' names, and reasons and feedback full of them ----------------------------

_NAME = st.from_regex(r"[A-Z][a-z]{2,8}(?:[ '-][A-Z][a-z]{1,9})?", fullmatch=True) | st.builds(
    lambda first, last: f"{first.capitalize()} {last.capitalize()}",
    st.text(st.characters(categories=["Ll"]), min_size=2, max_size=8),
    st.text(st.characters(categories=["Ll"]), min_size=2, max_size=8),
)
_FILLER = st.text(st.characters(categories=["L", "N", "P", "Zs"], exclude_characters="\x00"), max_size=30)
_RESERVED = {"a", "panel", "member", "members", "another", "candidate"}
"""The words a replacement is made of: nobody on a panel is called "Panel"."""


@st.composite
def _text_with(draw: st.DrawFn, names: list[str]) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        parts.append(draw(_FILLER))
        name = draw(st.sampled_from(names))
        parts.append(draw(st.sampled_from([name, name.upper(), name.lower(), name.split()[0], name.split()[-1]])))
        parts.append(draw(st.sampled_from([" ", ", ", "'s ", ". ", "\n", " and "])))
    return "".join(parts)


@given(data=st.data())
def test_a_draft_never_holds_a_panel_member_s_name(held: Held, data: st.DataObject) -> None:
    state = held.state
    names = data.draw(st.lists(_NAME, min_size=len(state.members), max_size=len(state.members), unique_by=str.casefold))
    words = {w.casefold() for name in names for w in name.replace("'", " ").replace("-", " ").split()}
    assume(not words & _RESERVED)
    assume(all(n.casefold() == n.casefold().strip() for n in names))
    candidate_words = {w.casefold() for c in state.candidates for w in c.name.split()} | {"c01", "c02"}
    assume(not words & candidate_words)
    for member, name in zip(state.members, names, strict=True):
        state = state.with_model(revise(member, name=name))
    c02 = held.candidates["C02"]
    plain_state = state
    for agreed in state.agreed:
        plain_state = plain_state.with_model(revise(agreed, reason=""))
    outcome = state.outcome(c02)
    assert outcome is not None
    template = draft_letter(plain_state.with_model(revise(outcome, feedback="")), c02)
    for name in names:  # the letter's own words are nobody's name
        assume(not _whole(name, template))
        assume(not any(_whole(w, template, 0) for w in name.split() if len(w) >= 2))
    for agreed in [a for a in state.agreed if a.candidate_id == c02]:
        state = state.with_model(AgreedScore.model_validate({**agreed.model_dump(), "reason": data.draw(_text_with(names))}))
    state = state.with_model(Outcome.model_validate({**outcome.model_dump(), "feedback": data.draw(_text_with(names))}))

    text = draft_letter(state, c02)

    for name in names:
        assert not _whole(name, text), (name, text)
        for word in name.split():
            if len(word) >= 2:
                assert not _whole(word, text, 0), (word, text)
