"""Paper entry (issue 9): the chair or HR types in a paper sheet, never over a member's own sheet.

And the other side of the same rule: the chair never reads a member's own
draft, by any read the application offers, before agreement is opened.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.domain.errors import NotAllowed
from panel_tui.domain.progress import sheet_progress
from panel_tui.services import sheet_for_scoring
from panel_tui.services.views import WITHHELD

OWN_SHEET = (
    "Ann Member has started their own score sheet for this candidate, so it cannot be typed in from paper. "
    "Ask them to finish it themselves."
)
SECRET_NOTE = "Ann's own words, for no one else yet"


def test_paper_entry_onto_a_members_own_draft_is_refused_and_nothing_changes(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1, q2 = r.questions
    r.as_(r.ann).record_score(r.ann.id, r.cand.id, q1.id, 3)
    before, state = r.on_disk(), r.raw()
    attempts = (
        lambda t: t.record_score(r.ann.id, r.cand.id, q2.id, 1),
        lambda t: t.record_score(r.ann.id, r.cand.id, q1.id, 0),
        lambda t: t.clear_score(r.ann.id, r.cand.id, q1.id),
        lambda t: t.set_note(r.ann.id, r.cand.id, q1.id, "typed over"),
        lambda t: t.submit_sheet(r.ann.id, r.cand.id),
        lambda t: sheet_for_scoring(t.view(), r.ann.id, r.cand.id),
    )
    for typist in (r.svc, r.as_(r.hr), r.tool()):
        for attempt in attempts:
            with pytest.raises(NotAllowed) as caught:
                attempt(typist)
            assert str(caught.value) == OWN_SHEET
    assert r.on_disk() == before
    assert r.raw() == state
    assert r.raw().sheet(r.ann.id, r.cand.id).entered_by is None


def test_paper_entry_for_a_member_with_no_sheet_makes_a_paper_sheet(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1 = r.questions[0]
    hr = r.as_(r.hr)
    start = len(r.events())
    form = sheet_for_scoring(hr.view(), r.bob.id, r.cand.id)
    assert form.on_behalf and form.scores == {} and form.member.id == r.bob.id
    hr.record_score(r.bob.id, r.cand.id, q1.id, 4)
    hr.set_note(r.bob.id, r.cand.id, q1.id, "From Bob's paper sheet")
    sheet = r.raw().sheet(r.bob.id, r.cand.id)
    assert (sheet.member_id, sheet.entered_by, sheet.scores, sheet.submitted) == (r.bob.id, "Hana HR", {q1.id: 4}, False)
    events = r.events()[start:]
    assert [e.action for e in events] == ["saved a score from paper", "saved a note from paper"]
    assert all(e.action.endswith("from paper") and e.actor_name == "Hana HR" for e in events)
    assert all((e.member_id, e.candidate_id, e.question_id) == (r.bob.id, r.cand.id, q1.id) for e in events)
    assert sheet_progress(r.raw(), r.bob, r.cand).label == "… 1/2 scored (paper)"
    assert sheet_for_scoring(hr.view(), r.bob.id, r.cand.id).scores == {q1.id: 4}, "HR reads what they typed"


def test_the_chair_can_continue_a_paper_sheet_and_submit_it(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1, q2 = r.questions
    r.as_(r.hr).record_score(r.bob.id, r.cand.id, q1.id, 4)
    start = len(r.events())
    chair = r.svc
    assert sheet_for_scoring(chair.view(), r.bob.id, r.cand.id).scores == {q1.id: 4}
    chair.record_score(r.bob.id, r.cand.id, q2.id, 2)
    chair.submit_sheet(r.bob.id, r.cand.id)
    sheet = r.raw().sheet(r.bob.id, r.cand.id)
    assert sheet.scores == {q1.id: 4, q2.id: 2} and sheet.submitted and sheet.entered_by == "Hana HR"
    assert [(e.action, e.actor_name) for e in r.events()[start:]] == [
        ("saved a score from paper", "Chair Person"),
        ("submitted a score sheet from paper", "Chair Person"),
    ]
    assert sheet_progress(r.raw(), r.bob, r.cand).label == "✓ submitted (paper)"


def test_a_member_cannot_score_over_a_paper_draft(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1, q2 = r.questions
    r.svc.record_score(r.bob.id, r.cand.id, q1.id, 4)
    bob = r.as_(r.bob)
    before = r.on_disk()
    for attempt in (
        lambda: bob.record_score(r.bob.id, r.cand.id, q1.id, 1),
        lambda: bob.record_score(r.bob.id, r.cand.id, q2.id, 1),
        lambda: bob.clear_score(r.bob.id, r.cand.id, q1.id),
        lambda: bob.set_note(r.bob.id, r.cand.id, q1.id, "mine"),
        lambda: bob.submit_sheet(r.bob.id, r.cand.id),
    ):
        with pytest.raises(NotAllowed) as caught:
            attempt()
        assert str(caught.value) == (
            "Your paper sheet for this candidate is being typed in by Chair Person. "
            "Ask them if something on it needs changing."
        )
    assert r.on_disk() == before


def chair_reads(r, out: Path) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Everything the chair (and HR, and a tool) can read about the candidate through the application."""
    reads: dict[str, object] = {}
    for name, service in (("chair", r.svc), ("hr", r.as_(r.hr)), ("tool", r.tool())):
        view = service.view()
        reads[f"{name} state"] = service.state
        reads[f"{name} view"] = view.state
        reads[f"{name} visible"] = service.visible_sheets(r.cand.id)
        reads[f"{name} trail"] = service.audit_trail()
        reads[f"{name} progress"] = view.progress(r.ann.id, r.cand.id)
        folder = out / name
        service.export(folder, ["json", "csv", "html"])
        reads[f"{name} export"] = b"".join(p.read_bytes() for p in sorted(folder.iterdir()))
    return reads


