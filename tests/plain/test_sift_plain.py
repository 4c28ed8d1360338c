"""Sifting written applications in plain mode, typed line by line.

The session is built through the services as a chair would (import a CSV,
agree the sift questions, redact what the finder found, open the sift). What
was saved is read back from the file by the store, as another process would.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from panel_tui.plain import run_plain
from panel_tui.services import OpenedSession, PanelService, new_session
from panel_tui.store import SessionFile

from .conftest import number_of, run_plain_process

QUESTIONS = ["Why do you want this role?", "Tell us about a time you listened."]
APPLICANTS = [
    ("Zanzibar Quillfeather", "zanzibar.q@example.org", "07700 900123"),
    ("Ottoline Brackenbury", "otto.b@example.org", "07700 900456"),
    ("Percival Thistlewood", "percy@example.org", ""),
    ("Marigold Featherstone", "", "07700 900789"),
]
"""Names, email addresses and phone numbers that must never reach a reviewer: planted in the answers too."""
MEMBER = "Ann Member"
SIFT_ENTRY = "Sift the written applications"
ANN_SIFT = "3"
"""Ann's menu: 1 score a candidate, 2 say you know a candidate, 3 sift."""


@dataclass(frozen=True)
class Sift:
    path: Path
    ann_id: str
    question_ids: list[str]


