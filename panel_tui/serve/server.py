"""The hub's web server: textual-serve's, with our door, our page and a list of who is connected.

textual-serve starts one process of the app for each browser tab (its
`AppService`) and relays the websocket to it. This subclass changes only
what it must, without forking it:

- the door (`door.Door`) stands in front of every route but the static files;
- our page template: nothing is fetched from outside the machine (the font
  is the one textual-serve ships), a "larger text" choice and xterm.js's
  screen-reader mode as a choice, and a plain message when the link drops;
- each tab's process is told its tab id and the hub's folder, where the app
  writes who signed in (`panel_tui.ui.hub_status`), so the hub can list
  names, never network addresses, and close a tab on the chair's word;
- the websocket URL is built from the address the browser used, so the page
  works at 127.0.0.1, at the machine's network address and behind a proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from .door import ASK, DOOR_PATH, EXPIRED, PAGE_PARAMS, PASSWORD_PARAM, WRONG, Door, page_address, slowed

log = logging.getLogger("panel-tui.hub")

HERE = Path(__file__).parent
FONT_SIZE = 16
LARGER_FONT_SIZE = 24
MAX_TABS = 40
"""Browser tabs served at once: each is a process of about 35-60 MiB. More are turned away politely."""

NOT_HERE = "There is nothing at this address. Ask the chair for the link to join the panel.\n"

XTERM_OPTIONS = 'scrollback:0,fontFamily:"\'Roboto Mono\', Monaco, \'Courier New\', monospace"'
"""textual-serve's xterm.js options, as its bundled textual.js spells them (checked at start-up)."""
XTERM_OPTIONS_WITH_READER = XTERM_OPTIONS + ',screenReaderMode:"1"===e.dataset.screenReader'


def textual_js() -> bytes:
    """textual-serve's browser script, with xterm.js's screen-reader mode switched by the page.

    textual-serve creates the terminal with fixed options and keeps it out of
    reach, so the one option is added to its script as served. If a new
    textual-serve spells the options differently, the hub refuses to start
    rather than quietly serving a page without the choice (a test checks it).
    """
    import textual_serve

    script = (Path(textual_serve.__file__).parent / "static" / "js" / "textual.js").read_text("utf-8")
    if script.count(XTERM_OPTIONS) != 1:
        raise RuntimeError("This textual-serve's textual.js is not the one panel-tui knows: cannot add screen-reader mode.")
    return script.replace(XTERM_OPTIONS, XTERM_OPTIONS_WITH_READER).encode("utf-8")


@dataclass
class Tab:
    """One browser tab: its process, its websocket, and who signed in there (from the app's status file)."""

    id: str
    joined: datetime
    websocket: web.WebSocketResponse
    name: str | None = None
    role: str | None = None


@dataclass
class Tabs:
    """Who is connected now. Read by the hub's screen; names come from the tabs' status files."""

    folder: Path
    by_id: dict[str, Tab] = field(default_factory=dict)

    def status_of(self, tab_id: str) -> dict[str, Any]:
        try:
            data = json.loads((self.folder / f"{tab_id}.json").read_bytes())
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def refresh(self) -> list[Tab]:
        """Read each tab's status file (a few small files) and return the tabs, oldest first."""
        for tab in self.by_id.values():
            status = self.status_of(tab.id)
            name, role = status.get("name"), status.get("role")
            tab.name = name if isinstance(name, str) and name.strip() else None
            tab.role = role if isinstance(role, str) and tab.name else None
        return sorted(self.by_id.values(), key=lambda t: t.joined)

    async def disconnect(self, tab_id: str) -> bool:
        tab = self.by_id.get(tab_id)
        if tab is None:
            return False
        await tab.websocket.close(code=WSCloseCode.GOING_AWAY, message=b"The chair closed this connection.")
        return True


