"""A panel member's access profile ("working with me") on the full screen (issue 13, point 3).

Applied when they sign in: the scoring screen starts in their wording, with
moving on and the timer as they chose, and a member who asked for plain
mode or large print is told how to get it. They reach it with P on the
overview (footer and command palette); the chair and HR fill it in with
them from Set-up's panel tab, and see a summary there for planning.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Select, Static

from panel_tui.domain.models import AccessProfile, Format, Wording
from panel_tui.services import OpenedSession, new_session
from panel_tui.store import SessionFile
from panel_tui.ui.app import format_advice
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.profile_form import ProfileForm
from panel_tui.ui.screens.scoring import ScoringScreen
from panel_tui.ui.widgets.interview_timer import InterviewTimer
from panel_tui.ui.widgets.scale_view import ScaleView

from .conftest import visible_text
from .helpers import open_setup, settle, sign_in_as, start_scoring, wait_for
from .test_issue11_screens import shown_keys

WRITTEN = "Describe your approach to person-centred planning with stakeholders."
EASY = ("You help someone make a plan.", "How do you find out what they want?")
EASY_READ_PROFILE = {"wording": "Easy Read", "auto_advance": False, "timer": False, "extra_minutes": 10,
                     "breaks": "every 30 min"}


@pytest.fixture
def round_path(sessions_dir: Path) -> Path:
    """Sam Chair, Dee Member and Vic Volunteer; one candidate; two agreed questions, the first with every version."""
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    svc.add_member("Dee Member", "member")
    svc.add_member("Vic Volunteer", "volunteer")
    svc.add_candidate("Alex Kim")
    for words in (
        {"text": WRITTEN, "plain_text": "How do you plan with the person?", "easy_read": " ".join(EASY)},
        {"text": "Second, as written?"},
    ):
        q = svc.propose_question(**words)
        svc.set_question_status(q.id, "agreed")
    svc.lock_questions()
    return opened.path


def _ids(path: Path) -> dict[str, str]:
    return {p.name: p.id for p in OpenedSession.open(path).who_are_you().people}


def _set_profile(path: Path, name: str, **profile: object) -> None:
    ids = _ids(path)
    OpenedSession.open(path).sign_in(ids["Sam Chair"]).edit_member(ids[name], profile=profile)


def _profile(path: Path, name: str) -> AccessProfile:
    return SessionFile.open(path).state().member(_ids(path)[name]).profile


# Applied at sign-in ------------------------------------------------------------------------


async def test_a_profile_applied_at_sign_in(round_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    """Easy Read, no moving on, no timer: Dee signs in and scores, and the screen is as she asked."""
    _set_profile(round_path, "Dee Member", **EASY_READ_PROFILE)
    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_scoring(pilot, "Dee Member")
        await wait_for(pilot, lambda: isinstance(app.screen, ScoringScreen))
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        text = visible_text(app)
        assert "\n".join(EASY) in text and WRITTEN not in text, "the question shows in Easy Read, one sentence a line"
        assert "In Easy Read. Press L for the question as written." in text
        assert "auto-advance off" in text

        timer = screen.query_one(InterviewTimer)
        assert not timer.display, "no timer on screen"
        await pilot.press("t")
        await pilot.pause()
        assert not timer.display and not timer.running, "and no key for one"
        assert "timer" not in {b.binding.action for b in screen.active_bindings.values() if b.enabled}

        await pilot.press("3")
        await settle(pilot)
        assert screen.index == 0, "a digit does not move on"
        assert screen.query_one(ScaleView).selected == 3
        assert "Question 1 of 2" in visible_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert screen.index == 1, "the arrow moves on when she is ready"
    sheet = SessionFile.open(round_path).state().sheets[0]
    assert list(sheet.scores.values()) == [3]


async def test_someone_who_asked_for_nothing_scores_as_before(round_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_scoring(pilot, "Vic Volunteer")
        await wait_for(pilot, lambda: isinstance(app.screen, ScoringScreen))
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        assert WRITTEN in visible_text(app) and screen.query_one(InterviewTimer).display
        await pilot.press("t")
        await pilot.pause()
        assert screen.query_one(InterviewTimer).running
        await pilot.press("3")
        await settle(pilot)
        assert screen.index == 1, "a score moves on"


async def test_extra_time_shows_on_the_timer(round_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    _set_profile(round_path, "Dee Member", extra_minutes=10)
    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_scoring(pilot, "Dee Member")
        await wait_for(pilot, lambda: isinstance(app.screen, ScoringScreen))
        await pilot.press("t")
        await pilot.pause()
        timer = app.screen.query_one(InterviewTimer)
        assert str(timer.render()).startswith("⏱ 00:0") and str(timer.render()).endswith("(+10 min for you)")
        timer.length_minutes = 45  # once a session plans a length, theirs is that plus their extra time
        timer.toggle()
        assert str(timer.render()).endswith(" of 55:00 (+10 min for you)")


@pytest.mark.parametrize(
    ("chosen", "said"),
    [(Format.PLAIN, "You asked for plain mode: quit with Ctrl+Q and start 'panel-tui --plain'."),
     (Format.LARGE_PRINT, "You asked for large print: make the terminal's text bigger (Ctrl and + in most terminals).")],
)
async def test_plain_mode_or_large_print_is_said_after_signing_in(  # type: ignore[no-untyped-def]
    round_path: Path, app_for, chosen: Format, said: str
) -> None:
    _set_profile(round_path, "Dee Member", format=chosen.value)
    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await wait_for(pilot, lambda: any(n.message == said for n in app._notifications))
        assert isinstance(app.screen, OverviewScreen)


async def test_full_screen_says_nothing_after_signing_in(round_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    _set_profile(round_path, "Dee Member", wording="Easy Read")
    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await settle(pilot)
        assert not any(n.title == "Working with me" for n in app._notifications)


def test_in_a_browser_tab_the_page_s_own_choices_are_named() -> None:
    assert format_advice(AccessProfile(format=Format.LARGE_PRINT), in_browser=True) == (
        "You asked for large print: use 'Larger text' at the top of the page."
    )
    assert "'Screen reader mode' at the top of the page" in str(format_advice(AccessProfile(format=Format.PLAIN), in_browser=True))
    assert format_advice(AccessProfile(wording=Wording.EASY_READ), in_browser=True) is None


# A member's own profile ------------------------------------------------------------------------


async def test_a_member_edits_their_own_profile_with_p_on_the_overview(round_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as(pilot, "Dee Member")
        assert "Profile" in shown_keys(app), "P is in the footer"
        assert "Profile" in {c.title for c in app.get_system_commands(app.screen)}, "and in the command palette"
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileForm)
        assert "Working with me" in visible_text(app)
        form.query_one("#wording", Select).value = Wording.EASY_READ.value
        form.query_one("#timer", Checkbox).value = False
        extra = form.query_one("#extra", Input)
        extra.focus()
        extra.value = ""
        await pilot.press("1", "5")
        form.query_one("#breaks", Input).value = "every hour"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
    assert _profile(round_path, "Dee Member") == AccessProfile(
        wording=Wording.EASY_READ, timer=False, extra_minutes=15, breaks="every hour"
    )
    events = SessionFile.open(round_path).audit_events()
    assert (events[-1].action, events[-1].actor_name) == ("changed panel member", "Dee Member")


async def test_a_bad_extra_time_is_refused_in_the_form_and_nothing_is_saved(round_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileForm)
        form.query_one("#extra", Input).value = "500"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form, "the form stays open with what was typed"
        problem = str(form.query_one("#form-problem", Static).render())
        assert problem == "✗ Not saved: The extra time (minutes) must be at most 120."
    assert _profile(round_path, "Dee Member") == AccessProfile()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_form_fits_with_every_field_of_real_height(round_path: Path, app_for, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = app_for(round_path)
    async with app.run_test(size=size) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileForm)
        screen = form.region
        fields: list[Widget] = [
            *form.query(Select), *form.query(Checkbox), *form.query(Input), *form.query("Button"),
        ]
        assert len(fields) == 9
        for field in fields:
            region = field.region
            assert region.height >= 1 and region.width >= 10, f"#{field.id} is {region.width}x{region.height}"
            assert screen.contains_region(region), f"#{field.id} is out of sight at {size[0]}x{size[1]}"


# The chair, planning ------------------------------------------------------------------------------


async def test_the_chair_sees_the_summary_and_fills_in_a_profile_with_someone(round_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    _set_profile(round_path, "Dee Member", **EASY_READ_PROFILE)
    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_setup(pilot)
        await pilot.press("f4")
        await settle(pilot)
        table = app.screen.query_one("#members")
        table.move_cursor(row=table.get_row_index(_ids(round_path)["Dee Member"]))
        await pilot.pause()
        detail = str(app.screen.query_one("#member-detail", Static).render())
        assert "Working with me: Easy Read · auto-advance off · no timer · +10 min · breaks: every 30 min" in detail

        table.move_cursor(row=table.get_row_index(_ids(round_path)["Vic Volunteer"]))
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileForm)
        assert "Working with me: Vic Volunteer" in visible_text(app)
        form.query_one("#format", Select).value = Format.LARGE_PRINT.value
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: not isinstance(app.screen, ProfileForm))
        await wait_for(pilot, lambda: "Working with me: large print" in str(app.screen.query_one("#member-detail", Static).render()))
    assert _profile(round_path, "Vic Volunteer").format is Format.LARGE_PRINT
    event = SessionFile.open(round_path).audit_events()[-1]
    assert (event.actor_name, event.member_id) == ("Sam Chair", _ids(round_path)["Vic Volunteer"])


async def test_someone_else_changing_the_profile_meanwhile_is_shown_part_by_part(round_path: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    from panel_tui.ui.screens.changed_elsewhere import ChangedElsewhereScreen

    app = app_for(round_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await sign_in_as(pilot, "Dee Member")
        await pilot.press("p")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ProfileForm)
        _set_profile(round_path, "Dee Member", breaks="every hour")  # the chair, in another terminal
        form.query_one("#breaks", Input).value = "every 20 minutes"
        form.query_one("#auto-advance", Checkbox).value = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        rows = app.screen.rows  # type: ignore[attr-defined]
        assert ("Breaks", "every hour", "every 20 minutes") in rows
        assert ("Move on after each score", "yes", "no") in rows, "in words, not true and false"
        await pilot.press("m")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, OverviewScreen))
    assert _profile(round_path, "Dee Member") == AccessProfile(auto_advance=False, breaks="every 20 minutes")
