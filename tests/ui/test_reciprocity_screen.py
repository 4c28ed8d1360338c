"""HR's "Thanks and payments" and the recognition record, driven with the keys as people would (issue 14, point 1)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from panel_tui.services import OpenedSession, PanelService
from panel_tui.services.demo import ensure_demo
from panel_tui.store import SessionFile
from panel_tui.ui.screens.reciprocity import ReciprocityScreen
from panel_tui.ui.screens.reciprocity_form import ExpensesForm, OfferForm, TimeForm
from panel_tui.ui.screens.recognition import RecognitionScreen
from panel_tui.ui.widgets.toggles import TickBox

from .conftest import SIZE, visible_text
from .helpers import settle, wait_for


def _demo_with_hr(sessions_dir: Path) -> Path:
    path, _ = ensure_demo(sessions_dir)
    chair = next(m for m in SessionFile.open(path).state().members if m.role.value == "chair")
    OpenedSession.open(path).sign_in(chair.id).add_member("Hana Jones", "staff", role="observer")
    return path


def _as(path: Path, name: str) -> PanelService:
    member = next(m for m in SessionFile.open(path).state().members if m.name == name)
    return OpenedSession.open(path).sign_in(member.id)


def _id(path: Path, name: str) -> str:
    return next(m.id for m in SessionFile.open(path).state().members if m.name == name)


async def _push(pilot, screen) -> None:  # type: ignore[no-untyped-def]
    """Onto 'Who are you?' once it is up (the lead adds the keys that open these screens)."""
    await wait_for(pilot, lambda: type(pilot.app.screen).__name__ == "SignInScreen")
    pilot.app.push_screen(screen)
    await settle(pilot)


async def _to_row(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    screen = pilot.app.screen
    assert isinstance(screen, ReciprocityScreen)
    table = screen.query_one("#people")
    table.move_cursor(row=table.get_row_index(_id(pilot.app.rx_path, name)))
    await settle(pilot)


async def _fill(pilot, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for field, value in values.items():
        pilot.app.screen.query_one(f"#{field}", Input).value = value
    await settle(pilot)


async def test_hr_records_an_offer_time_and_expenses_and_writes_payments_csv(sessions_dir: Path, app_for) -> None:
    path = _demo_with_hr(sessions_dir)
    app = app_for(path)
    app.rx_path = path
    async with app.run_test(size=SIZE) as pilot:
        await _push(pilot, ReciprocityScreen(_as(path, "Hana Jones")))
        text = visible_text(app)
        assert "Thanks and payments" in text and "Vic Taylor" in text and "Hana Jones" not in text
        assert "never record which benefits" in text
        await _to_row(pilot, "Vic Taylor")
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, OfferForm)
        await _fill(pilot, {"rate": "12.345", "expected": "3:00"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, OfferForm), "a bad amount keeps the form open"
        assert "2 numbers after the point" in visible_text(app)
        await _fill(pilot, {"rate": "£20"})
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReciprocityScreen))
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("down", "enter")  # the menu: "Their choice"
        await settle(pilot)
        app.screen.query_one("#choice", Select).value = "accept"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReciprocityScreen))
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimeForm)
        await _fill(pilot, {"preparation": "1:00", "interviews": "90", "agreement": "30"})
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReciprocityScreen))
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExpensesForm)
        await _fill(pilot, {"what": "Bus fare", "amount": "4.50"})
        app.screen.query_one("#receipt_seen", TickBox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        await _fill(pilot, {"what": "Lunch", "amount": "6"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Waiting for a receipt: £6.00" in visible_text(app)
        await pilot.press("escape")
        await settle(pilot)
        text = visible_text(app)
        assert "£60.00" in text and "3 hours" in text, text
        await pilot.press("e")
        await settle(pilot)
        await wait_for(pilot, lambda: any("payments.csv" in n.message for n in app._notifications))
    payments = path.parent / "exports" / path.stem / "payments.csv"
    lines = payments.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[1] == "Vic Taylor,Volunteer,accept,3.00,20.00,hour,60.00,money,,4.50,Lunch 6.00,not due,"


async def test_a_member_prints_their_recognition_record_and_the_chair_confirms_it(sessions_dir: Path, app_for) -> None:
    path = _demo_with_hr(sessions_dir)
    vic = _id(path, "Vic Taylor")
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await _push(pilot, RecognitionScreen(_as(path, "Vic Taylor"), vic))
        text = visible_text(app)
        assert "Vic Taylor" in text and "Volunteer" in text and "Not yet confirmed" in text and "£" not in text
        assert "Confirm" not in str(app.screen.active_bindings.keys()) and not app.screen.check_action("confirm", ())
        await pilot.press("p")
        await settle(pilot)
        await wait_for(pilot, lambda: "Written" in visible_text(app))
        assert "recognition-vic-taylor" in visible_text(app)
        app.push_screen(RecognitionScreen(_as(path, "Priya Shah"), vic))
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await wait_for(pilot, lambda: "Confirmed by Priya Shah" in visible_text(app))
    page = next((path.parent / "exports" / path.stem).glob("recognition-vic-taylor-*.html")).read_text()
    assert "Vic Taylor" in page and "£" not in page


async def test_the_screens_fit_small_terminals(sessions_dir: Path, app_for) -> None:
    path = _demo_with_hr(sessions_dir)
    for size in (SIZE, (60, 20)):
        app = app_for(path)
        async with app.run_test(size=size) as pilot:
            await _push(pilot, ReciprocityScreen(_as(path, "Hana Jones")))
            footer = " ".join(k.description for k in app.screen.query("FooterKey") if k.display)  # type: ignore[attr-defined]
            assert "Record" in footer and "Back" in footer, footer
            for key in ("o", "t", "p", "a"):
                await pilot.press(key)
                await settle(pilot)
                save = app.screen.query_one("#save")
                save.focus()  # a tall form scrolls: Tab reaches Save, and it comes into sight
                await settle(pilot)
                assert 0 <= save.region.y and save.region.bottom <= size[1] - 1, f"{type(app.screen).__name__}: Save is out of sight"
                await pilot.press("escape")
                await settle(pilot)