def _applications_csv(folder: Path) -> Path:
    buffer = io.StringIO(newline="")
    rows = [["Name", "Email", "Phone", *QUESTIONS]]
    for name, email, phone in APPLICANTS:
        rows.append([
            name, email, phone,
            f"My name is {name} and I care about people.",
            f"I listened to a friend for an hour. Write to {email or 'me'} or call {phone or 'me'}.",
        ])
    csv.writer(buffer).writerows(rows)
    path = folder / "applications.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _build(folder: Path, *, open_it: bool = True) -> Sift:
    opened, chair = new_session(folder / "sessions", "Peer mentor", chair_name="Chair Person", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    ann = svc.add_member(MEMBER, "member")
    svc.add_member("Bob Volunteer", "volunteer")
    svc.import_applications(_applications_csv(folder))
    questions = svc.applications_view().questions
    for question in questions:
        svc.set_question_status(question.id, "agreed")
    for row in svc.applications_view().rows:
        svc.redact_found(row.applicant_id)
    if open_it:
        svc.open_sift()
    return Sift(opened.path, ann.id, [q.id for q in questions])


def _as_ann(sift: Sift) -> PanelService:
    return OpenedSession.open(sift.path).sign_in(sift.ann_id)


def _in_process(path: Path, typed: list[str]) -> str:
    out = io.StringIO()
    code = run_plain(path.parent, path, stdin=io.StringIO("".join(f"{t}\n" for t in typed)), stdout=out)
    assert code == 0
    return out.getvalue()


def _assert_no_identifying_detail(out: str) -> None:
    for name, email, phone in APPLICANTS:
        for part in (name, *name.split()):
            assert part not in out, f"{part} reached the reviewer"
        for detail in (email, phone):
            assert not detail or detail not in out, f"{detail} reached the reviewer"


def test_a_reviewer_sifts_a_whole_question_in_their_own_order_and_submits_it(tmp_path: Path) -> None:
    sift = _build(tmp_path)
    order = [item.applicant_id for item in _as_ann(sift).sift_queue(sift.question_ids[0]).items]
    codes = {item.applicant_id: item.code for item in _as_ann(sift).sift_queue(sift.question_ids[0]).items}
    typed = [
        number_of(sift.path, MEMBER), ANN_SIFT, "1",
        "3", "n", "Kind and clear",  # answer 1: a score moves on; n adds a note to answer 2
        "7",  # off the scale: refused, nothing changes
        " two ",  # answer 2 (then on to answer 3)
        "p", "p", "4",  # back to answer 1, and a new score for it
        "s",  # two answers still unscored: named, and offered
        "y", "1",  # go to the first without a score: answer 3
        "0",  # answer 4, the last
        "s", "y",  # submit
        "1", "",  # read it again: submitted, read only
        "2", "b",  # a number is refused now; back to the list
        "b", "q",
    ]
    out = _in_process(sift.path, typed)
    first, second, third, fourth = (codes[a] for a in order)
    assert "Sift question 1 of 2. Scored 0 of 4. Not sent yet." in out
    assert f"Answer 1 of 4, applicant {first}." in out
    assert "0: No evidence." in out  # the scale with its labels, once for the question
    assert "The scale: 0 No evidence; 1 Limited; 2 Some; 3 Good; 4 Strong." in out  # and with each answer
    assert f"Saved: {first}, score 3, Good. 1 of 4 scored." in out
    assert f"Saved: note about {second}." in out
    assert "7 is not on the scale. Scores on this panel go from 0 to 4. Your score was not changed." in out
    assert f"Saved: {second}, score 2, Some." in out
    assert f"Saved: {first}, score 4, Strong." in out
    assert f"Not ready to submit: 2 answers have no score yet: {third} and {fourth}." in out
    assert "That was the last answer." in out
    assert "Submitted: your scores for this question. They cannot change now. Thank you." in out
    assert "Scored 4 of 4. Sent: your scores are submitted." in out
    assert "You have submitted this question: you can read your scores, but they cannot change." in out
    assert "You have submitted this question. Submitted scores cannot be changed." in out
    assert "[removed]" in out  # the answers as redacted
    _assert_no_identifying_detail(out)

    on_file = next(
        s for s in SessionFile.open(sift.path).state().sift_sheets
        if s.member_id == sift.ann_id and s.question_id == sift.question_ids[0]
    )
    assert on_file.submitted
    assert on_file.scores == dict(zip(order, [4, 2, 1, 0], strict=True))
    assert on_file.notes == {order[1]: "Kind and clear"}


def test_no_name_email_or_phone_reaches_a_reviewer_sifting_every_question(tmp_path: Path) -> None:
    """A real process: the menu, both questions, every answer read again with r and g."""
    sift = _build(tmp_path)
    typed = [number_of(sift.path, MEMBER), ANN_SIFT]
    for question in ("1", "2"):
        typed += [question, "h", "r", "g 4", "1", "2", "3", "4", "x", "b"]
    typed += ["b", "q"]
    run = run_plain_process(sift.path, typed)
    assert run.code == 0, run.err
    assert run.out.count("Answer 4 of 4, applicant A0") >= 2
    assert "Cleared:" in run.out
    assert "Tell us about a time you listened." in run.out
    _assert_no_identifying_detail(run.out)
    _assert_no_identifying_detail(run.err)


def test_the_sift_entry_is_in_the_menu_only_once_the_chair_has_opened_the_sift(tmp_path: Path) -> None:
    sift = _build(tmp_path, open_it=False)
    before = _in_process(sift.path, [number_of(sift.path, MEMBER), "q"])
    assert "Signed in as Ann Member" in before
    assert SIFT_ENTRY not in before
    chair = next(m for m in SessionFile.open(sift.path).state().members if m.name == "Chair Person")
    OpenedSession.open(sift.path).sign_in(chair.id).open_sift()
    after = _in_process(sift.path, [number_of(sift.path, MEMBER), "q"])
    assert f"{ANN_SIFT}. {SIFT_ENTRY}" in after


def test_the_sift_entry_is_not_offered_to_someone_who_does_not_score(tmp_path: Path) -> None:
    sift = _build(tmp_path)
    chair = next(m for m in SessionFile.open(sift.path).state().members if m.name == "Chair Person")
    OpenedSession.open(sift.path).sign_in(chair.id).add_member("Hana HR", "staff", role="observer")
    out = _in_process(sift.path, [number_of(sift.path, "Hana HR"), "q"])
    assert "Signed in as Hana HR" in out
    assert SIFT_ENTRY not in out
