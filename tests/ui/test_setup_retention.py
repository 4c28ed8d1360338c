"""Set-up's details show the session's actual retention date once an outcome is final, not only the rule."""

from __future__ import annotations

from datetime import UTC, date

from textual.widgets import Input, Static

from panel_tui.domain.retention import add_months
from panel_tui.services import Actor, PanelService

from .conftest import SIZE, Panel
from .helpers import open_setup, settle


def written(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def finalise_outcome(panel: Panel) -> date:
    """Alex Kim's outcome, final; returns its day (UTC)."""
    chair = PanelService(panel.file, Actor.of(panel.chair))
    (candidate,) = chair.state.candidates
    away = {m.id: "Could not attend" for m in (panel.chair, panel.member, panel.volunteer)}
    chair.open_reconciliation(candidate.id, away)
    return chair.record_outcome(candidate.id, "appoint", "Offered the post.", final=True).at.astimezone(UTC).date()


def retention_line(app: object) -> str:
    return str(app.screen.query_one("#retention-effective", Static).render())  # type: ignore[attr-defined]


async def test_the_details_show_the_date_from_the_last_final_outcome(panel: Panel, app_for) -> None:  # type: ignore[no-untyped-def]
    day = finalise_outcome(panel)
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await settle(pilot)
        assert retention_line(app) == (
            f"Personal details are kept until {written(add_months(day, 6))}: "
            f"6 months after the last final outcome ({written(day)})."
        )
        months = app.screen.query_one("#retention-months", Input)
        months.focus()
        await pilot.press("end", "backspace", "3")
        await settle(pilot)
        assert retention_line(app).startswith(f"Personal details are kept until {written(add_months(day, 3))}: 3 months")


async def test_before_any_final_outcome_the_details_say_there_is_no_date_yet(panel: Panel, app_for) -> None:  # type: ignore[no-untyped-def]
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        await settle(pilot)
        assert retention_line(app).startswith("No retention date yet.")
