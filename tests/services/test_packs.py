"""The printable packs' read models (issue 13, point 4): what each pack holds, and who may print it."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from panel_tui.domain.errors import NotAllowed
from panel_tui.domain.models import Question, revise
from panel_tui.export.errors import NoSuchCode
from panel_tui.export.files import GIT_IGNORE
from panel_tui.services import sheet_for_scoring
from panel_tui.services.packs import (
    Pack,
    candidate_pack,
    easy_read_pack,
    packs_for,
    paper_fields,
    paper_sheet,
    print_packs,
    score_sheets,
)
from panel_tui.services.views import SessionView

GUIDANCE = "Gives a real example of listening"
ANCHOR = "Talks over the person the whole time"
CRITERION = "Listening well"
FOLLOW_UP = "How did you know they felt heard?"

Panel = Any
"""tests/services/conftest.py's Panel (the folder is not a package, so its conftest is not imported by name)."""


def _coaching_round(panel: Panel) -> Panel:
    """Two candidates; two agreed questions, the first with guidance, anchors, criterion and a follow-up."""
    svc = panel.svc
    panel.cand = svc.add_candidate("Casey Candidate")
    svc.add_candidate("Drew Second")
    q1 = svc.propose_question(
        "Tell us about a time you listened?", plain_text="When did you listen well?",
        guidance=[GUIDANCE], criterion=CRITERION, follow_ups=[FOLLOW_UP], anchors={0: ANCHOR},
    )
    q2 = svc.propose_question("How would you support someone in crisis?")
    svc.propose_question("A question never agreed?")
    for q in (q1, q2):
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    panel.questions = [q1, q2]
    return panel


@pytest.fixture
def packs_round(panel: Panel) -> Panel:
    return _coaching_round(panel)


def _all_text(pack: object) -> str:
    return repr(pack)


def test_a_candidates_pack_holds_the_questions_and_nothing_that_would_coach(packs_round: Panel) -> None:
    r = packs_round
    pack = candidate_pack(r.svc.view())
    assert pack.questions == ("Tell us about a time you listened?", "How would you support someone in crisis?")
    text = _all_text(pack)
    for coaching in (GUIDANCE, ANCHOR, CRITERION, FOLLOW_UP, "No evidence", "Strong", "A question never agreed?"):
        assert coaching not in text
    assert "Casey" not in text and "Ann Member" not in text, "no one's name"
    plain = candidate_pack(r.svc.view(), plain_words=True)
    assert plain.questions == ("When did you listen well?", "How would you support someone in crisis?")
    assert plain.plain_words


def test_packs_need_the_locked_agreed_set(panel: Panel) -> None:
    svc = panel.svc
    svc.add_candidate("Casey Candidate")
    q = svc.propose_question("Tell us about a time you listened?")
    svc.set_question_status(q.id, "agreed")
    for make in (candidate_pack, easy_read_pack, score_sheets):
        with pytest.raises(NotAllowed, match="not locked yet"):
            make(svc.view())  # type: ignore[operator]


def test_only_the_chair_and_hr_print_a_candidates_pack_and_score_sheets(packs_round: Panel) -> None:
    r = packs_round
    member = r.as_(r.ann).view()
    with pytest.raises(NotAllowed, match="Only the chair or HR"):
        candidate_pack(member)
    with pytest.raises(NotAllowed, match="Only the chair or HR"):
        score_sheets(member)
    assert easy_read_pack(member).questions, "a panel member may print the Easy Read questions"
    assert packs_for(member) == (Pack.EASY_READ,)
    for who in (r.svc, r.as_(r.hr), r.tool()):
        assert packs_for(who.view()) == (Pack.QUESTIONS, Pack.EASY_READ, Pack.SCORE_SHEETS)
        assert candidate_pack(who.view()).questions and score_sheets(who.view()).pack.sheets


def test_easy_read_pack_shows_easy_read_else_plain_words_else_the_words_with_guidance_and_scale(packs_round: Panel) -> None:
    r = packs_round
    view = r.svc.view()
    pack = easy_read_pack(view)
    assert [(q.number, q.words, q.version) for q in pack.questions] == [
        (1, "When did you listen well?", "plain words"),
        (2, "How would you support someone in crisis?", "as written"),
    ]
    assert pack.questions[0].guidance == (GUIDANCE,)
    assert [(p.value, p.label) for p in pack.scale] == [(0, "No evidence"), (1, "Limited"), (2, "Some"), (3, "Good"), (4, "Strong")]
    if "easy_read" not in Question.model_fields:
        pytest.skip("Question.easy_read is not in the model yet")
    state = view.state
    easy = revise(state.question(r.questions[0].id), easy_read="You listened to someone. Tell us about it.")
    questions = tuple(easy if q.id == easy.id else q for q in state.questions)
    pack = easy_read_pack(SessionView.build(replace(view._full, questions=questions), view.actor))
    assert (pack.questions[0].words, pack.questions[0].version) == ("You listened to someone. Tell us about it.", "easy read")


