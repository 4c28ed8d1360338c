"""The sift through the services: applications in, redaction, blind sifting in each reviewer's own order, the shortlist."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from panel_tui.domain.applications_csv import ApplicationsFileProblem
from panel_tui.domain.errors import InvalidValue, NotAllowed, ScoreOutOfScale, SheetSubmitted, UnknownQuestion
from panel_tui.domain.sift import REMOVED
from panel_tui.export.safety import is_neutral
from panel_tui.export.view import ExportOptions
from panel_tui.services import PanelService

if TYPE_CHECKING:  # the fixtures come from tests/services/conftest.py
    from conftest import Panel

QUESTIONS = ["Why do you want this role?", "Tell us about listening."]
PEOPLE = [
    ("Jo Bloggs", "jo@example.org", "07700 900123"),
    ("Sam Lee", "sam@example.org", ""),
    ("Kim Po", "", "07700 900456"),
    ("Ria Das", "ria@example.org", ""),
    ("Lou Fenn", "", ""),
    ("Max Oduya", "max@example.org", "07700 900789"),
]


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def applications_file(folder: Path) -> Path:
    rows = [["Name", "Email", "Phone", *QUESTIONS]]
    for n, (name, email, phone) in enumerate(PEOPLE):
        rows.append([name, email, phone, f"Answer one of applicant {n}, I am {name}.", f"Answer two {n}. Mail {email or 'none'}"])
    return write_csv(folder / "applications.csv", rows)


def imported(panel: Panel, tmp_path: Path) -> PanelService:
    svc = panel.svc
    svc.import_applications(applications_file(tmp_path))
    for question in svc.applications_view().questions:
        svc.set_question_status(question.id, "agreed")
    return svc


def opened(panel: Panel, tmp_path: Path, redact: bool = True) -> PanelService:
    svc = imported(panel, tmp_path)
    if redact:
        for row in svc.applications_view().rows:
            svc.redact_found(row.applicant_id)
    svc.open_sift()
    return svc


def sift_all(service: PanelService, value: int | None = None, submit: bool = True) -> None:
    for row in service.sift_overview().questions:
        queue = service.sift_queue(row.question_id)
        for n, item in enumerate(queue.items):
            service.sift_score(row.question_id, item.applicant_id, value if value is not None else n % 5)
        if submit:
            service.submit_sift(row.question_id)


# Applications in -------------------------------------------------------------------


def test_import_makes_applicants_codes_and_proposed_sift_questions(panel: Panel, tmp_path: Path) -> None:
    result = panel.svc.import_applications(applications_file(tmp_path))
    assert result.count == len(PEOPLE)
    assert result.codes == [f"A{n:02d}" for n in range(1, len(PEOPLE) + 1)]
    assert result.new_questions == QUESTIONS
    state = panel.raw()
    assert [a.name for a in state.applicants] == [p[0] for p in PEOPLE]
    questions = [q for q in state.questions if q.sift]
    assert [q.text for q in questions] == QUESTIONS and all(q.status.value == "proposed" for q in questions)
    assert state.agreed_questions == []  # sift questions never reach the interviews
    assert "A01" in result.sentence() and "A06" in result.sentence()


def test_a_refused_file_changes_nothing(panel: Panel, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [["Name", "Why?"], ["Ann", "yes"], ["", "no name here"]])
    before = panel.on_disk()
    with pytest.raises(ApplicationsFileProblem, match="Row 3"):
        panel.svc.import_applications(path)
    assert panel.on_disk() == before


def test_importing_the_same_file_twice_is_refused(panel: Panel, tmp_path: Path) -> None:
    path = applications_file(tmp_path)
    panel.svc.import_applications(path)
    before = panel.on_disk()
    with pytest.raises(ApplicationsFileProblem, match="already been added, as A01"):
        panel.svc.import_applications(path)
    assert panel.on_disk() == before


def test_a_second_file_reuses_sift_questions_of_the_same_words(panel: Panel, tmp_path: Path) -> None:
    panel.svc.import_applications(applications_file(tmp_path))
    other = write_csv(tmp_path / "more.csv", [["Name", "why do you want  this role?"], ["New Person", "Because"]])
    result = panel.svc.import_applications(other)
    assert result.new_questions == [] and result.codes == ["A07"]
    assert len([q for q in panel.raw().questions if q.sift]) == 2


def test_only_the_chair_and_hr_manage_applications(panel: Panel, tmp_path: Path) -> None:
    path = applications_file(tmp_path)
    with pytest.raises(NotAllowed):
        panel.as_(panel.ann).import_applications(path)
    with pytest.raises(NotAllowed):
        panel.as_(panel.ann).applications_view()
    assert panel.as_(panel.hr).import_applications(path).count == len(PEOPLE)


def test_add_application_by_hand(panel: Panel) -> None:
    svc = panel.svc
    question = svc.propose_question("Why this role?", sift=True)
    applicant = svc.add_application("Ann Typed", {question.id: "Because."}, email="ann@example.org")
    assert applicant.code == "A01"
    with pytest.raises(UnknownQuestion):
        svc.add_application("Other", {"nope": "x"})


def test_sift_questions_can_be_written_while_the_interview_set_is_locked(round_: Panel) -> None:
    svc = round_.svc
    question = svc.propose_question("What draws you to peer work?", sift=True)
    assert svc.set_question_status(question.id, "agreed").status.value == "agreed"
    with pytest.raises(NotAllowed):
        svc.propose_question("An interview question", sift=False)
    assert question.id not in {q.id for q in round_.raw().agreed_questions}


# Redaction ------------------------------------------------------------------------


def test_identifying_details_are_found_and_redact_found_keeps_the_original(panel: Panel, tmp_path: Path) -> None:
    svc = imported(panel, tmp_path)
    row = svc.applications_view().rows[0]
    found = svc.identifying_details(row.applicant_id)
    assert {(f.kind, f.text) for f in found} >= {("own name", "Jo Bloggs"), ("email", "jo@example.org")}
    assert row.found == len(found)
    application = svc.redact_found(row.applicant_id)
    assert all("Jo Bloggs" not in a and "jo@example.org" not in a for a in application.answers.values())
    assert any(REMOVED in a for a in application.answers.values())
    assert "Jo Bloggs" in " ".join(application.original.values())
    assert svc.applications_view().rows[0].found == 0


def test_redact_by_hand_and_restore(panel: Panel, tmp_path: Path) -> None:
    svc = imported(panel, tmp_path)
    applicant_id = svc.applications_view().rows[1].applicant_id
    question_id = svc.applications_view().questions[0].id
    sent = panel.raw().applications[1].answers[question_id]
    changed = svc.redact(applicant_id, question_id, "Answer one, I am [name].")
    assert changed.answers[question_id] == "Answer one, I am [name]." and changed.original[question_id] == sent
    restored = svc.redact(applicant_id, question_id, sent)
    assert restored.answers[question_id] == sent and question_id not in restored.original


def test_audit_trail_never_holds_a_name_or_an_answer(panel: Panel, tmp_path: Path) -> None:
    opened(panel, tmp_path)
    text = repr([(e.target, e.before, e.after) for e in panel.events() if "applic" in e.action or "redact" in e.action or "identifying" in e.action])
    for name, email, _phone in PEOPLE:
        assert name not in text and (not email or email not in text)


def test_open_sift_refuses_without_agreed_sift_questions_or_applications(panel: Panel, tmp_path: Path) -> None:
    with pytest.raises(NotAllowed, match="sift question"):
        panel.svc.open_sift()
    panel.svc.import_applications(applications_file(tmp_path))
    with pytest.raises(NotAllowed, match="sift question"):
        panel.svc.open_sift()
    with pytest.raises(NotAllowed):
        panel.as_(panel.hr).open_sift()


def test_opening_the_sift_says_what_is_still_found_but_does_not_refuse(panel: Panel, tmp_path: Path) -> None:
    svc = imported(panel, tmp_path)
    view = svc.applications_view()
    assert view.found > 0 and str(view.found) in view.open_sentence()
    assert svc.open_sift().sift_opened_at is not None
    with pytest.raises(NotAllowed, match="sift has opened"):
        svc.import_applications(applications_file(tmp_path))


# Sifting ---------------------------------------------------------------------------


def test_each_reviewer_has_their_own_order_stable_for_them(panel: Panel, tmp_path: Path) -> None:
    opened(panel, tmp_path)
    question_id = panel.svc.sift_overview().questions[0].question_id
    orders = {}
    for member in (panel.chair, panel.ann, panel.bob):
        first = [i.applicant_id for i in panel.as_(member).sift_queue(question_id).items]
        again = [i.applicant_id for i in panel.as_(member).sift_queue(question_id).items]
        assert first == again
        assert sorted(first) == sorted(a.id for a in panel.raw().applicants)
        orders[member.id] = tuple(first)
    assert len(set(orders.values())) == 3


def test_the_order_stays_after_scoring(panel: Panel, tmp_path: Path) -> None:
    opened(panel, tmp_path)
    ann = panel.as_(panel.ann)
    question_id = ann.sift_overview().questions[0].question_id
    before = [i.applicant_id for i in ann.sift_queue(question_id).items]
    ann.sift_score(question_id, before[2], 3)
    queue = ann.sift_queue(question_id)
    assert [i.applicant_id for i in queue.items] == before
    assert queue.items[2].score == 3 and queue.next_unscored() == 0 and queue.next_unscored(1) == 3


def test_the_queue_holds_codes_and_redacted_answers_only(panel: Panel, tmp_path: Path) -> None:
    opened(panel, tmp_path)
    ann = panel.as_(panel.ann)
    for row in ann.sift_overview().questions:
        text = repr(ann.sift_queue(row.question_id))
        for name, email, phone in PEOPLE:
            assert name not in text
            assert not email or email not in text
            assert not phone or phone not in text


def test_scores_on_the_scale_and_never_changed_after_submission(panel: Panel, tmp_path: Path) -> None:
    opened(panel, tmp_path)
    ann = panel.as_(panel.ann)
    question_id = ann.sift_overview().questions[0].question_id
    items = ann.sift_queue(question_id).items
    with pytest.raises(ScoreOutOfScale):
        ann.sift_score(question_id, items[0].applicant_id, 9)
    with pytest.raises(NotAllowed, match="Still to score"):
        ann.submit_sift(question_id)
    for item in items:
        ann.sift_score(question_id, item.applicant_id, "2")
    ann.sift_note(question_id, items[0].applicant_id, "clear")
    ann.submit_sift(question_id)
    before = panel.on_disk()
    with pytest.raises(SheetSubmitted):
        ann.sift_score(question_id, items[0].applicant_id, 4)
    with pytest.raises(SheetSubmitted):
        ann.sift_clear(question_id, items[0].applicant_id)
    with pytest.raises(SheetSubmitted):
        ann.sift_note(question_id, items[0].applicant_id, "changed")
    assert panel.on_disk() == before
    assert ann.sift_overview().questions[0].submitted


def test_sifting_needs_the_sift_open_and_a_reviewer(panel: Panel, tmp_path: Path) -> None:
    svc = imported(panel, tmp_path)
    ann = panel.as_(panel.ann)
    question_id = svc.applications_view().questions[0].id
    applicant_id = svc.applications_view().rows[0].applicant_id
    with pytest.raises(NotAllowed, match="not been opened"):
        ann.sift_score(question_id, applicant_id, 2)
    svc.open_sift()
    with pytest.raises(NotAllowed):
        panel.as_(panel.hr).sift_score(question_id, applicant_id, 2)
    with pytest.raises(NotAllowed):
        panel.as_(panel.hr).sift_queue(question_id)


def test_blind_a_reviewer_never_reads_another_reviewers_sift(panel: Panel, tmp_path: Path) -> None:
    opened(panel, tmp_path)
    ann, bob = panel.as_(panel.ann), panel.as_(panel.bob)
    sift_all(bob, 4)
    for row in ann.sift_overview().questions:
        assert all(i.score is None for i in ann.sift_queue(row.question_id).items)
    with pytest.raises(NotAllowed):
        ann.sift_progress()
    with pytest.raises(NotAllowed):
        ann.shortlist_view()


def test_progress_shows_who_submitted_never_values(panel: Panel, tmp_path: Path) -> None:
    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.ann), 3)
    sift_all(panel.as_(panel.bob), 1, submit=False)
    progress = svc.sift_progress()
    by = {r.member_id: r for r in progress.reviewers}
    assert by[panel.ann.id].submitted_all
    assert not by[panel.bob.id].submitted_all and all(c.scored == len(PEOPLE) for c in by[panel.bob.id].cells.values())
    assert "score=" not in repr(progress)


def test_shortlist_uses_submitted_sheets_only(panel: Panel, tmp_path: Path) -> None:
    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.ann), 3)
    sift_all(panel.as_(panel.bob), 0, submit=False)
    view = svc.shortlist_view()
    assert all(row.total == 6.0 for row in view.rows)  # two questions, Ann's 3s only: Bob's drafts do not count
    assert all(s.member_id == panel.ann.id for row in view.rows for given in row.scores.values() for s in given)
    assert all(row.tied and row.rank == 1 for row in view.rows)


def test_shortlist_totals_spread_and_flags(panel: Panel, tmp_path: Path) -> None:
    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.ann), 4)
    sift_all(panel.as_(panel.bob), 0)
    view = svc.shortlist_view()
    assert all(row.total == 4.0 and row.spread == 4 and row.flagged for row in view.rows)


def test_a_chair_who_started_their_own_sift_sees_no_values_for_it(panel: Panel, tmp_path: Path) -> None:
    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.ann), 4)
    question_id = svc.sift_overview().questions[0].question_id
    first = svc.sift_queue(question_id).items[0]
    svc.sift_score(question_id, first.applicant_id, 1)
    view = svc.shortlist_view()
    assert view.withheld == [question_id] and view.withheld_sentence()
    assert all(question_id not in row.scores for row in view.rows)


def test_decisions_need_a_reason_and_make_candidates_keeps_codes_once(panel: Panel, tmp_path: Path) -> None:
    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.ann))
    rows = svc.shortlist_view().rows
    with pytest.raises(InvalidValue):
        svc.decide_applicant(rows[0].applicant_id, True, "  ")
    with pytest.raises(NotAllowed):
        panel.as_(panel.ann).decide_applicant(rows[0].applicant_id, True, "good")
    for n, row in enumerate(rows):
        if n == len(rows) - 1:
            with pytest.raises(NotAllowed, match="Still to decide"):
                svc.make_candidates()
        svc.decide_applicant(row.applicant_id, n < 3, "Strong answers" if n < 3 else "Less evidence of listening")
    made = svc.make_candidates()
    chosen = {row.code for row in rows[:3]}
    assert {c.code for c in made} == chosen
    state = panel.raw()
    assert {c.code for c in state.candidates} == chosen
    by_code = {a.code: a for a in state.applicants}
    assert all(by_code[c.code].candidate_id == c.id and by_code[c.code].name == c.name for c in made)
    again = svc.make_candidates()
    assert [c.id for c in again] == [c.id for c in made] and len(panel.raw().candidates) == 3
    with pytest.raises(NotAllowed, match="already an interview candidate"):
        svc.decide_applicant(by_code[rows[0].code].id, False, "changed mind")
    assert all(not d.shortlisted and d.reason for d in state.sift_decisions if by_code_id(state, d.applicant_id) not in chosen)


def by_code_id(state: object, applicant_id: str) -> str:
    return next(a.code for a in state.applicants if a.id == applicant_id)  # type: ignore[attr-defined]


# Exports --------------------------------------------------------------------------


def test_sift_csv_codes_only_submitted_only_and_safe(panel: Panel, tmp_path: Path) -> None:
    svc = opened(panel, tmp_path, redact=False)
    sift_all(panel.as_(panel.ann), 3)
    sift_all(panel.as_(panel.bob), 1, submit=False)  # drafts never leave the session
    rows = svc.shortlist_view().rows
    svc.decide_applicant(rows[0].applicant_id, True, "=HYPERLINK(\"x\") Jo Bloggs was great, jo@example.org")
    path = svc.export_sift(tmp_path / "out")
    text = path.read_text(encoding="utf-8-sig")
    for name, email, phone in PEOPLE:
        assert name not in text and (not email or email not in text) and (not phone or phone not in text)
    assert "Answer one" not in text  # no answers at all
    parsed = list(csv.reader(io.StringIO(text)))
    assert all(is_neutral(cell) for row in parsed for cell in row)
    member_col = parsed[0].index("Member scores")
    volunteer_col = parsed[0].index("Volunteer scores")
    assert {row[member_col] for row in parsed[1:]} == {"3"} and {row[volunteer_col] for row in parsed[1:]} == {""}
    with pytest.raises(NotAllowed):
        panel.as_(panel.ann).export_sift(tmp_path / "ann")


def test_session_export_leaves_out_sift_drafts_and_codes_only_leaves_out_details(panel: Panel, tmp_path: Path) -> None:
    import json

    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.ann), 3)
    sift_all(panel.as_(panel.bob), 1, submit=False)
    svc.export(tmp_path / "full", formats=["json"])
    doc = json.loads(next((tmp_path / "full").glob("*.json")).read_text())
    assert doc["sift_sheets"] and all(s["status"] == "submitted" for s in doc["sift_sheets"])
    assert all(s["member_id"] == panel.ann.id for s in doc["sift_sheets"])
    svc.export(tmp_path / "codes", formats=["json"], options=ExportOptions(codes_only=True))
    text = next((tmp_path / "codes").glob("*.json")).read_text()
    for name, email, phone in PEOPLE:
        assert name not in text and (not email or email not in text) and (not phone or phone not in text)


def test_subject_access_holds_only_that_applicants_sift(panel: Panel, tmp_path: Path) -> None:
    import json

    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.ann), 3)
    rows = svc.shortlist_view().rows
    for n, row in enumerate(rows):
        svc.decide_applicant(row.applicant_id, n == 0, "reason")
    made = svc.make_candidates()
    svc.export(tmp_path / "sar", formats=["json"], options=ExportOptions(candidate=made[0].code))
    doc = json.loads(next((tmp_path / "sar").glob("*.json")).read_text())
    assert [a["code"] for a in doc["applicants"]] == [made[0].code]
    ids = {a["id"] for a in doc["applicants"]}
    assert {a["applicant_id"] for a in doc["applications"]} == ids
    assert {d["applicant_id"] for d in doc["sift_decisions"]} == ids
    assert all(set(s["scores"]) == ids for s in doc["sift_sheets"])


def test_subject_access_for_an_applicant_the_sift_did_not_shortlist(panel: Panel, tmp_path: Path) -> None:
    """They never became a candidate, but what is held about them is theirs to ask for, by their code."""
    import json

    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.ann), 3)
    rows = svc.shortlist_view().rows
    for n, row in enumerate(rows):
        svc.decide_applicant(row.applicant_id, n == 0, "Fewer strong answers" if n else "Strong answers")
    svc.make_candidates()
    left_out = rows[-1]
    svc.export_subject_access(left_out.code, tmp_path / "sar", formats=["json", "html"])
    written = tmp_path / "sar" / f"{left_out.code}-session.json"
    doc = json.loads(written.read_text())
    assert doc["scope"] == "candidate" and doc["candidate"] == left_out.code
    assert [a["code"] for a in doc["applicants"]] == [left_out.code]
    assert [d["reason"] for d in doc["sift_decisions"]] == ["Fewer strong answers"]
    assert all(set(s["scores"]) == {left_out.applicant_id} for s in doc["sift_sheets"])
    assert doc["candidates"] == [] and doc["sheets"] == []
    others = [name for name, _, _ in PEOPLE if name not in json.dumps(doc["applicants"])]
    every_file = "".join(f.read_text() for f in (tmp_path / "sar").iterdir())
    assert not [name for name in others if name in every_file], "nothing about any other applicant"
    (event,) = [e for e in svc.audit_trail() if e.action == "exported a subject access record"]
    assert event.record == f"applicants:{left_out.applicant_id}"


def test_sift_safe_state_holds_no_details_or_others_sheets_for_a_reviewer(panel: Panel, tmp_path: Path) -> None:
    from panel_tui.services.actor import Actor
    from panel_tui.services.sift_views import sift_safe_state

    svc = opened(panel, tmp_path)
    sift_all(panel.as_(panel.bob), 1, submit=False)
    sift_all(panel.as_(panel.ann), 2)
    full = panel.raw()
    for_ann = sift_safe_state(full, Actor.of(panel.ann))
    text = repr((for_ann.applicants, for_ann.applications))
    for name, email, _phone in PEOPLE:
        assert name not in [a.name for a in for_ann.applicants] and (not email or email not in text)
    assert all(a.original == {} for a in for_ann.applications)
    assert {s.member_id for s in for_ann.sift_sheets} == {panel.ann.id}
    for_chair = sift_safe_state(full, Actor.of(panel.chair))
    assert {s.member_id for s in for_chair.sift_sheets} == {panel.ann.id}  # Bob's drafts: never
    assert [a.name for a in for_chair.applicants] == [p[0] for p in PEOPLE]
    assert svc.sift_progress()  # the chair's own view still works


def test_a_chair_who_sifts_reads_codes_on_the_applications_list_and_hr_reads_names(panel: Panel, tmp_path: Path) -> None:
    """The chair prepares the sift and also sifts: they stay as blind as the other reviewers."""
    chair = imported(panel, tmp_path)
    hr = panel.opened.sign_in(panel.hr.id)
    names = {name for name, _, _ in PEOPLE}
    chair_rows, hr_rows = chair.applications_view().rows, hr.applications_view().rows
    assert not names & {r.name for r in chair_rows}
    assert not {r.email for r in chair_rows} - {""} and not {r.phone for r in chair_rows} - {""}
    assert {r.name for r in hr_rows} == names
    assert {r.code for r in chair_rows} == {r.code for r in hr_rows}


def _sift_values(service: PanelService) -> list[object]:
    return [e.after for e in service.audit_trail() if e.action.startswith("saved a score in the sift")]


def test_the_audit_trail_shows_a_reviewer_their_own_sift_scores_and_nobody_else_before_submission(
    panel: Panel, tmp_path: Path
) -> None:
    chair = opened(panel, tmp_path)
    ann, bob = panel.opened.sign_in(panel.ann.id), panel.opened.sign_in(panel.bob.id)
    question = chair.applications_view().questions[0]
    first = ann.sift_queue(question.id).items[0]
    ann.sift_score(question.id, first.applicant_id, 3)
    assert 3 in _sift_values(ann), "your own sift score, in your own audit trail"
    assert 3 not in _sift_values(bob), "another reviewer never sees it"
    assert 3 not in _sift_values(chair), "nor the chair, before it is submitted"
    for item in ann.sift_queue(question.id).items[1:]:
        ann.sift_score(question.id, item.applicant_id, 2)
    ann.submit_sift(question.id)
    assert 3 in _sift_values(chair), "the chair, once submitted (the chair has not started this question)"
    assert 3 not in _sift_values(bob)


def test_subject_access_for_a_shortlisted_candidate_holds_their_applicant_stage_audit_entries(
    panel: Panel, tmp_path: Path
) -> None:
    """They were an applicant first: the panel's decision on them and the redaction of their answers are theirs too."""
    import json

    svc = opened(panel, tmp_path)  # redacts every application before opening
    sift_all(panel.as_(panel.ann), 3)
    rows = svc.shortlist_view().rows
    for n, row in enumerate(rows):
        svc.decide_applicant(row.applicant_id, n == 0, "Strong answers" if n == 0 else "Fewer strong answers")
    (made,) = svc.make_candidates()
    chosen = rows[0].applicant_id
    svc.export_subject_access(made.code, tmp_path / "sar", formats=["json"])
    doc = json.loads((tmp_path / "sar" / f"{made.code}-session.json").read_text())
    text = json.dumps(doc["audit"])
    assert "Strong answers" in text, "the panel's decision on them, with its reason"
    assert "Fewer strong answers" not in text, "nobody else's decision"
    others = {r.applicant_id for r in rows[1:]}
    assert not [a for a in others if a in text], "no entry about another applicant"
    assert chosen in text
