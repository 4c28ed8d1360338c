"""Who may change and read a panel member's access profile ("working with me").

A member changes their own, the chair or HR anyone's (with them); every
change is an audit event, as a change of access needs always was. It is
theirs, and the chair's and HR's to plan with: a panel member's read model
holds nobody else's, in the panel list or in the audit trail.
"""

from __future__ import annotations

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed
from panel_tui.domain.models import AccessProfile, Format, PanelMember, Wording
from panel_tui.services import ChangedElsewhere, sheet_for_scoring, version_of

EASY = {"wording": "Easy Read", "auto_advance": False, "timer": False, "extra_minutes": 10, "breaks": "every 30 min"}


def test_a_member_changes_their_own_profile_and_it_is_audited(panel) -> None:  # type: ignore[no-untyped-def]
    ann = panel.as_(panel.ann)
    saved = ann.edit_member(panel.ann.id, profile=EASY)
    expected = AccessProfile(wording=Wording.EASY_READ, auto_advance=False, timer=False, extra_minutes=10, breaks="every 30 min")
    assert saved.profile == expected == panel.raw().member(panel.ann.id).profile
    event = panel.events()[-1]
    assert (event.action, event.actor_id, event.member_id) == ("changed panel member", panel.ann.id, panel.ann.id)
    assert event.before["profile"] == AccessProfile().model_dump(mode="json")
    assert event.after["profile"] == expected.model_dump(mode="json")

    ann.edit_member(panel.ann.id, profile={"timer": True})  # a part alone: the rest stays as it was
    assert panel.raw().member(panel.ann.id).profile == expected.model_copy(update={"timer": True})
    count = len(panel.events())
    ann.edit_member(panel.ann.id, profile={"timer": True})
    assert len(panel.events()) == count, "no change, no event"


def test_a_member_may_not_change_someone_elses_profile(panel) -> None:  # type: ignore[no-untyped-def]
    before = panel.on_disk()
    for who in (panel.ann, panel.bob):
        other = panel.bob if who is panel.ann else panel.ann
        with pytest.raises(NotAllowed) as caught:
            panel.as_(who).edit_member(other.id, profile={"timer": False})
        assert str(caught.value) == "Only the chair or HR can change another panel member's details."
    assert panel.on_disk() == before, "nothing written, nothing audited"


@pytest.mark.parametrize("who", ["chair", "hr"])
def test_the_chair_or_hr_fill_in_anyones_profile_with_them(panel, who: str) -> None:  # type: ignore[no-untyped-def]
    saved = panel.as_(getattr(panel, who)).edit_member(panel.bob.id, profile={"format": "large print"})
    assert saved.profile.format is Format.LARGE_PRINT
    assert panel.events()[-1].actor_id == getattr(panel, who).id


def test_a_bad_value_is_refused_in_plain_words_and_changes_nothing(panel) -> None:  # type: ignore[no-untyped-def]
    before = panel.on_disk()
    ann = panel.as_(panel.ann)
    with pytest.raises(InvalidValue) as caught:
        ann.edit_member(panel.ann.id, profile={"extra_minutes": 500})
    assert str(caught.value) == "The extra time (minutes) must be at most 120."
    with pytest.raises(InvalidValue):
        ann.edit_member(panel.ann.id, profile={"colour": "blue"})
    assert panel.on_disk() == before


def test_a_profile_form_clashes_with_a_change_to_the_profile_not_with_a_new_name(panel) -> None:  # type: ignore[no-untyped-def]
    ann = panel.as_(panel.ann)
    opened = version_of(ann.view().you, ["profile"])
    panel.svc.edit_member(panel.ann.id, name="Ann Member-Jones")
    assert ann.edit_member(panel.ann.id, profile={"timer": False}, version=opened).name == "Ann Member-Jones"
    opened = version_of(ann.view().you, ["profile"])
    panel.svc.edit_member(panel.ann.id, profile={"breaks": "every hour"})
    with pytest.raises(ChangedElsewhere) as caught:
        ann.edit_member(panel.ann.id, profile={"timer": True}, version=opened)
    current = caught.value.current
    assert isinstance(current, PanelMember) and current.profile.breaks == "every hour"
    assert panel.raw().member(panel.ann.id).profile.timer is False, "nothing saved over their change"


def test_only_the_person_the_chair_and_hr_read_a_profile(panel) -> None:  # type: ignore[no-untyped-def]
    panel.as_(panel.ann).edit_member(panel.ann.id, profile=EASY)
    panel.as_(panel.bob).edit_member(panel.bob.id, profile={"anything_else": "Bob's own words"})
    ann_view = panel.as_(panel.ann).view()
    assert ann_view.state.member(panel.ann.id).profile.wording is Wording.EASY_READ, "their own"
    assert ann_view.state.member(panel.bob.id).profile == AccessProfile(), "not someone else's"
    for reader in (panel.chair, panel.hr):
        assert panel.as_(reader).view().state.member(panel.bob.id).profile.anything_else == "Bob's own words"

    trail = panel.as_(panel.ann).audit_trail()
    about_bob = [e for e in trail if e.member_id == panel.bob.id and e.after]
    assert about_bob and all(e.after["profile"] == AccessProfile().model_dump(mode="json") for e in about_bob)
    assert "Bob's own words" not in str([(e.before, e.after) for e in trail])
    assert any(e.after and e.after.get("profile", {}).get("wording") == "Easy Read" for e in trail), "her own stays"
    assert "Bob's own words" in str([e.after for e in panel.as_(panel.chair).audit_trail()])


def test_scoring_reads_the_profile_of_the_person_at_the_keys(round_) -> None:  # type: ignore[no-untyped-def]
    """On paper entry the chair types for Ann: the chair's own profile applies, not Ann's."""
    round_.as_(round_.ann).edit_member(round_.ann.id, profile=EASY)
    ann = round_.as_(round_.ann)
    assert sheet_for_scoring(ann.view(), round_.ann.id, round_.cand.id).profile.wording is Wording.EASY_READ
    chair = round_.as_(round_.chair)
    assert sheet_for_scoring(chair.view(), round_.ann.id, round_.cand.id).profile == AccessProfile()
    tool = round_.tool()
    assert sheet_for_scoring(tool.view(), round_.ann.id, round_.cand.id).profile == AccessProfile()