def test_one_blank_sheet_per_scorer_and_candidate_in_interview_order(packs_round: Panel) -> None:
    r = packs_round
    sheets = score_sheets(r.svc.view())
    assert sheets.left_out == ()
    got = [(s.candidate_label, s.member_name) for s in sheets.pack.sheets]
    scorers = ["Ann Member", "Bob Volunteer", "Chair Person"]  # HR does not score
    assert got == [("C01 Casey Candidate", name) for name in scorers] + [("C02 Drew Second", name) for name in scorers]
    assert (sheets.pack.low, sheets.pack.high) == (0, 4)
    first = sheets.pack.sheets[0].questions[0]
    assert [(p.value, p.label, p.anchor) for p in first.scale][:2] == [(0, "No evidence", ANCHOR), (1, "Limited", "")]


def test_a_sheets_fields_are_the_paper_entry_screens_in_the_same_order(packs_round: Panel) -> None:
    r = packs_round
    view = r.as_(r.hr).view()
    form = sheet_for_scoring(view, r.bob.id, r.cand.id)  # what the paper-entry screen opens
    printed = paper_sheet(view, r.bob.id, r.cand.id)
    expected = [(q.id, kind) for q in form.questions for kind in ("score", "note")]
    assert [(f.question_id, f.kind) for f in printed.fields] == expected
    assert [(f.question_id, f.kind) for f in paper_fields(form)] == expected
    assert [q.question_id for q in printed.questions] == [q.id for q in form.questions]
    assert (printed.member_name, printed.candidate_label) == (form.member.name, form.candidate_label)


def test_anonymised_sheets_show_the_code_alone_and_plain_words_for_who_prefers_them(packs_round: Panel) -> None:
    r = packs_round
    r.svc.update_details(anonymised=True)
    r.svc.edit_member(r.ann.id, plain_language=True)
    sheets = score_sheets(r.as_(r.hr).view(), "c01").pack.sheets
    assert {s.candidate_label for s in sheets} == {"C01"}
    assert "Casey" not in repr(sheets)
    words = {s.member_name: s.questions[0].words for s in sheets}
    assert words == {
        "Ann Member": "When did you listen well?",
        "Bob Volunteer": "Tell us about a time you listened?",
        "Chair Person": "Tell us about a time you listened?",
    }


def test_sheets_left_out_say_why(packs_round: Panel) -> None:
    r = packs_round
    cid = r.cand.id
    r.as_(r.bob).declare_conflict(cid, "hard", "friend")
    ann = r.as_(r.ann)
    ann.record_score(r.ann.id, cid, r.questions[0].id, 2)
    chair = r.svc
    for q in r.questions:
        chair.record_score(r.chair.id, cid, q.id, 3)
    chair.submit_sheet(r.chair.id, cid)
    sheets = score_sheets(r.as_(r.hr).view())
    assert [(s.candidate_label, s.member_name) for s in sheets.pack.sheets if s.candidate_id == cid] == []
    assert sheets.left_out == (
        "Bob Volunteer declared a conflict with C01, so does not score them.",
        "No paper sheet where a panel member has started scoring on screen: Ann Member for C01.",
        "No paper sheet where the sheet is already submitted: Chair Person for C01.",
    )
    assert len(sheets.pack.sheets) == 3, "C02 still gets a sheet for everyone"


def test_score_sheets_for_an_unknown_code_are_refused(packs_round: Panel) -> None:
    with pytest.raises(NoSuchCode, match="C09"):
        score_sheets(packs_round.svc.view(), "C09")


def test_print_packs_writes_owner_only_files_into_the_sessions_exports_folder(packs_round: Panel) -> None:
    r = packs_round
    printed = print_packs(r.tool())
    folder = r.path.parent / "exports" / r.path.stem
    assert printed.folder == folder
    assert [p.name for p in printed.files] == [
        "questions-large-print.html", "questions-large-print-plain-words.html",
        "questions-easy-read.html", "score-sheets.html",
    ]
    for path in printed.files:
        assert path.parent == folder and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert (folder.parent / ".gitignore").read_text() == GIT_IGNORE
    assert printed.notices == ["None of the 2 questions has an Easy Read version yet. The Easy Read pack shows the plain words, or the words as written, and says so."]
    again = print_packs(r.tool(), [Pack.SCORE_SHEETS], candidate_code="c02")
    assert [p.name for p in again.files] == ["score-sheets-C02.html"], "named by the code as the session spells it"


def test_a_panel_member_prints_the_easy_read_pack_only(packs_round: Panel, tmp_path: Path) -> None:
    r = packs_round
    printed = print_packs(r.as_(r.ann), folder=tmp_path / "mine")
    assert [p.name for p in printed.files] == ["questions-easy-read.html"]
    with pytest.raises(NotAllowed):
        print_packs(r.as_(r.ann), [Pack.SCORE_SHEETS], tmp_path / "refused")
    assert not (tmp_path / "refused").exists(), "nothing written when refused"
