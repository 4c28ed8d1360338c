""""You said, we did" through the services: each person reads only their own, once every outcome is final.

Their questions (written, improved, used), their scores beside the agreed
ones as distance only, each candidate's outcome, and the chair's words.
Never anybody else's scores or names.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from panel_tui.domain.errors import NotAllowed
from panel_tui.services import ChangedElsewhere, version_of
from panel_tui.store import SessionFile
from tests.closing_round import MEMBER_NAMES, SCORES, Finished, build_finished


@pytest.fixture
def done(tmp_path: Path) -> Finished:
    return build_finished(tmp_path / "sessions")


def _everything_shown(page: object) -> str:
    return repr(page)


def test_a_member_reads_their_questions_distances_and_outcomes(done: Finished) -> None:
    done.chair.set_panel_difference("Dee's question on listening changed who we offered the post to.")
    page = done.as_("dee").you_said()
    assert page.ready and page.name == "Dee Morgan"
    assert [(q.wrote, q.improved, q.used) for q in page.questions] == [(True, False, True), (False, True, True)]
    assert page.questions[0].words == "You wrote this question. It was used in the interviews."
    assert page.questions[1].words == "You improved this question. It was used in the interviews."
    assert [(c.label, c.outcome) for c in page.candidates] == [
        ("C01 Jordan Ellis", "Offered the role"), ("C02 Sam Okafor", "Not offered the role"),
    ]
    # Dee gave C01 [4, 2]; agreed [3, 2]. C02 [1, 3]; agreed [1, 2].
    assert [line.words for line in page.candidates[0].lines] == ["1 point higher than agreed", "the same as agreed"]
    assert [line.words for line in page.candidates[1].lines] == ["the same as agreed", "1 point higher than agreed"]
    assert page.candidates[0].sentence == "Your score was the same as agreed on 1 of 2 questions, 1 point away on 1."
    assert page.panel_difference == "Dee's question on listening changed who we offered the post to."


def test_an_unused_question_is_said_plainly(done: Finished) -> None:
    page = done.as_("vic").you_said()
    words = [q.words for q in page.questions]
    assert "You wrote this question. It was used in the interviews." in words
    assert "You wrote this question. It was not used this time." in words
    # Vic gave C01 [2, 3]; agreed [3, 2]
    assert [line.words for line in page.candidates[0].lines] == ["1 point lower than agreed", "1 point higher than agreed"]


def test_the_page_holds_only_distances_never_a_score_or_anyone_else_s_name(done: Finished) -> None:
    page = done.as_("dee").you_said()
    for candidate in page.candidates:
        for line in candidate.lines:
            assert set(vars(line)) == {"number", "question_id", "difference"}
    shown = _everything_shown(page)
    for name in MEMBER_NAMES:
        if name != "Dee Morgan":
            assert name not in shown
    for other in ("chair", "vic", "hr"):
        assert done.people[other].id not in shown


def test_nobody_reads_another_person_s_page(done: Finished) -> None:
    """`you_said` has no way to ask for someone else's: it is always the signed-in person's own."""
    vic_page = done.as_("vic").you_said()
    dee_page = done.as_("dee").you_said()
    assert vic_page.name == "Vic Taylor" and dee_page.name == "Dee Morgan"
    assert vic_page.candidates[0].lines != dee_page.candidates[0].lines
    with pytest.raises(NotAllowed, match="Sign in as yourself"):
        done.opened.as_tool("a script").you_said()


def test_hr_who_does_not_score_is_told_so(done: Finished) -> None:
    page = done.as_("hr").you_said()
    assert page.ready
    assert [c.sentence for c in page.candidates] == ["You did not score: HR and observers do not score."] * 2
    assert all(c.lines == () for c in page.candidates)


def test_not_ready_until_every_outcome_is_final(tmp_path: Path) -> None:
    done = build_finished(tmp_path / "s", final=False)
    page = done.as_("dee").you_said()
    assert not page.ready
    assert page.waiting.startswith("Not yet. Outcomes are final for 0 of 2 candidates. Still to come: C01 and C02.")
    assert page.candidates == () and page.questions == ()
    with pytest.raises(NotAllowed, match="Not yet"):
        done.as_("dee").print_you_said()


def test_in_an_anonymised_session_candidates_are_shown_by_code(done: Finished) -> None:
    done.chair.update_details(anonymised=True)
    page = done.as_("dee").you_said()
    assert [c.label for c in page.candidates] == ["C01", "C02"]
    assert "Jordan" not in repr(page)


def test_the_chair_writes_what_changed_and_only_the_chair(done: Finished) -> None:
    for who in ("dee", "vic", "hr"):
        with pytest.raises(NotAllowed, match="Only the chair"):
            done.as_(who).set_panel_difference("We did it all ourselves.")
    session = done.chair.state.session
    after = done.chair.set_panel_difference(
        "Members wrote two of the questions.", version=version_of(session, ["panel_difference"])
    )
    assert after.panel_difference == "Members wrote two of the questions."
    [event] = [e for e in SessionFile.open(done.path).audit_events() if e.action == "wrote what changed because of the panel"]
    assert (event.before, event.after) == ("", "Members wrote two of the questions.")
    with pytest.raises(ChangedElsewhere):
        done.chair.set_panel_difference("Older words.", version=version_of(session, ["panel_difference"]))


def test_a_printed_page_uses_codes_and_distances_only(done: Finished) -> None:
    done.chair.set_panel_difference("<script>alert(1)</script> Members' questions mattered.")
    path = done.as_("dee").print_you_said()
    assert path.parent == done.path.parent / "exports" / done.path.stem
    assert path.name.startswith("you-said-we-did-dee-morgan-") and path.suffix == ".html"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    page = path.read_text()
    assert "C01: Offered the role" in page and "C02: Not offered the role" in page
    assert "Jordan" not in page and "Sam Okafor" not in page
    assert "Question 1: 1 point higher than agreed" in page
    assert "&lt;script&gt;" in page and "<script" not in page
    for name in MEMBER_NAMES:
        if name != "Dee Morgan":
            assert name not in page
    for values in SCORES["C01"].values():  # no score values as such: "4 out of", "scored 4" never appear
        for value in values:
            assert f"scored {value}" not in page and f"{value} out of" not in page
