"""A panel member's access profile ("working with me"): its summary for the chair, and the two fields it grew from.

0.1 kept `access_needs` (free text) and `plain_language` (a tick) on each
panel member. They are read into the profile: the text as "anything else",
the tick as plain words first (an Easy Read choice stays Easy Read).
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from panel_tui.domain.models import AccessProfile, Format, PanelMember, Wording, revise


def test_the_summary_names_what_was_asked_for_in_a_line() -> None:
    profile = AccessProfile(
        format=Format.LARGE_PRINT, wording=Wording.EASY_READ, auto_advance=False, timer=False, extra_minutes=10,
        breaks="every 30 min", anything_else="Sits near the door",
    )
    assert profile.summary() == "large print · Easy Read · auto-advance off · no timer · +10 min · breaks: every 30 min"
    assert AccessProfile(format=Format.PLAIN, wording=Wording.PLAIN).summary() == "plain mode · plain words"
    assert AccessProfile(anything_else="Sits near the door").summary() == "", "their own words have their own line"
    assert AccessProfile().summary() == ""


def test_the_old_fields_read_into_the_profile() -> None:
    old = PanelMember.model_validate(
        {"id": "m1", "name": "Ann", "group": "member", "role": "panel", "pin_hash": None,
         "access_needs": "Large text", "plain_language": True}
    )
    assert old.profile == AccessProfile(wording=Wording.PLAIN, anything_else="Large text")
    assert (old.access_needs, old.plain_language) == ("Large text", True)
    assert "access_needs" not in old.model_dump() and "plain_language" not in old.model_dump(), "written as the profile"
    unticked = PanelMember.model_validate({"name": "Bo", "group": "staff", "access_needs": "", "plain_language": False})
    assert unticked.profile == AccessProfile()


def test_the_old_tick_keeps_an_easy_read_choice_and_unticked_means_as_written() -> None:
    easy = PanelMember(name="Ann", group="member", profile=AccessProfile(wording=Wording.EASY_READ, timer=False))
    assert easy.plain_language, "Easy Read is 'not as written' for 0.1's tick"
    assert revise(easy, plain_language=True).profile.wording is Wording.EASY_READ, "a form that shows the tick keeps Easy Read"
    assert revise(easy, plain_language=False).profile.wording is Wording.AS_WRITTEN
    changed = revise(easy, access_needs="Breaks")
    assert changed.profile == AccessProfile(wording=Wording.EASY_READ, timer=False, anything_else="Breaks"), "the rest stays"


@pytest.mark.parametrize(
    "bad",
    [{"plain_language": "yes"}, {"access_needs": 3}, {"profile": {"extra_minutes": 500}}, {"profile": {"wording": "big"}},
     {"profile": [1], "access_needs": "x"}],
)
def test_a_damaged_profile_is_refused_not_guessed(bad: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        PanelMember.model_validate({"name": "Ann", "group": "member", **bad})
