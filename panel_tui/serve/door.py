"""The door in front of the served app: the round password, a signed cookie, the Origin check.

textual-serve has no login and starts a process of the app for anyone who
opens its websocket. Here, nothing but the door's own page and the shipped
static files is served until the round password has been given, from the
link (`/?password=...`) or typed on the door page; a cookie signed with a
secret made when the hub starts stands for it afterwards, so a restarted hub
(a new password, a new secret) turns every old link and cookie away with a
plain sentence. The websocket also needs its Origin to be this hub: another
web page open in the same browser cannot reach the app.

Wrong passwords are slowed down per device (network address): after a few,
each next try must wait longer, and the door does not even check a try made
before its time. The PIN inside the app is what tells panel members apart;
this door keeps everyone else out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from aiohttp import web

from .words import matches

COOKIE = "panel_tui_hub"
COOKIE_HOURS = 14
"""How long one joining lasts: an interview day, not longer."""
FREE_TRIES = 3
"""Wrong passwords from one device before the door slows down."""
LONGEST_WAIT = 60.0
"""Seconds: the wait after many wrong tries stops growing here."""
PASSWORD_PARAM = "password"
PAGE_PARAMS = ("fontsize", "reader")
"""The page's own choices (larger text, screen-reader mode), kept when the door sends a browser on."""
OPEN_PREFIXES = ("/static/", "/hub/")
"""Files anyone may fetch: the shipped fonts, styles and scripts hold nothing about the round."""
DOOR_PATH = "/door"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

WRONG = "That password is not right. Check it with the chair and try again."
EXPIRED = (
    "This link does not work any more. The hub may have started again with a new password. "
    "Ask the chair for the new link or QR code."
)
ASK = "Type the round password the chair gave you."


def slowed(wait: float) -> str:
    seconds = max(1, round(wait))
    return f"Too many wrong tries from this device. Please wait {seconds} second{'s' if seconds > 1 else ''}, then try again."


@dataclass
class Tries:
    """Wrong passwords from one network address, and when it may try next."""

    wrong: int = 0
    not_before: float = 0.0


@dataclass
class Door:
    """The round password and the hub's secret; both live only as long as the hub runs."""

    password: str
    secure: bool = False
    """Set the cookie's Secure flag: the hub is reached over HTTPS (a proxy in front)."""
    allowed_origins: frozenset[str] = frozenset()
    """Origins accepted besides the request's own host (a public address behind a proxy)."""
    behind_proxy: bool = False
    """A proxy on this machine (Caddy) passes every device on: tell devices apart by its X-Forwarded-For."""
    clock: Callable[[], float] = time.monotonic
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    tries: dict[str, Tries] = field(default_factory=dict)

    # The cookie -------------------------------------------------------------

    def ticket(self) -> str:
        issued = str(int(time.time()))
        return f"{issued}.{self._sign(issued)}"

    def _sign(self, issued: str) -> str:
        return hmac.new(self.secret, issued.encode(), hashlib.sha256).hexdigest()

    def ticket_ok(self, value: str | None) -> bool:
        if not value or "." not in value:
            return False
        issued, signature = value.split(".", 1)
        if not issued.isdigit() or not hmac.compare_digest(signature, self._sign(issued)):
            return False
        return time.time() - int(issued) < COOKIE_HOURS * 3600

    def let_in(self, response: web.StreamResponse) -> None:
        response.set_cookie(
            COOKIE, self.ticket(), max_age=COOKIE_HOURS * 3600, httponly=True, samesite="Strict",
            secure=self.secure, path="/",
        )

    # The password -----------------------------------------------------------

    def wait_for(self, who: str) -> float:
        """Seconds this device must wait before its next try counts (0: now)."""
        tries = self.tries.get(who)
        return 0.0 if tries is None else max(0.0, tries.not_before - self.clock())

    def try_password(self, who: str, typed: str) -> str | None:
        """None when right; else the sentence to show. A try made before its time is not checked."""
        wait = self.wait_for(who)
        if wait > 0:
            return slowed(wait)
        if matches(typed, self.password):
            self.tries.pop(who, None)
            return None
        tries = self.tries.setdefault(who, Tries())
        tries.wrong += 1
        if tries.wrong >= FREE_TRIES:
            wait = min(LONGEST_WAIT, 2.0 ** (tries.wrong - FREE_TRIES + 1))
            tries.not_before = self.clock() + wait
            return slowed(wait)
        return WRONG

    def who(self, request: web.Request) -> str:
        """The device, for slowing down wrong tries: its address, or behind our own proxy the one it passed on.

        Only a proxy on this machine is believed (anyone could send the header); the last
        X-Forwarded-For entry is the one that proxy added.
        """
        remote = request.remote or "unknown"
        forwarded = request.headers.get("X-Forwarded-For", "")
        if self.behind_proxy and remote in ("127.0.0.1", "::1") and forwarded.strip():
            return forwarded.split(",")[-1].strip()
        return remote

    # The Origin -------------------------------------------------------------

    def origin_ok(self, request: web.Request) -> bool:
        """The websocket's Origin is this hub as the browser reached it (or the public address)."""
        origin = request.headers.get("Origin")
        if not origin:
            return False
        parts = urlsplit(origin)
        if f"{parts.scheme}://{parts.netloc}" in self.allowed_origins:
            return True
        return parts.scheme in ("http", "https") and parts.netloc == request.host

    # The middleware ---------------------------------------------------------

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if path.startswith(OPEN_PREFIXES) or path == DOOR_PATH:
            return await handler(request)
        if path == "/" and PASSWORD_PARAM in request.query:
            return await self._from_link(request)
        if not self.ticket_ok(request.cookies.get(COOKIE)):
            if path == "/":
                raise web.HTTPSeeOther(_door_url(request, None))
            raise web.HTTPForbidden(text="Join the panel from its link first.\n")
        if path == "/ws" and not self.origin_ok(request):
            raise web.HTTPForbidden(text="This page may only be opened from the hub's own address.\n")
        return await handler(request)

    async def _from_link(self, request: web.Request) -> web.StreamResponse:
        refusal = self.try_password(self.who(request), request.query.get(PASSWORD_PARAM, ""))
        if refusal is not None:
            raise web.HTTPSeeOther(_door_url(request, "slowed" if refusal.startswith("Too many") else "expired"))
        response = web.HTTPSeeOther(_page_url(request))
        self.let_in(response)
        raise response


def _kept(request: web.Request) -> dict[str, str]:
    return {k: request.query[k] for k in PAGE_PARAMS if k in request.query}


def page_address(choices: Mapping[str, str]) -> str:
    """The app's page with the page's own choices (larger text, screen-reader mode), in a steady order."""
    kept = {k: choices[k] for k in PAGE_PARAMS if choices.get(k)}
    return "/" + (f"?{urlencode(kept)}" if kept else "")


def _page_url(request: web.Request) -> str:
    return page_address(_kept(request))


def _door_url(request: web.Request, why: str | None) -> str:
    query = _kept(request) | ({"why": why} if why else {})
    return DOOR_PATH + (f"?{urlencode(query)}" if query else "")
