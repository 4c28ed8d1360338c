"""The chair's set-up through PanelService, on a real session file: audited, checked, all or nothing."""

from __future__ import annotations

import json
import re

import pytest

from panel_tui.domain.errors import DuplicateCode, InvalidValue, NotAllowed
from panel_tui.domain.models import Group, Role

SET_UP_ONLY = "Only the chair or HR can change the session set-up."


def new_events(panel, count_before: int):  # type: ignore[no-untyped-def]
    return panel.events()[count_before:]


# Panel members ----------------------------------------------------------------------------------


def test_adding_a_member_writes_one_audit_event(panel) -> None:  # type: ignore[no-untyped-def]
    start = len(panel.events())
    dee = panel.svc.add_member("Dee Morgan", "member", access_needs="Large print")
    (event,) = new_events(panel, start)
    assert (event.action, event.target, event.actor_name, event.actor_id) == (
        "added panel member", "Dee Morgan", "Chair Person", panel.chair.id,
    )
    assert event.before is None
    assert event.after["name"] == "Dee Morgan" and event.after["group"] == "member" and event.after["role"] == "panel"
    assert panel.raw().member(dee.id) == dee


def test_editing_a_member_records_before_and_after(panel) -> None:  # type: ignore[no-untyped-def]
    start = len(panel.events())
    renamed = panel.svc.edit_member(panel.bob.id, name="Bob Lee", group="member")
    assert renamed.group is Group.MEMBER and renamed.id == panel.bob.id
    (event,) = new_events(panel, start)
    assert (event.action, event.target) == ("changed panel member", "Bob Lee")
    assert (event.before["name"], event.before["group"]) == ("Bob Volunteer", "volunteer")
    assert (event.after["name"], event.after["group"]) == ("Bob Lee", "member")


def test_an_edit_that_changes_nothing_writes_nothing(panel) -> None:  # type: ignore[no-untyped-def]
    before = panel.on_disk()
    assert panel.svc.edit_member(panel.bob.id, name="Bob Volunteer") == panel.bob
    assert panel.on_disk() == before


def test_removing_a_member_records_who_was_removed(panel) -> None:  # type: ignore[no-untyped-def]
    start = len(panel.events())
    panel.svc.remove_member(panel.bob.id)
    (event,) = new_events(panel, start)
    assert (event.action, event.target, event.after) == ("removed panel member", "Bob Volunteer", None)
    assert event.before["id"] == panel.bob.id
    assert panel.bob.id not in {m.id for m in panel.raw().members}


def test_a_member_who_has_scored_cannot_be_removed(round_) -> None:  # type: ignore[no-untyped-def]
    q1 = round_.questions[0]
    round_.as_(round_.ann).record_score(round_.ann.id, round_.cand.id, q1.id, 3)
    before, state = round_.on_disk(), round_.raw()
    with pytest.raises(NotAllowed) as caught:
        round_.svc.remove_member(round_.ann.id)
    assert str(caught.value) == (
        "Ann Member has already given scores, so they cannot be removed. Their scores must stay on record."
    )
    assert round_.on_disk() == before
    assert round_.raw() == state


def test_a_member_who_submitted_an_empty_sheet_cannot_be_removed(round_) -> None:  # type: ignore[no-untyped-def]
    round_.as_(round_.bob).submit_sheet(round_.bob.id, round_.cand.id)
    with pytest.raises(NotAllowed, match="^Bob Volunteer has already given scores"):
        round_.svc.remove_member(round_.bob.id)


# Candidates -------------------------------------------------------------------------------------------


def test_candidates_are_added_edited_and_removed_with_one_audit_event_each(panel) -> None:  # type: ignore[no-untyped-def]
    svc = panel.svc
    start = len(panel.events())
    casey = svc.add_candidate("Casey Candidate", slot="10:00")
    edited = svc.edit_candidate(casey.id, slot="11:30", adjustments="Questions in writing")
    svc.remove_candidate(casey.id)
    added, changed, removed = new_events(panel, start)
    assert (added.action, added.target, added.before) == ("added candidate", "C01", None)
    assert added.after["name"] == "Casey Candidate" and added.after["slot"] == "10:00"
    assert (changed.action, changed.target) == ("changed candidate", "C01")
    assert (changed.before["slot"], changed.after["slot"]) == ("10:00", "11:30")
    assert changed.after["adjustments"] == "Questions in writing" == edited.adjustments
    assert (removed.action, removed.target, removed.after) == ("removed candidate", "C01", None)
    assert removed.before["id"] == casey.id
    assert panel.raw().candidates == ()


