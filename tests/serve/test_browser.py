"""Headless Chromium against a real `panel-tui serve` on 127.0.0.1, as a panel member would use it.

The browser is the system's Chromium (Debian's `chromium`), driven by Playwright for Python with its
executable path: `playwright install` is never needed. Where Chromium is missing the tests are skipped,
except when PANEL_TUI_REQUIRE_BROWSER is set (CI sets it, after installing Chromium): then they fail.

xterm.js draws the terminal on a canvas, so the screen is read where a screen reader reads it: the page
is opened in screen-reader mode (`reader=1`), and xterm keeps the rows as text in its accessibility tree
(redrawn at most once a second, which sets the pace here). That each test can read it at all shows the
mode works. Keys are typed with the page's keyboard, once the terminal has the focus, as after a person
clicks or tabs into it.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Request,
    WebSocket,
    async_playwright,
)

from .hub_client import (
    Hub,
    PanelRound,
    Screen,
    give_scores,
    open_next_sheet,
    saved_sheet,
    sign_in,
    submit_sheet,
)

pytestmark = pytest.mark.timeout(60)

CHROMIUM = shutil.which("chromium")
TREE = ".xterm-accessibility-tree"
KEY_NAMES = {
    "Down": "ArrowDown", "Up": "ArrowUp", "Left": "ArrowLeft", "Right": "ArrowRight",
    "Enter": "Enter", "Escape": "Escape", "Backspace": "Backspace", "Tab": "Tab",
}
LOCAL_SCHEMES = ("data", "blob", "about")


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if CHROMIUM is None:
        if os.environ.get("PANEL_TUI_REQUIRE_BROWSER"):  # set by .ci/run, which installs Chromium: never skipped in CI
            pytest.fail("Chromium is not installed, but this run requires the browser tests")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield chromium
        finally:
            await chromium.close()


@dataclass
class NetworkLog:
    """Every request a page makes (its websockets too), and what the browser said about blocked ones."""

    urls: list[str] = field(default_factory=list)
    refused_by_policy: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        def on_request(request: Request) -> None:
            self.urls.append(request.url)

        def on_websocket(websocket: WebSocket) -> None:
            self.urls.append(websocket.url)

        def on_console(message: ConsoleMessage) -> None:
            if "Content Security Policy" in message.text:
                self.refused_by_policy.append(message.text)

        page.on("request", on_request)
        page.on("websocket", on_websocket)
        page.on("console", on_console)

    def leaving(self) -> list[str]:
        """Requests for anywhere but 127.0.0.1."""
        return [
            url for url in self.urls
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).hostname != "127.0.0.1"
        ]


class PageScreen:
    """A page of the hub as hub_client's steps use a screen: its text, waiting for something on it, keys."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self._text = ""
        self.last_frame = time.perf_counter()
        page.on("websocket", self._watch_socket)

    def _watch_socket(self, websocket: WebSocket) -> None:
        def drawn(_: object) -> None:
            self.last_frame = time.perf_counter()

        websocket.on("framereceived", drawn)

    def text(self) -> str:
        return self._text

    async def read(self) -> str:
        tree = self.page.locator(TREE)
        self._text = await tree.inner_text() if await tree.count() else ""
        return self._text

    async def until(self, pattern: str, timeout: float = 20.0) -> float:
        wanted = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while not wanted.search(await self.read()):
            if time.monotonic() > deadline:
                raise AssertionError(f"the page never showed {pattern!r}; it shows:\n{self._text}")
            await asyncio.sleep(0.1)
        return time.perf_counter()

    async def press(self, *keys: str) -> float:
        for key in keys:
            if key in KEY_NAMES:
                await self.page.keyboard.press(KEY_NAMES[key])
            else:
                await self.page.keyboard.type(key)
        return time.perf_counter()

    async def settle(self, quiet: float = 0.3, after: float | None = None) -> None:
        """Until the app has sent nothing for `quiet` seconds, and something since `after` (the tree lags; the socket not)."""
        deadline = time.perf_counter() + 10
        while after is not None and self.last_frame <= after and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        while (since := time.perf_counter() - self.last_frame) < quiet:
            await asyncio.sleep(quiet - since)


async def open_app(context: BrowserContext, url: str, log: NetworkLog | None = None) -> PageScreen:
    """A new page at `url`, once 'Who are you?' shows and the terminal has the keyboard."""
    page = await context.new_page()
    if log is not None:
        log.watch(page)
    screen = PageScreen(page)
    await page.goto(url)
    await screen.until(r"Who are you\?")
    await page.locator(".xterm-helper-textarea").focus()
    return screen


