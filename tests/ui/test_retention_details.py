"""Retention in the session details form: the months, a date set by hand, the legal hold, and the date they give."""

from __future__ import annotations

from panel_tui.domain.retention import Retention
from panel_tui.store import SessionFile
from panel_tui.ui.widgets.details_form import DetailsForm

from .conftest import SIZE
from .helpers import open_setup, settle


async def test_the_chair_chooses_months_and_places_then_lifts_a_legal_hold(panel, app_for):  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        form = app.screen.query_one(DetailsForm)
        assert form.query_one("#retention-months").value == "6"
        assert "kept for 6 months after the round's last final outcome" in form.retention_sentence()
        form.query_one("#retention-months").value = "9"
        form.query_one("#legal-hold").value = "Tribunal claim"
        await settle(pilot)
        assert "9 months" in str(form.query_one("#retention-effective").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        session = SessionFile.open(panel.path).state().session
        assert (session.retention_months, session.legal_hold) == (9, "Tribunal claim")
        form.query_one("#legal-hold").value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
    actions = [e.action for e in SessionFile.open(panel.path).audit_events()]
    assert actions[-4:] == ["changed session details", "placed a legal hold", "changed session details", "lifted the legal hold"]
    assert SessionFile.open(panel.path).state().session.legal_hold == ""


async def test_months_outside_three_to_twelve_get_a_plain_message(panel, app_for):  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        app.screen.query_one("#retention-months").value = "24"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("The number of months to keep details must be at most 12" in n.message for n in app._notifications)
    assert SessionFile.open(panel.path).state().session.retention_months == 6


async def test_the_form_shows_the_date_the_months_give_once_told_the_last_outcome(panel, app_for):  # type: ignore[no-untyped-def]
    from datetime import date

    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        form = app.screen.query_one(DetailsForm)
        form.show_retention(Retention(date(2027, 5, 2), False, 6, date(2026, 11, 2)))
        assert form.retention_sentence() == (
            "Personal details are kept until 2 May 2027: 6 months after the last final outcome (2 November 2026)."
        )
        form.query_one("#retention-months").value = "3"
        await settle(pilot)
        assert "kept until 2 February 2027: 3 months after" in form.retention_sentence()
        form.query_one("#retention").value = "2028-01-31"
        await settle(pilot)
        assert form.retention_sentence() == "Personal details are kept until 31 January 2028: a date set by hand."