def test_a_candidate_who_has_been_scored_cannot_be_removed(round_) -> None:  # type: ignore[no-untyped-def]
    q1 = round_.questions[0]
    round_.as_(round_.bob).record_score(round_.bob.id, round_.cand.id, q1.id, "2")
    before, state = round_.on_disk(), round_.raw()
    with pytest.raises(NotAllowed) as caught:
        round_.svc.remove_candidate(round_.cand.id)
    assert str(caught.value) == "C01 has already been scored, so they cannot be removed. Their scores must stay on record."
    assert round_.on_disk() == before
    assert round_.raw() == state


def test_codes_are_given_in_turn_and_a_typed_code_is_kept(panel) -> None:  # type: ignore[no-untyped-def]
    svc = panel.svc
    assert svc.add_candidate("First").code == "C01"
    assert svc.add_candidate("Second").code == "C02"
    assert svc.add_candidate("Third", code=" R-7 ").code == "R-7"
    assert svc.add_candidate("Fourth").code == "C03"
    assert [c.position for c in panel.raw().candidates_in_order] == [1, 2, 3, 4]


def test_a_duplicate_code_is_refused_whatever_the_case_and_nothing_changes(panel) -> None:  # type: ignore[no-untyped-def]
    svc = panel.svc
    first = svc.add_candidate("First")
    second = svc.add_candidate("Second")
    before = panel.on_disk()
    with pytest.raises(DuplicateCode) as caught:
        svc.add_candidate("Another", code="c01")
    assert str(caught.value) == "The code c01 is already used by another candidate."
    with pytest.raises(DuplicateCode, match=r"^The code C01 is already used by another candidate\.$"):
        svc.edit_candidate(second.id, code="C01")
    assert panel.on_disk() == before
    assert svc.edit_candidate(first.id, code="c01").code == "c01", "a candidate may keep their own code"


# Who may change the set-up -------------------------------------------------------------------------------


EDIT_OTHERS_ONLY = "Only the chair or HR can change another panel member's details."

SET_UP_ACTIONS = {
    "add a member": (lambda s, p: s.add_member("Eve", "staff"), SET_UP_ONLY),
    "edit another member": (lambda s, p: s.edit_member(p.bob.id, name="Robert"), EDIT_OTHERS_ONLY),
    "edit the chair": (lambda s, p: s.edit_member(p.chair.id, name="Ann Member"), EDIT_OTHERS_ONLY),
    "remove a member": (lambda s, p: s.remove_member(p.bob.id), SET_UP_ONLY),
    "add a candidate": (lambda s, p: s.add_candidate("Dee"), SET_UP_ONLY),
    "edit a candidate": (lambda s, p: s.edit_candidate(p.cand.id, name="Changed"), SET_UP_ONLY),
    "remove a candidate": (lambda s, p: s.remove_candidate(p.cand.id), SET_UP_ONLY),
    "change the scale": (lambda s, p: s.set_scale(1, 5, ["a", "b", "c", "d", "e"]), SET_UP_ONLY),
    "change the details": (lambda s, p: s.update_details(vacancy="Another job"), SET_UP_ONLY),
    "move the stage": (lambda s, p: s.move_stage("interviews"), SET_UP_ONLY),
}


@pytest.mark.parametrize(("action", "refusal"), SET_UP_ACTIONS.values(), ids=SET_UP_ACTIONS.keys())
def test_a_panel_member_cannot_change_the_set_up(round_, action, refusal) -> None:  # type: ignore[no-untyped-def]
    before = round_.on_disk()
    with pytest.raises(NotAllowed) as caught:
        action(round_.as_(round_.ann), round_)
    assert str(caught.value) == refusal
    assert round_.on_disk() == before


