"""State is never shown by colour alone (issue 11): a tick box reads [x] or [ ], a choice (•) or ( )."""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import RadioSet

import panel_tui.ui
from panel_tui.ui.widgets.toggles import Choice, TickBox

UI = Path(panel_tui.ui.__file__).parent


class Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield TickBox("Ticked", value=True, id="on")
        yield TickBox("Not ticked", value=False, id="off")
        with RadioSet(id="choices"):
            yield Choice("Soft", value=True, id="soft")
            yield Choice("Hard", id="hard")


async def test_the_mark_shows_only_when_on() -> None:
    app = Toggles()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert str(app.query_one("#on", TickBox).render()).startswith("[x] Ticked")
        assert str(app.query_one("#off", TickBox).render()).startswith("[ ] Not ticked")
        assert str(app.query_one("#soft", Choice).render()).startswith("(•) Soft")
        assert str(app.query_one("#hard", Choice).render()).startswith("( ) Hard")
        app.query_one("#off", TickBox).value = True
        app.query_one("#hard", Choice).value = True
        await pilot.pause()
        assert str(app.query_one("#off", TickBox).render()).startswith("[x]")
        assert str(app.query_one("#soft", Choice).render()).startswith("( )"), "choosing one clears the other"


def test_no_screen_uses_a_toggle_that_shows_state_by_colour() -> None:
    uses = [
        f"{path.relative_to(UI)}:{n}"
        for path in UI.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\b(Checkbox|RadioButton)\(", line) and path.name != "toggles.py"
    ]
    assert uses == [], "use TickBox and Choice from ui/widgets/toggles.py"
