"""Each edit changes only the fields its form owns (issue 9): ids, hashes, timestamps, status, authorship never.

A refused edit changes nothing at all: the whole session and the audit trail
are compared, read with the store, before and after.
"""

from __future__ import annotations

from typing import Any

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed
from panel_tui.domain.models import Group, Role

NOT_OWNED: dict[str, Any] = {
    "id": "0123456789abcdef",
    "pin_hash": "scrypt$00$00",
    "created_at": "2020-01-01T00:00:00+00:00",
    "status": "agreed",
    "authors": ["0123456789abcdef"],
}
"""Fields no form owns, with values that would validate if they were let through."""

EDITS = {
    "edit_member": lambda svc, r, changes: svc.edit_member(r.bob.id, **changes),
    "edit_candidate": lambda svc, r, changes: svc.edit_candidate(r.cand.id, **changes),
    "update_details": lambda svc, r, changes: svc.update_details(**changes),
}


def whole(panel):  # type: ignore[no-untyped-def]
    """The whole session and the length of its audit trail, as the file holds them."""
    return panel.raw(), len(panel.events())


@pytest.mark.parametrize("field", NOT_OWNED)
@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_field_the_form_does_not_own_is_refused_and_nothing_changes(round_, edit, field: str) -> None:  # type: ignore[no-untyped-def]
    before = whole(round_)
    with pytest.raises(InvalidValue) as caught:
        edit(round_.svc, round_, {field: NOT_OWNED[field]})
    assert str(caught.value) == f"These cannot be changed here: {field}. Nothing was changed."
    assert whole(round_) == before


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_owned_change_beside_one_not_owned_is_refused_whole(round_, edit) -> None:  # type: ignore[no-untyped-def]
    owned = {"edit_member": {"name": "Robert"}, "edit_candidate": {"slot": "11:30"}, "update_details": {"organisation": "X"}}
    name = next(k for k, v in EDITS.items() if v is edit)
    before = whole(round_)
    with pytest.raises(InvalidValue, match=r"^These cannot be changed here: created_at, id\. Nothing was changed\.$"):
        edit(round_.svc, round_, {**owned[name], "id": "0123456789abcdef", "created_at": NOT_OWNED["created_at"]})
    assert whole(round_) == before


def test_details_never_take_the_lock_or_the_scale(round_) -> None:  # type: ignore[no-untyped-def]
    before = whole(round_)
    for field, value in (("questions_locked", False), ("scale", {"low": 1, "high": 2, "labels": ["a", "b"]})):
        with pytest.raises(InvalidValue, match=f"^These cannot be changed here: {field}\\."):
            round_.svc.update_details(**{field: value})
    with pytest.raises(InvalidValue, match=r"^These cannot be changed here: position\."):
        round_.svc.edit_candidate(round_.cand.id, position=9)
    assert whole(round_) == before
    assert round_.raw().session.questions_locked


def test_the_chair_cannot_give_one_member_anothers_id(round_) -> None:  # type: ignore[no-untyped-def]
    before = whole(round_)
    with pytest.raises(InvalidValue, match=r"^These cannot be changed here: id\."):
        round_.svc.edit_member(round_.bob.id, id=round_.chair.id, name="Chair Person", role="chair")
    assert whole(round_) == before
    state = round_.raw()
    assert state.member(round_.chair.id) == round_.chair and state.member(round_.bob.id).name == "Bob Volunteer"


def test_a_member_cannot_overwrite_the_chairs_record(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    ann = r.as_(r.ann)
    before = whole(r)
    attempts = [
        lambda: ann.edit_member(r.ann.id, id=r.chair.id),
        lambda: ann.edit_member(r.ann.id, id=r.chair.id, name="Chair Person", role="chair", group="staff"),
        lambda: ann.edit_member(r.chair.id, name="Ann Member"),
        lambda: ann.edit_member(r.chair.id, role="panel"),
        lambda: ann.edit_member(r.ann.id, pin_hash=NOT_OWNED["pin_hash"]),
    ]
    for attempt in attempts:
        with pytest.raises((InvalidValue, NotAllowed)):
            attempt()
    assert whole(r) == before
    state = r.raw()
    chairs = [m for m in state.members if m.role is Role.CHAIR]
    assert chairs == [r.chair], "the session still has its chair, unchanged"
    assert state.member(r.ann.id) == r.ann


def test_a_member_may_change_their_own_name_but_not_their_role_or_group(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    ann = r.as_(r.ann)
    start = len(r.events())
    renamed = ann.edit_member(r.ann.id, name="Ann Lee")
    assert (renamed.id, renamed.name, renamed.role, renamed.group) == (r.ann.id, "Ann Lee", Role.PANEL, Group.MEMBER)
    (event,) = r.events()[start:]
    assert (event.action, event.actor_id, event.before["name"], event.after["name"]) == (
        "changed panel member", r.ann.id, "Ann Member", "Ann Lee",
    )
    before = whole(r)
    for change in ({"role": "chair"}, {"role": "observer"}, {"group": "staff"}, {"name": "Ann", "group": "volunteer"}):
        with pytest.raises(NotAllowed) as caught:
            ann.edit_member(r.ann.id, **change)
        assert str(caught.value) == "Only the chair or HR can change a panel member's role or group."
    assert whole(r) == before
    assert r.raw().member(r.ann.id).name == "Ann Lee"


def test_a_member_passing_an_id_for_themselves_is_told_it_cannot_be_changed_here(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    before = whole(r)
    with pytest.raises(InvalidValue) as caught:
        r.as_(r.ann).edit_member(r.ann.id, id=r.chair.id)
    assert str(caught.value) == "These cannot be changed here: id. Nothing was changed."
    assert whole(r) == before


def test_improving_a_question_never_takes_its_id_or_authors(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    r.svc.unlock_questions("Open for improvements")
    before = whole(r)
    for field in ("id", "authors", "status", "created_at"):
        with pytest.raises((InvalidValue, TypeError)):
            r.as_(r.ann).improve_question(r.proposed.id, **{field: NOT_OWNED[field]})
    assert whole(r) == before