@pytest.mark.parametrize("submitted", [False, True], ids=["draft", "submitted"])
def test_the_chair_never_reads_a_members_own_sheet_before_agreement_opens(round_, tmp_path: Path, submitted: bool) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1 = r.questions[0]
    ann = r.as_(r.ann)
    ann.record_score(r.ann.id, r.cand.id, q1.id, 4)
    ann.set_note(r.ann.id, r.cand.id, q1.id, SECRET_NOTE)
    if submitted:
        ann.submit_sheet(r.ann.id, r.cand.id)
    for name, read in chair_reads(r, tmp_path).items():
        text = read.decode() if isinstance(read, bytes) else repr(read)
        assert SECRET_NOTE not in text, name
        if name.endswith(("state", "view")):
            assert read.sheet(r.ann.id, r.cand.id) is None, name  # type: ignore[attr-defined]
        if name.endswith("visible"):
            assert read == [], name
        if name.endswith("trail"):
            about_ann = [e for e in read if e.member_id == r.ann.id and e.action.startswith(("saved", "cleared"))]  # type: ignore[attr-defined]
            assert len(about_ann) == 2 and all(e.before == e.after == WITHHELD for e in about_ann), name
    assert ann.state.sheet(r.ann.id, r.cand.id).notes == {q1.id: SECRET_NOTE}, "Ann reads her own"
    with pytest.raises(NotAllowed, match="^Ann Member has started their own score sheet"):
        sheet_for_scoring(r.svc.view(), r.ann.id, r.cand.id)


def test_opening_agreement_opens_submitted_sheets_to_the_chair_never_a_draft(round_, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1 = r.questions[0]
    ann, bob = r.as_(r.ann), r.as_(r.bob)
    ann.record_score(r.ann.id, r.cand.id, q1.id, 4)
    ann.submit_sheet(r.ann.id, r.cand.id)
    bob.record_score(r.bob.id, r.cand.id, q1.id, 1)
    bob.set_note(r.bob.id, r.cand.id, q1.id, SECRET_NOTE)
    chair = r.svc
    chair.open_reconciliation(r.cand.id, {r.bob.id: "Left early", r.chair.id: "Chairing only"})
    assert {s.member_id for s in chair.visible_sheets(r.cand.id)} == {r.ann.id}
    trail = chair.audit_trail()
    anns = [e for e in trail if e.member_id == r.ann.id and e.action == "saved a score"]
    bobs = [e for e in trail if e.member_id == r.bob.id and e.action.startswith("saved")]
    assert [e.after for e in anns] == [4]
    assert bobs and all(e.after == WITHHELD for e in bobs)
    assert SECRET_NOTE not in repr(chair.state) + repr(trail)