def test_hr_may_change_the_set_up(panel) -> None:  # type: ignore[no-untyped-def]
    casey = panel.as_(panel.hr).add_candidate("Casey Candidate")
    assert panel.events()[-1].actor_name == "Hana HR"
    assert panel.raw().candidate(casey.id).code == "C01"


def test_a_panel_member_may_change_their_own_needs_but_not_their_role_or_group(panel) -> None:  # type: ignore[no-untyped-def]
    ann = panel.as_(panel.ann)
    assert ann.edit_member(panel.ann.id, access_needs="Breaks every 30 minutes", plain_language=True).plain_language
    before = panel.on_disk()
    for change in ({"role": "chair"}, {"role": Role.OBSERVER}, {"group": "staff"}):
        with pytest.raises(NotAllowed) as caught:
            ann.edit_member(panel.ann.id, **change)
        assert str(caught.value) == "Only the chair or HR can change a panel member's role or group."
    assert panel.on_disk() == before
    assert panel.raw().member(panel.ann.id).role is Role.PANEL


# The scale and the details --------------------------------------------------------------------------------


def test_the_scale_changes_with_its_threshold_and_is_audited(panel) -> None:  # type: ignore[no-untyped-def]
    start = len(panel.events())
    session = panel.svc.set_scale(1, 7, ["1", "2", "3", "4", "5", "6", "7"])
    assert (session.scale.low, session.scale.high, session.divergence_threshold) == (1, 7, 3)
    (event,) = new_events(panel, start)
    assert event.action == "changed the scale"
    assert (event.before["low"], event.before["high"]) == (0, 4)
    assert (event.after["low"], event.after["high"]) == (1, 7)


def test_a_yes_no_scale_can_be_chosen(panel) -> None:  # type: ignore[no-untyped-def]
    session = panel.svc.set_scale(0, 1, ["No", "Yes"])
    assert session.divergence_threshold == 1
    assert panel.raw().session.scale.labels == ["No", "Yes"]


def test_a_bad_scale_is_refused_in_plain_words_and_nothing_changes(panel) -> None:  # type: ignore[no-untyped-def]
    before = panel.on_disk()
    with pytest.raises(InvalidValue) as caught:
        panel.svc.set_scale(1, 5, ["a", "b"])
    assert str(caught.value) == "A scale from 1 to 5 needs 5 labels, one for each point."
    assert panel.on_disk() == before


def test_the_scale_cannot_change_once_scores_exist(round_) -> None:  # type: ignore[no-untyped-def]
    round_.as_(round_.ann).record_score(round_.ann.id, round_.cand.id, round_.questions[0].id, 4)
    before = round_.on_disk()
    with pytest.raises(NotAllowed) as caught:
        round_.svc.set_scale(1, 5, ["a", "b", "c", "d", "e"])
    assert str(caught.value) == "The scale cannot change once scores have been given."
    assert round_.on_disk() == before


def test_details_refuse_what_cannot_be_changed_there(panel) -> None:  # type: ignore[no-untyped-def]
    before = panel.on_disk()
    with pytest.raises(InvalidValue) as caught:
        panel.svc.update_details(scale={"low": 0}, id="x")
    assert str(caught.value) == "These cannot be changed here: id, scale. Nothing was changed."
    with pytest.raises(InvalidValue) as caught:
        panel.svc.update_details(vacancy="  ")
    assert str(caught.value) == "The vacancy cannot be empty."
    assert panel.on_disk() == before


def test_a_bad_member_is_refused_in_plain_words_and_nothing_changes(panel) -> None:  # type: ignore[no-untyped-def]
    before = panel.on_disk()
    with pytest.raises(InvalidValue, match=r"^The name cannot be empty\.$"):
        panel.svc.add_member("   ", "member")
    with pytest.raises(InvalidValue, match=r"^A PIN is 4 to 8 numbers\.$"):
        panel.svc.add_member("Dee", "member", pin="12")
    with pytest.raises(InvalidValue, match=r"^The name cannot be empty\.$"):
        panel.svc.edit_member(panel.bob.id, name="")
    assert panel.on_disk() == before


