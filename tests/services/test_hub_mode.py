"""Hub mode (issue 12) in the services: PINs required when served, one named member, PIN slips, back where you were.

Every rule here holds for whoever calls the services (a browser tab's app, an
SSH ForceCommand terminal, a script), not only for the screens.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed, UnknownMember, WrongPin
from panel_tui.domain.models import revise
from panel_tui.domain.pins import verify_pin
from panel_tui.services import OpenedSession, PinSlips, resume_point
from panel_tui.store import SessionFile

CHAIR_PIN = "55667788"
NEED_A_PIN = "You need a PIN to sign in here. Ask the chair to set one in Set-up."


# PINs required when served ----------------------------------------------------------------------------------------


def test_served_a_member_without_a_pin_cannot_sign_in_and_nothing_is_written(panel: Any) -> None:
    served = OpenedSession.open(panel.path, pins_required=True)
    before = panel.on_disk()
    with pytest.raises(WrongPin) as caught:
        served.sign_in(panel.ann.id)
    assert str(caught.value) == NEED_A_PIN
    with pytest.raises(WrongPin):
        served.sign_in(panel.chair.id, "1234")
    assert panel.on_disk() == before
    assert OpenedSession.open(panel.path).sign_in(panel.ann.id).actor.id == panel.ann.id, "in a terminal, as before"


def test_served_a_member_with_a_pin_signs_in_with_it(panel: Any) -> None:
    panel.svc.edit_member(panel.chair.id, pin=CHAIR_PIN)
    served = OpenedSession(SessionFile.open(panel.path), pins_required=True)
    assert served.sign_in(panel.chair.id, CHAIR_PIN).actor.id == panel.chair.id
    with pytest.raises(WrongPin) as caught:
        served.sign_in(panel.chair.id, "11111111")
    assert str(caught.value) == "That PIN is not right. Please try again."


def test_served_nobody_sets_up_as_the_organiser(tmp_path: Path) -> None:
    from panel_tui.services import new_session

    opened, _ = new_session(tmp_path, "Peer mentor", by="panel-tui new")
    assert opened.who_are_you().organiser_allowed, "a terminal may, while there is no chair and no PIN"
    served = OpenedSession.open(opened.path, pins_required=True)
    listing = served.who_are_you()
    assert not listing.organiser_allowed and listing.pins_required
    with pytest.raises(NotAllowed) as caught:
        served.as_organiser()
    assert "PIN" in str(caught.value)


def test_served_everyone_is_still_listed_and_says_who_has_no_pin_yet(panel: Any) -> None:
    panel.svc.edit_member(panel.chair.id, pin=CHAIR_PIN)
    listing = OpenedSession.open(panel.path, pins_required=True).who_are_you()
    assert {p.name: p.has_pin for p in listing.people} == {
        "Ann Member": False, "Bob Volunteer": False, "Chair Person": True, "Hana HR": False,
    }
    assert not OpenedSession.open(panel.path).who_are_you().pins_required


# One named member (SSH ForceCommand) ---------------------------------------------------------------------------------


def test_only_the_named_member_is_listed_whatever_the_case_and_spaces(panel: Any) -> None:
    listing = OpenedSession.open(panel.path, member="  ann   MEMBER ").who_are_you()
    assert [p.name for p in listing.people] == ["Ann Member"]
    assert listing.only == "ann   MEMBER"
    assert not listing.organiser_allowed


def test_the_named_member_cannot_sign_in_as_anyone_else(panel: Any) -> None:
    only_ann = OpenedSession.open(panel.path, member="Ann Member")
    assert only_ann.sign_in(panel.ann.id).actor.id == panel.ann.id
    with pytest.raises(NotAllowed) as caught:
        only_ann.sign_in(panel.bob.id)
    assert str(caught.value) == "Here you can only sign in as Ann Member."


def test_a_name_nobody_has_lists_nobody(panel: Any) -> None:
    listing = OpenedSession.open(panel.path, member="Zed Nobody").who_are_you()
    assert listing.people == () and listing.only == "Zed Nobody" and not listing.organiser_allowed


# PIN slips ------------------------------------------------------------------------------------------------------------


def test_pin_slips_give_new_pins_that_verify_and_only_hashes_are_stored(panel: Any) -> None:
    chair = panel.svc
    slips = chair.make_pin_slips([panel.chair.id, panel.ann.id, panel.bob.id])
    assert isinstance(slips, PinSlips)
    assert slips.vacancy == "Peer mentor"
    assert [s.name for s in slips.slips] == ["Ann Member", "Bob Volunteer", "Chair Person"]
    by_name = {s.name: s for s in slips.slips}
    assert (by_name["Ann Member"].group_label, by_name["Ann Member"].role_label) == ("Member", "Panel member")
    assert by_name["Chair Person"].role_label == "Chair"
    raw = panel.raw()
    for slip in slips.slips:
        assert len(slip.pin) == 4 and slip.pin.isdigit()
        stored = raw.member(slip.member_id).pin_hash
        assert stored is not None and stored.startswith("scrypt$") and slip.pin not in stored
        assert verify_pin(slip.pin, stored)
    assert raw.member(panel.hr.id).pin_hash is None, "only the people chosen"
    assert all(s.pin not in repr(slips) for s in slips.slips), "a PIN never shows in a repr (logs, tracebacks)"
    served = OpenedSession.open(panel.path, pins_required=True)
    assert served.sign_in(panel.ann.id, by_name["Ann Member"].pin).actor.id == panel.ann.id


def test_pin_slips_audit_one_event_per_person_without_the_pin(panel: Any) -> None:
    start = len(panel.events())
    slips = panel.svc.make_pin_slips([panel.ann.id, panel.chair.id])
    events = panel.events()[start:]
    assert sorted((e.action, e.target, e.member_id) for e in events) == [
        ("made a new PIN for a PIN slip", "Ann Member", panel.ann.id),
        ("made a new PIN for a PIN slip", "Chair Person", panel.chair.id),
    ]
    trail = json.dumps([e.model_dump(mode="json") for e in panel.events()])
    for slip in slips.slips:
        assert f'"{slip.pin}"' not in trail and panel.raw().member(slip.member_id).pin_hash not in trail
    assert all(e.actor_name == "Chair Person" for e in events)


def test_a_new_slip_replaces_the_old_pin(panel: Any) -> None:
    first = panel.svc.make_pin_slips([panel.chair.id, panel.ann.id])
    old = next(s.pin for s in first.slips if s.member_id == panel.ann.id)
    chair_pin = next(s.pin for s in first.slips if s.member_id == panel.chair.id)
    second = panel.as_(panel.chair, chair_pin).make_pin_slips([panel.ann.id])
    new = second.slips[0].pin
    stored = panel.raw().member(panel.ann.id).pin_hash
    assert stored is not None and verify_pin(new, stored)
    if new != old:
        assert not verify_pin(old, stored), "the old PIN stops working"


def test_pin_slips_respect_the_chair_needs_a_pin_first_rule(panel: Any) -> None:
    before = panel.on_disk()
    with pytest.raises(InvalidValue) as caught:
        panel.svc.make_pin_slips([panel.ann.id])
    assert "chair's PIN first" in str(caught.value)
    assert panel.on_disk() == before


def test_pin_slips_are_refused_to_a_panel_member_and_hr_may_make_them(panel: Any) -> None:
    before = panel.on_disk()
    with pytest.raises(NotAllowed):
        panel.as_(panel.ann).make_pin_slips([panel.ann.id])
    assert panel.on_disk() == before
    hr_slips = panel.as_(panel.hr).make_pin_slips([panel.chair.id, panel.bob.id])
    assert len(hr_slips.slips) == 2


def test_pin_slips_for_nobody_or_someone_unknown_change_nothing(panel: Any) -> None:
    before = panel.on_disk()
    with pytest.raises(InvalidValue) as caught:
        panel.svc.make_pin_slips([])
    assert str(caught.value) == "Tick at least one panel member to make a PIN slip for."
    with pytest.raises(UnknownMember):
        panel.svc.make_pin_slips([panel.chair.id, "no-such-id"])
    assert panel.on_disk() == before


def test_the_pin_slips_page_is_written_to_the_exports_folder_for_the_owner_only(panel: Any) -> None:
    chair = panel.svc
    made = chair.print_pin_slips([panel.chair.id, panel.ann.id])
    expected = panel.path.parent / "exports" / panel.path.stem / "pin-slips.html"
    assert made.path == expected
    assert expected.stat().st_mode & 0o077 == 0
    page = expected.read_text(encoding="utf-8")
    assert page == made.html
    for slip in made.slips.slips:
        assert f"Your PIN: {slip.pin}" in page
    assert (panel.path.parent / "exports" / ".gitignore").exists(), "kept out of git, as exports are"
    again = chair.print_pin_slips([panel.ann.id])
    assert again.path == expected and "Chair Person" not in expected.read_text(encoding="utf-8"), "replaced, not refused"


# Back where you were ------------------------------------------------------------------------------------------------


def _round_of_three(panel: Any) -> Any:
    """The `round_` fixture (C01, two agreed questions, locked) with a third question and a second candidate."""
    chair = panel.svc
    chair.unlock_questions("a third question")
    third = chair.propose_question("What would you do first?")
    chair.set_question_status(third.id, "agreed")
    chair.lock_questions()
    panel.questions = list(panel.raw().agreed_questions)
    panel.second = chair.add_candidate("Dana Second")  # type: ignore[attr-defined]
    return panel


def test_nothing_to_go_back_to_before_scoring(round_: Any) -> None:
    panel = _round_of_three(round_)
    assert resume_point(panel.as_(panel.ann).view()) is None
    assert resume_point(panel.tool().view()) is None
    assert resume_point(panel.as_(panel.hr).view()) is None


def test_back_at_the_first_unscored_question_of_the_latest_sheet(round_: Any) -> None:
    panel = _round_of_three(round_)
    ann = panel.as_(panel.ann)
    q1, q2, q3 = panel.questions
    ann.record_score(panel.ann.id, panel.cand.id, q1.id, 2)  # type: ignore[union-attr]
    ann.record_score(panel.ann.id, panel.second.id, q1.id, 3)  # type: ignore[attr-defined]
    ann.record_score(panel.ann.id, panel.second.id, q3.id, 3)  # type: ignore[attr-defined]
    point = resume_point(ann.view())
    assert point is not None
    assert (point.candidate_id, point.candidate_code, point.question_id) == (panel.second.id, "C02", q2.id)  # type: ignore[attr-defined]
    assert (point.number, point.total) == (2, 3)
    assert point.sentence == "Welcome back. You were scoring C02, question 2 of 3."
    ann.set_note(panel.ann.id, panel.cand.id, q1.id, "Listened well")  # type: ignore[union-attr]
    point = resume_point(ann.view())
    assert point is not None and point.candidate_id == panel.cand.id and point.number == 2, "the note made C01 the latest"  # type: ignore[union-attr]


def test_a_sheet_with_only_a_note_counts_and_a_fully_scored_one_goes_to_its_last_question(round_: Any) -> None:
    panel = _round_of_three(round_)
    ann = panel.as_(panel.ann)
    q1, q2, q3 = panel.questions
    ann.set_note(panel.ann.id, panel.cand.id, q2.id, "First thoughts")  # type: ignore[union-attr]
    point = resume_point(ann.view())
    assert point is not None and (point.candidate_id, point.number) == (panel.cand.id, 1)  # type: ignore[union-attr]
    for q in (q1, q2, q3):
        ann.record_score(panel.ann.id, panel.cand.id, q.id, 1)  # type: ignore[union-attr]
    point = resume_point(ann.view())
    assert point is not None and (point.question_id, point.number, point.total) == (q3.id, 3, 3)


def test_submitted_sheets_other_peoples_sheets_and_paper_sheets_are_not_where_you_were(round_: Any) -> None:
    panel = _round_of_three(round_)
    q1 = panel.questions[0]
    bob = panel.as_(panel.bob)
    bob.record_score(panel.bob.id, panel.cand.id, q1.id, 4)  # type: ignore[union-attr]
    assert resume_point(panel.as_(panel.ann).view()) is None, "Bob's sheet is not Ann's"
    panel.as_(panel.hr).record_score(panel.ann.id, panel.second.id, q1.id, 2)  # type: ignore[attr-defined]
    assert resume_point(panel.as_(panel.ann).view()) is None, "a paper sheet HR is typing in is not Ann's to go back to"
    for q in panel.questions:
        bob.record_score(panel.bob.id, panel.cand.id, q.id, 1)  # type: ignore[union-attr]
    bob.submit_sheet(panel.bob.id, panel.cand.id)  # type: ignore[union-attr]
    assert resume_point(bob.view()) is None


def test_the_latest_sheet_is_chosen_by_when_it_changed(round_: Any) -> None:
    panel = _round_of_three(round_)
    q1 = panel.questions[0]
    ann = panel.as_(panel.ann)
    ann.record_score(panel.ann.id, panel.second.id, q1.id, 3)  # type: ignore[attr-defined]
    ann.record_score(panel.ann.id, panel.cand.id, q1.id, 3)  # type: ignore[union-attr]
    session_file = SessionFile.open(panel.path)
    with session_file.transaction() as tx:  # C02's sheet changed later (as if on another machine's clock)
        sheet = tx.state.sheet(panel.ann.id, panel.second.id)  # type: ignore[attr-defined]
        assert sheet is not None
        tx.put(revise(sheet, updated_at=sheet.updated_at + timedelta(hours=1)))
    point = resume_point(ann.view())
    assert point is not None and point.candidate_code == "C02"