class HubAppService(AppService):
    """textual-serve's app process, told its tab id and where to say who signed in."""

    def __init__(self, *args: Any, tab_id: str, hub_folder: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tab_id = tab_id
        self.hub_folder = hub_folder

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment["PANEL_TUI_HUB_DIR"] = str(self.hub_folder)
        environment["PANEL_TUI_HUB_TAB"] = self.tab_id
        return environment

    async def run(self) -> None:
        """When the app's process ends for any reason (quit, crash), close the tab: the page says the link dropped."""
        try:
            await super().run()
        finally:
            with contextlib.suppress(Exception):
                await self.remote_close()


class HubServer(Server):
    """textual-serve's server behind the door, with our page and the list of tabs."""

    def __init__(
        self,
        command: str,
        door: Door,
        hub_folder: Path,
        *,
        host: str,
        port: int,
        title: str,
        public_url: str | None = None,
        max_tabs: int = MAX_TABS,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.door = door
        self.tabs = Tabs(hub_folder)
        self.max_tabs = max_tabs
        self.given_public_url = public_url
        self.on_change = on_change or (lambda: None)
        self.script = textual_js()

    # The aiohttp application -------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[_safety_headers, self.door.middleware])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws", self.handle_websocket, name="websocket"),
            web.get("/download/{key}", self.handle_download, name="download"),
            web.get(DOOR_PATH, self.handle_door, name="door"),
            web.post(DOOR_PATH, self.handle_door_post),
            web.get("/hub/textual.js", self.handle_script),
            web.static("/hub", HERE / "static", name="hub"),
            web.static("/static", self.statics_path, name="static"),
        ])
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_shutdown(self, app: web.Application) -> None:
        """Close every tab so each app process finishes its saves and ends; browsers say the link dropped."""
        for tab_id in list(self.tabs.by_id):
            await self.tabs.disconnect(tab_id)

    def _base_url(self, request: web.Request) -> str:
        if self.given_public_url:
            return self.given_public_url.rstrip("/")
        return f"{request.scheme}://{request.host}"

    # The page -------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        larger = request.query.get("fontsize") == "larger"
        reader = request.query.get("reader") == "1"
        font_size = LARGER_FONT_SIZE if larger else to_int(request.query.get("fontsize", ""), FONT_SIZE)
        base = self._base_url(request)
        ws = ("wss:" if base.startswith("https") else "ws:") + base.split(":", 1)[1] + "/ws"
        context = {
            "title": self.title,
            "font_size": max(10, min(40, font_size)),
            "reader": reader,
            "larger": larger,
            "websocket_url": ws,
            "toggle_larger": _with(request, "fontsize", None if larger else "larger"),
            "toggle_reader": _with(request, "reader", None if reader else "1"),
        }
        return aiohttp_jinja2.render_template("hub_page.html", request, context)

    async def handle_script(self, request: web.Request) -> web.Response:
        return web.Response(body=self.script, content_type="application/javascript")

    # The door page --------------------------------------------------------------

    async def handle_door(self, request: web.Request) -> web.StreamResponse:
        why = request.query.get("why")
        wait = self.door.wait_for(self.door.who(request))
        message = slowed(wait) if wait > 0 else {"expired": EXPIRED, "wrong": WRONG}.get(why or "", "")
        return self._door_page(request, request.query, message)

    async def handle_door_post(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        typed = str(form.get(PASSWORD_PARAM, ""))
        refusal = self.door.try_password(self.door.who(request), typed)
        if refusal is not None:
            await asyncio.sleep(0.5)  # every wrong try costs the guesser a little time, too
            return self._door_page(request, {k: str(v) for k, v in form.items()}, refusal, status=403)
        response = web.HTTPSeeOther(page_address({k: str(form[k]) for k in PAGE_PARAMS if form.get(k)}))
        self.door.let_in(response)
        raise response

    def _door_page(self, request: web.Request, choices: Mapping[str, str], message: str, status: int = 200) -> web.Response:
        """The door page; `choices` (larger text, screen-reader mode) come from the address, or the form just sent."""
        context = {
            "title": self.title,
            "message": message,
            "ask": ASK,
            "kept": {k: choices[k] for k in PAGE_PARAMS if choices.get(k)},
            "larger": choices.get("fontsize") == "larger",
        }
        return aiohttp_jinja2.render_template("door.html", request, context, status=status)

    # The websocket: one tab, one process ----------------------------------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if len(self.tabs.by_id) >= self.max_tabs:
            raise web.HTTPServiceUnavailable(text="The hub is full just now. Please try again in a minute.\n")
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        tab_id = uuid.uuid4().hex
        app_service: AppService | None = None
        await websocket.prepare(request)
        self.tabs.by_id[tab_id] = Tab(tab_id, datetime.now().astimezone(), websocket)
        self.on_change()
        try:
            app_service = HubAppService(
                self.command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
                tab_id=tab_id,
                hub_folder=self.tabs.folder,
            )
            await app_service.start(width, height)
            await self._process_messages(websocket, app_service)
        except asyncio.CancelledError:
            await websocket.close()
            raise
        except Exception as error:  # one tab's failure must not stop the hub
            log.exception(error)
        finally:
            if app_service is not None:
                with contextlib.suppress(Exception):
                    await asyncio.shield(app_service.stop())
            self.tabs.by_id.pop(tab_id, None)
            with contextlib.suppress(OSError):
                (self.tabs.folder / f"{tab_id}.json").unlink(missing_ok=True)
            self.on_change()
        return websocket


@web.middleware
async def _safety_headers(request: web.Request, handler: Any) -> web.StreamResponse:
    """Nothing from outside the machine, no framing, no referrer (the link carries the password)."""
    try:
        response: web.StreamResponse = await handler(request)
    except web.HTTPNotFound as missing:
        plain = web.HTTPNotFound(text=NOT_HERE)
        _add_safety_headers(plain)
        raise plain from missing
    except web.HTTPException as refusal:
        _add_safety_headers(refusal)
        raise
    _add_safety_headers(response)
    return response


def _add_safety_headers(response: web.StreamResponse) -> None:
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; connect-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    )
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Cache-Control", "no-store")


def _with(request: web.Request, key: str, value: str | None) -> str:
    """This page's address with one of its choices changed (None: the choice removed)."""
    query = {k: request.query[k] for k in PAGE_PARAMS if k in request.query and k != key}
    if value is not None:
        query[key] = value
    return page_address(query)


def hub_folder() -> Path:
    """A private folder for the tabs' status files, removed when the hub stops."""
    import tempfile

    return Path(tempfile.mkdtemp(prefix="panel-tui-hub-"))
