"""Starting and stopping a hub: the address, the round password, the server, the tabs' folder.

`panel-tui serve` builds one `Hub` and runs it, either under the hub's own
screen (`panel_tui.ui.hub_app.HubApp`, in a terminal) or printing plain lines (when
its output is not a terminal: a service manager, a test, a log file). Both
run the same aiohttp server in their own event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import shlex
import shutil
import signal
import socket
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from aiohttp import web

from .command import DEFAULT_PORT
from .door import PASSWORD_PARAM, Door
from .qr import QUIET_ZONE, qr_lines
from .server import MAX_TABS, HubServer, Tab, hub_folder
from .words import round_password


@dataclass(frozen=True)
class HubPlan:
    """What `panel-tui serve` was asked for, checked."""

    sessions_dir: Path
    session: Path | None
    title: str
    host: str = "127.0.0.1"
    port: int = DEFAULT_PORT
    public_url: str | None = None
    max_tabs: int = MAX_TABS
    without_pin: tuple[str, ...] = ()
    """Panel members who cannot join yet: served, everyone needs a PIN."""


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent: a UDP socket only picks a route)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("10.254.254.254", 1))
        address = str(probe.getsockname()[0])
        if not address.startswith("127."):
            return address
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            address = str(info[4][0])
            if not address.startswith("127."):
                return address
    raise OSError("This machine has no network address other than itself. Join a Wi-Fi network or hotspot first.")


def tab_command(plan: HubPlan) -> str:
    """The command each browser tab runs: this same panel-tui, served (everyone signs in with a PIN).

    textual-serve runs it through a shell; `exec` puts the app in the shell's place, so the app is
    the process textual-serve talks to and signals, and no idle shell waits beside each tab.
    """
    words = [sys.executable, "-m", "panel_tui", "--sessions-dir", str(plan.sessions_dir), "--served"]
    if plan.session is not None:
        words += ["open", str(plan.session)]
    return "exec " + shlex.join(words)


@dataclass
class Hub:
    """One running hub: its door, its server and the address people join at."""

    plan: HubPlan
    on_change: Callable[[], None] = lambda: None
    password: str = field(default_factory=round_password)
    door: Door = field(init=False)
    server: HubServer = field(init=False)
    runner: web.AppRunner | None = None
    base_url: str = ""

    def __post_init__(self) -> None:
        public = self.plan.public_url
        origins = frozenset({_origin(public)}) if public else frozenset()
        self.door = Door(
            self.password, secure=bool(public and public.startswith("https")), allowed_origins=origins,
            behind_proxy=bool(public),
        )
        self.server = HubServer(
            tab_command(self.plan), self.door, hub_folder(),
            host=self.plan.host, port=self.plan.port, title=self.plan.title,
            public_url=public, max_tabs=self.plan.max_tabs, on_change=lambda: self.on_change(),
        )

    @property
    def title(self) -> str:
        return self.plan.title

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/?{PASSWORD_PARAM}={quote(self.password)}"

    def listen(self, changed: Callable[[], None]) -> None:
        """Call `changed` whenever a tab comes or goes (in the server's event loop)."""
        self.on_change = changed

    def introduction(self) -> list[str]:
        """The lines a chair reads out or shows: where to join, the password, who cannot join yet."""
        lines = [
            f"Serving: {self.plan.title}",
            f"Join at: {self.join_url}",
            f"Round password: {self.password.replace('-', ' ')}",
        ]
        if self.plan.without_pin:
            lines.append(
                "These panel members have no PIN yet, so they cannot join: "
                + ", ".join(self.plan.without_pin)
                + ". The chair can set PINs in Set-up, or make PIN slips."
            )
        return lines

    def qr_lines(self, border: int = QUIET_ZONE, *, light_on_dark: bool = False) -> list[str]:
        """The join link as a QR code in text (black on white unless `light_on_dark`)."""
        return qr_lines(self.join_url, border=border, light_on_dark=light_on_dark)

    def tabs(self) -> list[Tab]:
        return self.server.tabs.refresh()

    async def disconnect(self, tab_id: str) -> bool:
        return await self.server.tabs.disconnect(tab_id)

    async def start(self) -> None:
        """Listen; the port actually used is known afterwards (port 0 picks a free one)."""
        app = await self.server._make_app()
        self.runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.plan.host, self.plan.port)
        try:
            await site.start()
        except OSError as error:
            await self.runner.cleanup()
            self.runner = None
            raise OSError(
                f"Cannot listen at {self.plan.host} port {self.plan.port}: {error.strerror or error}. "
                "Another program may be using that port: try --port with another number."
            ) from error
        host, port = self.runner.addresses[0][:2]
        self.base_url = (self.plan.public_url or f"http://{_url_host(host)}:{port}").rstrip("/")

    async def stop(self) -> None:
        """Close every tab (each app finishes its saves), then stop listening and tidy the folder."""
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None
        shutil.rmtree(self.server.tabs.folder, ignore_errors=True)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def run_plain(plan: HubPlan, say_line: Callable[[str], None], *, show_qr: bool = False) -> int:
    """Serve until Ctrl+C or SIGTERM, printing the join address and who comes and goes, in plain lines.

    Each line is flushed as it is said: the output is a log or a pipe here, which Python would
    otherwise hold back until it has a buffer full.
    """

    def say(line: str) -> None:
        say_line(line)
        sys.stdout.flush()

    async def main() -> None:
        stopping = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stopping.set)
        seen: dict[str, str | None] = {}

        def changed() -> None:
            now = {tab.id: tab.name for tab in hub.tabs()}
            for tab_id, name in now.items():
                if tab_id not in seen:
                    say(f"{name} joined." if name else "Someone joined and is choosing their name.")
                elif seen[tab_id] != name:
                    say(f"{name} signed in." if name else f"{seen[tab_id]} signed out.")
            for tab_id, name in seen.items():
                if tab_id not in now:
                    say(f"{name or 'Someone who had not signed in'} left.")
            seen.clear()
            seen.update(now)

        hub = Hub(plan, on_change=changed)
        await hub.start()
        for line in hub.introduction():
            say(line)
        if show_qr:
            say("Or scan this QR code with a phone's camera:")
            for line in hub.qr_lines(light_on_dark=True):  # printed without colours, on a dark terminal
                say(line)
        say("Press Ctrl+C to stop the hub.")
        while not stopping.is_set():
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stopping.wait(), timeout=1.0)
            changed()  # names arrive in the tabs' status files, after the websocket opened
        say("Stopping: closing every connection. Everything saved is kept.")
        await hub.stop()

    asyncio.run(main())
    return 0


def run_screen(plan: HubPlan, *, show_qr: bool = False) -> int:
    """The hub under its own screen, in the chair's terminal (the server runs in the screen's event loop)."""
    from ..ui.hub_app import HubApp

    app = HubApp(Hub(plan), show_qr=show_qr)
    code = app.run()
    if app.problem:
        print(app.problem)
    return code or 0
