"""Saving over someone else's newer change is refused (issue 9): ChangedElsewhere, and nothing is saved.

Two terminals are two `OpenedSession`s on one file. Each opens a form the way
the UI does: the version is `version_of` the record as that terminal's read
model shows it. The first saves; the second's save with the version it opened
is refused, says who changed the record, carries the record as it is now, and
saves nothing; saving again with the current version succeeds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

from panel_tui.domain.models import PanelMember
from panel_tui.services import DETAIL_FIELDS, ChangedElsewhere, OpenedSession, PanelService, version_of

Save = Callable[[str], Any]


def terminals(r, first: PanelMember | None, second: PanelMember | None) -> tuple[PanelService, PanelService]:  # type: ignore[no-untyped-def]
    """Two terminals on the same file; None signs in a tool."""

    def on_its_own_terminal(who: PanelMember | None, tool: str) -> PanelService:
        opened = OpenedSession.open(r.path)
        return opened.as_tool(tool) if who is None else opened.sign_in(who.id)

    return on_its_own_terminal(first, "first script"), on_its_own_terminal(second, "second script")


def whole(r):  # type: ignore[no-untyped-def]
    return r.raw(), len(r.events())


def refused_then_saved(
    r, save: Save, opened: str, changed_by: str, current_of: Callable[[Any], Any],  # type: ignore[no-untyped-def]
    fields: Iterable[str] | None = None,
) -> Any:
    """The second terminal's save with its old version: refused whole; then again with the current one."""
    before = whole(r)
    with pytest.raises(ChangedElsewhere) as caught:
        save(opened)
    problem = caught.value
    assert problem.event is not None and problem.event.actor_name == changed_by
    assert str(problem).startswith(f"{changed_by} changed this at ")
    assert str(problem).endswith("after you opened it. Nothing was saved. Compare the two and choose.")
    assert problem.current == current_of(r.raw()), "it carries the record as it is now"
    assert whole(r) == before, "nothing of the second terminal's is saved"
    return save(version_of(problem.current, fields))


def test_session_details(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    first, second = terminals(r, r.hr, r.chair)
    opened_first = version_of(first.state.session, DETAIL_FIELDS)
    opened_second = version_of(second.state.session, DETAIL_FIELDS)
    first.update_details(organisation="Recovery Co", version=opened_first)
    saved = refused_then_saved(
        r, lambda v: second.update_details(vacancy="Peer mentor (part time)", version=v), opened_second,
        "Hana HR", lambda s: s.session, DETAIL_FIELDS,
    )
    assert (saved.vacancy, saved.organisation) == ("Peer mentor (part time)", "Recovery Co")
    assert r.raw().session == saved


def test_a_change_outside_the_forms_fields_does_not_stop_the_form(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    first, second = terminals(r, r.chair, r.hr)
    opened = version_of(second.state.session, DETAIL_FIELDS)
    first.unlock_questions("One word was wrong")
    saved = second.update_details(organisation="Recovery Co", version=opened)
    assert saved.organisation == "Recovery Co" and not saved.questions_locked


def test_a_panel_member(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    first, second = terminals(r, r.hr, r.chair)
    opened_first = version_of(first.state.member(r.bob.id))
    opened_second = version_of(second.state.member(r.bob.id))
    first.edit_member(r.bob.id, name="Robert Volunteer", version=opened_first)
    saved = refused_then_saved(
        r, lambda v: second.edit_member(r.bob.id, access_needs="Large print", version=v), opened_second,
        "Hana HR", lambda s: s.member(r.bob.id),
    )
    assert (saved.name, saved.access_needs) == ("Robert Volunteer", "Large print")


def test_a_candidate(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    first, second = terminals(r, r.chair, r.hr)
    opened_first = version_of(first.state.candidate(r.cand.id))
    opened_second = version_of(second.state.candidate(r.cand.id))
    first.edit_candidate(r.cand.id, slot="11:30", version=opened_first)
    saved = refused_then_saved(
        r, lambda v: second.edit_candidate(r.cand.id, adjustments="Questions in writing", version=v), opened_second,
        "Chair Person", lambda s: s.candidate(r.cand.id),
    )
    assert (saved.slot, saved.adjustments) == ("11:30", "Questions in writing")


def test_a_question_being_improved(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    r.svc.unlock_questions("The proposed question needs work")
    first, second = terminals(r, r.ann, r.bob)
    question = r.proposed
    opened_first = version_of(first.state.question(question.id))
    opened_second = version_of(second.state.question(question.id))
    first.improve_question(question.id, text="A question the panel improved?", version=opened_first)
    saved = refused_then_saved(
        r, lambda v: second.improve_question(question.id, plain_text="Plainer words?", version=v), opened_second,
        "Ann Member", lambda s: s.question(question.id),
    )
    assert (saved.text, saved.plain_text) == ("A question the panel improved?", "Plainer words?")
    assert saved.authors == [r.chair.id, r.ann.id, r.bob.id]


def test_an_outcome(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    chair = r.svc
    chair.open_reconciliation(r.cand.id, {m.id: "Absent" for m in (r.chair, r.ann, r.bob)})
    first, second = terminals(r, r.chair, None)
    opened_first = version_of(first.state.outcome(r.cand.id))
    opened_second = version_of(second.state.outcome(r.cand.id))
    first.record_outcome(r.cand.id, "appoint", "Strong on listening", version=opened_first)
    saved = refused_then_saved(
        r, lambda v: second.record_outcome(r.cand.id, "reserve", version=v), opened_second,
        "Chair Person", lambda s: s.outcome(r.cand.id),
    )
    assert saved.decision.value == "reserve" and saved.by == "tool"


def test_the_same_person_saving_twice_with_fresh_versions_is_never_refused(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    chair = r.svc
    for organisation in ("One", "Two", "Three"):
        chair.update_details(organisation=organisation, version=version_of(chair.state.session, DETAIL_FIELDS))
        chair.edit_member(r.bob.id, access_needs=organisation, version=version_of(chair.state.member(r.bob.id)))
    assert r.raw().member(r.bob.id).access_needs == "Three"


def test_a_member_with_a_pin_is_saved_from_the_form_when_nobody_else_changed_them(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    r.svc.edit_member(r.chair.id, pin="55667788")
    chair = r.as_(r.chair, "55667788")
    chair.edit_member(r.bob.id, pin="24681357")
    opened = version_of(chair.state.member(r.bob.id))  # what MemberForm does
    saved = chair.edit_member(r.bob.id, access_needs="Large print", version=opened)
    assert saved.access_needs == "Large print"


def test_a_refusal_never_carries_a_pin_hash(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    r.svc.edit_member(r.chair.id, pin="55667788")
    r.as_(r.chair, "55667788").edit_member(r.bob.id, pin="24681357")
    first = OpenedSession.open(r.path).sign_in(r.hr.id)
    second = OpenedSession.open(r.path).sign_in(r.chair.id, "55667788")
    opened = version_of(r.raw().member(r.bob.id))  # the stored version, so only the change below refuses it
    first.edit_member(r.bob.id, name="Robert Volunteer")
    with pytest.raises(ChangedElsewhere) as caught:
        second.edit_member(r.bob.id, access_needs="Large print", version=opened)
    stored = r.raw().member(r.bob.id).pin_hash
    assert stored and stored not in repr(caught.value.current)
