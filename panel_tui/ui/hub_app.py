"""The hub's own screen, in the chair's terminal: where to join, the QR code, who is connected.

The hub's web server runs in this app's event loop (aiohttp is asyncio, as
Textual is), so the list of tabs is read directly, never across threads.
Names come from what each tab's app says once someone signs in; network
addresses are never shown. D closes one person's connection (their app
finishes its saves first); Ctrl+Q stops the hub, asking first when anyone
is still connected.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from .screens.confirm import ConfirmScreen
from .screens.help import HelpScreen
from .themes import THEME_CYCLE, THEMES
from .widgets.fitting_footer import FittingFooter


class Tab(Protocol):
    """One connected browser tab, as the hub knows it."""

    id: str
    joined: datetime
    name: str | None
    role: str | None


class Hub(Protocol):
    """What this screen needs of the running hub (`panel_tui.serve.hub.Hub`), which serve hands in."""

    base_url: str
    password: str

    @property
    def title(self) -> str: ...
    @property
    def join_url(self) -> str: ...
    def listen(self, changed: Callable[[], None]) -> None: ...
    def introduction(self) -> list[str]: ...
    def qr_lines(self, border: int) -> list[str]: ...
    def tabs(self) -> Sequence[Tab]: ...
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def disconnect(self, tab_id: str) -> bool: ...

HUB_CSS = """
#join { padding: 0 1; }
#warning { padding: 0 1; color: $text-warning; }
#connected-title { padding: 1 1 0 1; text-style: bold; }
#tabs { height: 1fr; }
#qr-code { width: auto; color: black; background: white; }
#qr-link { padding: 0 1; }
"""


FULL_QR_ROWS = 24
"""Below this many rows, the QR code's quiet zone is 2 modules instead of 4, so the code and the link fit."""


class QrScreen(Screen[None]):
    """The join link as a QR code, big enough for a phone's camera across a table."""

    HELP = (
        "Panel members join by pointing their phone's or tablet's camera at this code and tapping the link. "
        "Then they choose their own name and type their PIN. Press Escape to see who is connected."
    )
    BINDINGS = [Binding("escape,q", "close", "Who is connected", id="close")]

    def __init__(self, hub: Hub) -> None:
        super().__init__()
        self.hub = hub
        self.link = hub.join_url

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            with Center():
                yield Static(id="qr-code")
            yield Static(Text(f"Or type: {self.link}"), id="qr-link")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        """The standard quiet zone when it fits; a narrower one (still read by phones) on a small terminal."""
        small = self.app.size.height < FULL_QR_ROWS
        self.query_one("#qr-code", Static).update("\n".join(self.hub.qr_lines(2 if small else 4)))

    def action_close(self) -> None:
        self.dismiss()