def reader(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "reader=1"


async def test_a_member_joins_by_the_link_scores_a_whole_sheet_and_nothing_leaves_the_machine(
    browser: Browser, hub: Hub, round_: PanelRound
) -> None:
    log = NetworkLog()
    context = await browser.new_context()
    screen = await open_app(context, reader(hub.join_url), log)
    assert urlsplit(screen.page.url).query == "reader=1", "the password leaves the address bar"
    await sign_in(screen, "Dee Member", round_.pins["Dee Member"])
    await open_next_sheet(screen)
    await give_scores(screen, [3, 0, 4], gap=0.2, each=False)
    await submit_sheet(screen)
    await context.close()
    sheet = saved_sheet(round_, "Dee Member")
    assert sheet.scores == [3, 0, 4] and sheet.submitted
    assert any(urlsplit(url).path == "/ws" for url in log.urls) and len(log.urls) >= 5, log.urls
    assert log.leaving() == [], f"requests left 127.0.0.1: {log.leaving()}"
    assert log.refused_by_policy == [], "the page tried to fetch something its policy forbids"


async def test_the_door_page_turns_away_an_old_link_and_a_wrong_password_and_lets_the_right_one_in(
    browser: Browser, hub: Hub
) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(f"{hub.base}/?password=apple-river-cloud-two&reader=1")
    assert urlsplit(page.url).path == "/door"
    assert "does not work any more" in await page.get_by_role("alert").inner_text()
    field_ = page.get_by_label("Type the round password the chair gave you.")
    await field_.fill("maple otter cloud seven")
    await page.get_by_role("button", name="Join").click()
    assert "That password is not right." in await page.get_by_role("alert").inner_text()
    kept = await page.locator('input[type="hidden"][name="reader"]').count()
    assert kept == 1, "after a wrong password the door forgot the screen-reader choice"
    await page.get_by_label("Type the round password the chair gave you.").fill(hub.password.replace("-", " ").title())
    await page.get_by_role("button", name="Join").click()
    screen = PageScreen(page)
    await screen.until(r"Who are you\?")
    assert urlsplit(page.url).query == "reader=1", "the page's choice is kept through the door"
    await context.close()


async def test_a_websocket_from_a_page_at_another_origin_is_refused(browser: Browser, hub: Hub) -> None:
    context = await browser.new_context()
    joined = await context.request.get(hub.join_url, max_redirects=0)
    assert joined.status == 303, "the link sets the cookie (no page, so no app starts)"
    socket = f"{hub.base}/ws"
    other = await context.request.get(socket, headers={"Origin": "http://127.0.0.1:9"})
    assert other.status == 403 and "hub's own address" in await other.text()
    own = await context.request.get(socket, headers={"Origin": hub.base})
    assert own.status == 400, "with its own Origin the door lets it through (to a handshake this request is not)"

    elsewhere = await context.new_page()  # another site's page in the same browser (same host, another port)
    await elsewhere.route("http://127.0.0.1:9/", lambda route: route.fulfill(body="<p>another site</p>", content_type="text/html"))
    await elsewhere.goto("http://127.0.0.1:9/")
    outcome = await elsewhere.evaluate(
        """url => new Promise(done => {
            const ws = new WebSocket(url);
            ws.onopen = () => done("open");
            ws.onerror = () => done("refused");
        })""",
        socket.replace("http", "ws", 1),
    )
    assert outcome == "refused"
    await context.close()
    await asyncio.sleep(1.2)  # the hub looks at its tabs once a second
    assert not hub.printed("joined"), "no app was started for a refused websocket"


async def test_the_page_says_the_connection_is_lost_when_the_hub_stops_mid_sheet(
    browser: Browser, hub: Hub, round_: PanelRound
) -> None:
    context = await browser.new_context()
    screen = await open_app(context, reader(hub.join_url))
    await sign_in(screen, "Ash Member", round_.pins["Ash Member"])
    await open_next_sheet(screen)
    await give_scores(screen, [1, 2], gap=0.2, each=False)
    hub.process.send_signal(signal.SIGTERM)
    closed = screen.page.locator("#closed")
    await closed.wait_for(state="visible", timeout=20_000)
    said = await closed.inner_text()
    assert "The connection to the hub was lost." in said and "Everything you saved is kept." in said
    assert await closed.get_attribute("role") == "alert", "a screen reader reads it out when it appears"
    await context.close()
    assert hub.process.wait(timeout=20) == 0, "the hub stops cleanly on SIGTERM"
    assert saved_sheet(round_, "Ash Member").scores == [1, 2, None]


async def test_two_browsers_and_the_websocket_client_score_the_same_session_at_once(
    browser: Browser, hub: Hub, round_: PanelRound
) -> None:
    async def score(screen: Screen, name: str, scores: list[int], each: bool) -> None:
        await sign_in(screen, name, round_.pins[name])
        await open_next_sheet(screen)
        await give_scores(screen, scores, gap=0.2, each=each)
        await submit_sheet(screen)

    first, second = await browser.new_context(), await browser.new_context()
    dee, ash = await asyncio.gather(open_app(first, reader(hub.join_url)), open_app(second, reader(hub.join_url)))
    async with hub.tab() as lee:
        await asyncio.gather(
            score(dee, "Dee Member", [4, 4, 1], each=False),
            score(ash, "Ash Member", [2, 3, 3], each=False),
            score(lee, "Lee Staff", [0, 1, 2], each=True),
        )
    await first.close()
    await second.close()
    for name, scores in (("Dee Member", [4, 4, 1]), ("Ash Member", [2, 3, 3]), ("Lee Staff", [0, 1, 2])):
        sheet = saved_sheet(round_, name)
        assert (sheet.scores, sheet.submitted) == (scores, True), name