# PINs in the audit trail ------------------------------------------------------------------------------------


def test_a_pin_hash_never_appears_in_the_audit_trail(panel) -> None:  # type: ignore[no-untyped-def]
    start = len(panel.events())
    chair = panel.svc
    chair.edit_member(panel.chair.id, pin="55667788")
    dee = chair.add_member("Dee Morgan", "member", pin="90817263")
    stored = panel.raw().member(dee.id).pin_hash
    chairs = panel.raw().member(panel.chair.id).pin_hash
    assert stored and stored.startswith("scrypt$") and chairs and chairs.startswith("scrypt$")
    chair.edit_member(dee.id, pin="")
    chair.remove_member(dee.id)
    chair_pin, added, cleared, removed = new_events(panel, start)
    assert (chair_pin.before["pin_hash"], chair_pin.after["pin_hash"]) == (None, "set")
    assert added.after["pin_hash"] == "set"
    assert (cleared.before["pin_hash"], cleared.after["pin_hash"]) == ("set", None)
    assert removed.before["pin_hash"] is None
    trail = json.dumps([e.model_dump(mode="json") for e in panel.events()])
    for hashed in (stored, chairs):
        assert hashed not in trail and hashed.split("$")[2] not in trail
    assert "90817263" not in trail and "55667788" not in trail


def test_no_read_model_holds_a_pin_hash(panel) -> None:  # type: ignore[no-untyped-def]
    panel.svc.edit_member(panel.chair.id, pin="55667788")
    stored = panel.raw().member(panel.chair.id).pin_hash
    for reader in (panel.as_(panel.chair, "55667788"), panel.as_(panel.ann), panel.as_(panel.hr), panel.tool()):
        assert reader.state.member(panel.chair.id).pin_hash == "set"
        assert reader.view().state.pin_attempts == ()
        assert stored not in repr(reader.state) and stored not in repr(reader.audit_trail())
    people = {p.id: p for p in panel.opened.who_are_you().people}
    assert people[panel.chair.id].has_pin and not people[panel.ann.id].has_pin


# Once anyone has a PIN, every chair needs one ---------------------------------------------------------------

CHAIR_PIN_FIRST = (
    "Set the chair's PIN first. Once anyone has a PIN, signing in as the chair needs the chair's PIN."
)


def test_nobody_gets_a_pin_before_the_chair_and_nothing_changes(panel) -> None:  # type: ignore[no-untyped-def]
    chair = panel.svc
    before = panel.on_disk()
    for attempt in (
        lambda: chair.add_member("Dee Morgan", "member", pin="90817263"),
        lambda: chair.edit_member(panel.ann.id, pin="90817263"),
        lambda: panel.as_(panel.ann).edit_member(panel.ann.id, pin="90817263"),
        lambda: chair.add_member("Second Chair", "staff", role="chair", pin="12345678"),
    ):
        with pytest.raises(InvalidValue) as caught:
            attempt()
        assert str(caught.value) == CHAIR_PIN_FIRST
    assert panel.on_disk() == before
    assert all(m.pin_hash is None for m in panel.raw().members)


def test_once_pins_are_in_use_a_chair_cannot_be_left_without_one(panel) -> None:  # type: ignore[no-untyped-def]
    chair = panel.svc
    chair.edit_member(panel.chair.id, pin="55667788")
    chair.edit_member(panel.ann.id, pin="90817263")
    before = panel.on_disk()
    for attempt in (
        lambda: chair.edit_member(panel.chair.id, pin=""),
        lambda: chair.add_member("Second Chair", "staff", role="chair"),
        lambda: chair.edit_member(panel.bob.id, role="chair"),
    ):
        with pytest.raises(InvalidValue, match=f"^{re.escape(CHAIR_PIN_FIRST)}$"):
            attempt()
    assert panel.on_disk() == before
    chair.edit_member(panel.ann.id, pin="")
    assert chair.edit_member(panel.chair.id, pin="").pin_hash is None, "with no other PIN, the chair may drop theirs"