class HubScreen(Screen[None]):
    BINDING_GROUP_TITLE = "The hub"
    HELP = (
        "This computer is the hub. Panel members join from their own laptop, tablet or phone: they open the "
        "link (or scan the QR code), type the round password if asked, choose their own name and type their PIN.\n\n"
        "The list shows who is connected. 'Choosing their name' means someone opened the link but has not "
        "signed in yet. Press D to close the chosen person's connection; what they saved is kept.\n\n"
        "Keep this window open during the interviews. Ctrl+Q stops the hub and closes every connection."
    )
    BINDINGS = [
        Binding("q", "qr", "QR code", id="qr", tooltip="Show the join link as a QR code"),
        Binding("d", "disconnect", "Disconnect", id="disconnect", tooltip="Close the chosen person's connection"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Starting…", id="join")
        yield Static("", id="warning")
        yield Static("Connected now: nobody", id="connected-title")
        table: DataTable[str] = DataTable(id="tabs", cursor_type="row", zebra_stripes=True)
        table.add_columns("Name", "Role", "Joined at")
        yield table
        yield FittingFooter(compact=True)

    def show(self, hub: Hub) -> None:
        intro = hub.introduction()
        self.query_one("#join", Static).update(Text("\n".join(intro[:3])))
        warning = self.query_one("#warning", Static)
        warning.update(Text("\n".join(intro[3:])))
        warning.display = len(intro) > 3

    def show_tabs(self, hub: Hub) -> None:
        table = self.query_one("#tabs", DataTable)
        tabs = hub.tabs()
        rows = [(t.id, t.name or "(choosing their name)", t.role or "", t.joined.strftime("%H:%M")) for t in tabs]
        current = [(str(key.value), *[str(c) for c in table.get_row(key)]) for key in table.rows]
        if rows == current:
            return
        chosen = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value if table.row_count else None
        table.clear()
        for tab_id, *cells in rows:
            table.add_row(*cells, key=tab_id)
        ids = [r[0] for r in rows]
        if chosen in ids:
            table.move_cursor(row=ids.index(chosen))
        signed_in = sum(1 for t in tabs if t.name)
        title = "Connected now: nobody" if not tabs else f"Connected now: {len(tabs)} ({signed_in} signed in)"
        self.query_one("#connected-title", Static).update(title)

    def chosen_tab(self) -> tuple[str, str] | None:
        table = self.query_one("#tabs", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value), str(table.get_row(key)[0])

    def action_qr(self) -> None:
        app = self.app
        if isinstance(app, HubApp) and app.hub.base_url:
            app.push_screen(QrScreen(app.hub))

    def action_disconnect(self) -> None:
        chosen = self.chosen_tab()
        if chosen is None:
            self.notify("Nobody is connected.", markup=False, timeout=4)
            return
        tab_id, name = chosen
        app = self.app
        assert isinstance(app, HubApp)

        def answered(yes: bool | None) -> None:
            if yes:
                app.disconnect(tab_id)

        app.push_screen(ConfirmScreen(f"Close the connection of {name}? What they saved is kept.", yes="Close it"), answered)


class HubApp(App[int]):
    CSS_PATH = [Path(__file__).parent / "app.tcss"]
    CSS = HUB_CSS
    TITLE = "panel-tui hub"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Stop the hub", id="stop", priority=True, tooltip="Close every connection and stop serving"),
        Binding("f1", "help", "Help", id="help", tooltip="What this screen is for, in plain words"),
    ]

    def __init__(self, hub: Hub, *, show_qr: bool = False) -> None:
        super().__init__()
        self.hub = hub
        hub.listen(self._tabs_changed)
        self.show_qr = show_qr
        self.sub_title = hub.title
        self.problem: str | None = None

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = THEME_CYCLE[0]
        self.push_screen(HubScreen())
        self._start()
        self.set_interval(1.0, self._tabs_changed)

    @work(exclusive=True, group="hub", exit_on_error=False)
    async def _start(self) -> None:
        try:
            await self.hub.start()
        except OSError as error:
            self.problem = str(error)
            self.exit(1)
            return
        screen = self.screen
        if isinstance(screen, HubScreen):
            screen.show(self.hub)
        if self.show_qr:
            self.push_screen(QrScreen(self.hub))

    def _tabs_changed(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HubScreen) and self.hub.base_url:
                screen.show_tabs(self.hub)

    @work(group="disconnect", exit_on_error=False)
    async def disconnect(self, tab_id: str) -> None:
        await self.hub.disconnect(tab_id)
        self._tabs_changed()

    @work(exclusive=True, group="hub", exit_on_error=False)
    async def stop_hub(self) -> None:
        self.notify("Closing every connection. Everything saved is kept.", markup=False, timeout=5)
        await self.hub.stop()
        self.exit(0)

    async def action_quit(self) -> None:
        """Ctrl+Q: stop the hub, asking first while anyone is connected."""
        count = len(self.hub.tabs())
        if not count:
            self.stop_hub()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.stop_hub()

        self.push_screen(
            ConfirmScreen(f"{count} connected. Stop the hub and close every connection? What they saved is kept.", yes="Stop"),
            answered,
        )

    async def on_unmount(self) -> None:
        await self.hub.stop()  # however the app ends: every tab's app finishes its saves, the folder is removed

    def action_help(self) -> None:
        screen = self.screen
        if isinstance(screen, HelpScreen):
            return
        keys = [(self.get_key_display(b.binding), b.binding.description)
                for b in screen.active_bindings.values() if b.binding.description and b.binding.show]
        self.push_screen(HelpScreen(getattr(screen, "BINDING_GROUP_TITLE", "The hub"), getattr(screen, "HELP", ""), keys))
