"""A browser tab without the browser, a terminal without a terminal, and the session they share.

- `Tab` speaks exactly what textual-serve's page speaks (`["stdin", text]`; the app's output arrives as
  binary frames of terminal bytes); `Terminal` runs `panel-tui open` on a pseudo-terminal. Both feed the
  output to pyte, so a test or the benchmark reads the screen as a person sees it.
- `start_hub` runs a real `panel-tui serve SESSION --port 0` and keeps every line it prints.
- `sign_in`, `open_next_sheet`, `give_scores`, `submit_sheet` are a panel member's steps; they work on
  anything with `until`, `press` and `text` (the browser tests wrap a Playwright page the same way).
- `build_round` makes a session through the services (everyone with a PIN but those given none);
  `saved_sheet` reads a sheet back through the services, as the member who owns it.

Used by tests/serve and bench/serve_bench.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import json
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import aiohttp
import pyte

from panel_tui.services import OpenedSession, new_session, sheet_for_scoring

KEYS = {
    "Down": "\x1b[B", "Up": "\x1b[A", "Right": "\x1b[C", "Left": "\x1b[D",
    "Enter": "\r", "Escape": "\x1b", "Backspace": "\x7f", "Tab": "\t",
}
"""Key names (as Playwright spells them, less 'Arrow') and the bytes a terminal sends for them."""
ESCAPE_PAUSE = 0.15
"""After a lone Escape, a terminal app waits a moment to tell it from the start of another key."""


class Screen(Protocol):
    """What a panel member's steps need: read the screen, wait for something on it, press keys."""

    def text(self) -> str: ...

    async def until(self, pattern: str, timeout: float = ...) -> float: ...

    async def press(self, *keys: str) -> float: ...

    async def settle(self, quiet: float = ..., after: float | None = ...) -> None: ...


def loose(words: str) -> str:
    """A regex for `words` that matches however the spaces between them were drawn (one, many, a new row)."""
    return r"\s+".join(re.escape(w) for w in words.split())


class Emulated:
    """The screen as pyte draws it from the app's output; subclasses say how bytes come and go."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.height = height
        self.screen = pyte.Screen(width, height)
        self.stream = pyte.ByteStream(self.screen)
        self.frames = 0
        """Chunks of output drawn so far."""
        self.last_frame = time.perf_counter()
        """When the last of them arrived."""
        self.closed = False

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def _receive(self, seconds: float) -> bytes | None:
        """The next output within `seconds` (b"" if none came), or None once the connection has closed."""
        raise NotImplementedError

    async def send(self, data: str) -> float:
        """Type as the browser or terminal would; returns when the keys were sent (perf_counter)."""
        raise NotImplementedError

    async def press(self, *keys: str) -> float:
        """Named keys (`KEYS`) or plain text, one after another; returns when the last was sent."""
        sent = time.perf_counter()
        for key in keys:
            sent = await self.send(KEYS.get(key, key))
            if key == "Escape":
                await self.pump(ESCAPE_PAUSE)
        return sent

    async def pump(self, seconds: float) -> bool:
        """Draw what the app sends for up to `seconds`; False once the connection has closed."""
        if self.closed:
            return False
        data = await self._receive(seconds)
        if data is None:
            self.closed = True
            return False
        if data:
            self.stream.feed(data)
            self.frames += 1
            self.last_frame = time.perf_counter()
        return True

    async def next_frame(self, timeout: float = 5.0) -> float:
        """Wait for the next output; returns when it arrived (perf_counter)."""
        frames = self.frames
        deadline = time.monotonic() + timeout
        while self.frames == frames:
            left = deadline - time.monotonic()
            if left <= 0 or not await self.pump(left):
                raise AssertionError(f"nothing drawn within {timeout:g} s; the screen:\n{self.text()}")
        return time.perf_counter()

    async def until(self, pattern: str, timeout: float = 20.0) -> float:
        """Wait until the screen shows `pattern` (a regex); returns when it first did (perf_counter)."""
        wanted = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while not wanted.search(self.text()):
            left = deadline - time.monotonic()
            if left <= 0 or not await self.pump(min(left, 0.5)):
                if wanted.search(self.text()):
                    break
                why = " (the connection closed)" if self.closed else ""
                raise AssertionError(f"never saw {pattern!r}{why}; the screen:\n{self.text()}")
        return time.perf_counter()

    async def settle(self, quiet: float = 0.3, after: float | None = None) -> None:
        """Read until the app has drawn nothing for `quiet` seconds (and, given `after`, drawn something since)."""
        deadline = time.monotonic() + 10
        while after is not None and self.last_frame <= after and time.monotonic() < deadline and not self.closed:
            await self.pump(0.1)
        frames = -1
        while frames != self.frames and not self.closed:
            frames = self.frames
            await self.pump(quiet)

    async def until_closed(self, timeout: float = 20.0) -> bool:
        """Read until the connection closes; False if it is still open after `timeout`."""
        deadline = time.monotonic() + timeout
        while not self.closed:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            await self.pump(min(left, 0.5))
        return True


class Tab(Emulated):
    """One browser tab's websocket to the hub."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, width: int = 80, height: int = 24) -> None:
        super().__init__(width, height)
        self.ws = ws

    async def _receive(self, seconds: float) -> bytes | None:
        try:
            message = await self.ws.receive(timeout=seconds)
        except TimeoutError:
            return b""
        if message.type == aiohttp.WSMsgType.BINARY:
            return bytes(message.data)
        if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING,
                            aiohttp.WSMsgType.ERROR):
            return None
        return b""  # textual-serve's own messages (a ping, an open-url request): nothing to draw

    async def send(self, data: str) -> float:
        sent = time.perf_counter()
        await self.ws.send_str(json.dumps(["stdin", data]))
        return sent

    async def resize(self, width: int, height: int) -> None:
        """As the page does when its window changes size; the app redraws at the new size."""
        self.width, self.height = width, height
        self.screen.resize(height, width)
        await self.ws.send_str(json.dumps(["resize", {"width": width, "height": height}]))


class Terminal(Emulated):
    """`panel-tui open SESSION` on a pseudo-terminal: a person at the machine's own keyboard."""

    def __init__(self, master: int, process: subprocess.Popen[bytes], width: int, height: int) -> None:
        super().__init__(width, height)
        self.master = master
        self.process = process
        self._output: asyncio.Queue[bytes | None] = asyncio.Queue()
        asyncio.get_running_loop().add_reader(master, self._readable)

    def _readable(self) -> None:
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the app has ended and the terminal is gone
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self.master)
            self._output.put_nowait(None)
            return
        self._output.put_nowait(data)

    async def _receive(self, seconds: float) -> bytes | None:
        try:
            return await asyncio.wait_for(self._output.get(), timeout=seconds)
        except TimeoutError:
            return b""

    async def send(self, data: str) -> float:
        sent = time.perf_counter()
        os.write(self.master, data.encode("utf-8"))
        return sent


@asynccontextmanager
async def terminal_app(session: Path, sessions_dir: Path, width: int = 80, height: int = 24) -> AsyncIterator[Terminal]:
    """The terminal app on `session`, in a pty of `width` x `height`; quit (or killed) on the way out."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(width), "LINES": str(height)}
    process = subprocess.Popen(
        [sys.executable, "-m", "panel_tui", "--sessions-dir", str(sessions_dir), "open", str(session)],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True, start_new_session=True,
    )
    os.close(slave)
    terminal = Terminal(master, process, width, height)
    try:
        yield terminal
    finally:
        with contextlib.suppress(OSError):
            asyncio.get_running_loop().remove_reader(master)
        _end(process, signal.SIGTERM)
        os.close(master)


def _end(process: subprocess.Popen[bytes] | subprocess.Popen[str], sig: int, timeout: float = 20) -> None:
    """Stop a process group we started: politely, then for certain."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# The hub ----------------------------------------------------------------------------------------------------------


class HubRefused(Exception):
    """The hub would not open a websocket: its HTTP status (403 for a wrong Origin, 503 when full)."""

    def __init__(self, status: int) -> None:
        super().__init__(f"the hub refused the websocket with HTTP {status}")
        self.status = status


@dataclass
class Hub:
    """A running `panel-tui serve` (a real process), the address it printed, and every line it printed."""

    process: subprocess.Popen[str]
    join_url: str
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None

    @property
    def base(self) -> str:
        parts = urlsplit(self.join_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def password(self) -> str:
        return self.join_url.split("password=", 1)[1]

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def printed(self, pattern: str) -> bool:
        return re.search(pattern, self.output, re.MULTILINE) is not None

    async def until_printed(self, pattern: str, timeout: float = 10.0) -> None:
        """Wait until the hub has printed a line matching `pattern` (it looks at its tabs once a second)."""
        deadline = time.monotonic() + timeout
        while not self.printed(pattern):
            if time.monotonic() > deadline:
                raise AssertionError(f"the hub never printed {pattern!r}; it printed:\n{self.output}")
            await asyncio.sleep(0.05)

    @asynccontextmanager
    async def tab(
        self, width: int = 80, height: int = 24, *, origin: str | None = None, join: bool = True,
    ) -> AsyncIterator[Tab]:
        """A new tab: the join link (for the cookie), then the websocket; each tab is a new app process."""
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:  # unsafe: cookies for an IP address
            if join:
                async with http.get(self.join_url) as joined:
                    joined.raise_for_status()
            url = f"{self.base.replace('http', 'ws', 1)}/ws?width={width}&height={height}"
            try:
                ws = await http.ws_connect(url, headers={"Origin": origin or self.base}, max_msg_size=0)
            except aiohttp.WSServerHandshakeError as refused:
                raise HubRefused(refused.status) from None
            async with ws:
                yield Tab(ws, width, height)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        """Stop the hub (and, should it hang, everything it started); returns its exit code."""
        _end(self.process, sig, timeout)
        if self.reader is not None:
            self.reader.join(timeout=5)
        return self.process.returncode


def start_hub(session: Path | None, sessions_dir: Path, *extra: str, env: dict[str, str] | None = None) -> Hub:
    """Start `panel-tui serve [SESSION] --port 0` and wait for its join address; its lines are kept as printed."""
    where = [str(session)] if session is not None else []
    process = subprocess.Popen(
        [sys.executable, "-m", "panel_tui", "--sessions-dir", str(sessions_dir), "serve", *where, "--port", "0", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env or dict(os.environ),
        start_new_session=True,
    )
    lines: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            _end(process, signal.SIGTERM)
            raise AssertionError("the hub stopped:\n" + "".join(lines))
        lines.append(line)
        if line.startswith("Join at: "):
            hub = Hub(process, line.removeprefix("Join at: ").strip(), lines)
            hub.reader = threading.Thread(target=_keep_lines, args=(process, lines), daemon=True)
            hub.reader.start()
            return hub
    _end(process, signal.SIGTERM)
    raise AssertionError("the hub printed no join address:\n" + "".join(lines))


def _keep_lines(process: subprocess.Popen[str], lines: list[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.append(line)


def stop_hub(hub: Hub, sig: int = signal.SIGTERM) -> str:
    """Stop the hub; returns everything it printed."""
    hub.stop(sig)
    return hub.output


# A panel member's steps -------------------------------------------------------------------------------------------

PERSON_ROW = re.compile(r"▊\s*(?P<name>\S.*?)\s+\((?P<group>[^,()]+),\s*(?P<role>[^()]+)\)")
"""One name on 'Who are you?': '▊ Dee Morgan  (Member, Panel member)  PIN'."""


def people_listed(text: str) -> list[str]:
    """The names on 'Who are you?', top to bottom."""
    return [m["name"] for line in text.splitlines() if (m := PERSON_ROW.search(line))]


PIN_FOR = r"PIN\s+for\s+"
NOT_ASKING = r"^(?![\s\S]*PIN\s+for\s)"
"""Matches a screen where no PIN is being asked for."""


async def sign_in(screen: Screen, name: str, pin: str, timeout: float = 30.0) -> None:
    """From 'Who are you?': move to `name`, Enter, type the PIN, Enter; done when the overview names them.

    Should the PIN be asked for someone else (Enter overtook an arrow: see `choose`), Escape and choose again.
    """
    await screen.until(r"Who are you\?", timeout)
    await screen.until(loose(name), timeout)
    for _ in range(3):
        await choose(screen, name)
        await screen.until(PIN_FOR + r"\S", timeout)
        if re.search(PIN_FOR + loose(name), screen.text()):
            break
        await screen.press("Escape")
        await screen.until(NOT_ASKING, timeout)
    else:
        raise AssertionError(f"never asked for {name}'s PIN; the screen:\n{screen.text()}")
    await screen.press(pin, "Enter")
    await screen.until(r"You:\s+" + loose(name), timeout)


async def choose(screen: Screen, name: str) -> None:
    """On 'Who are you?' (drawn): the arrows to `name`, then Enter."""
    await screen.settle()  # the list takes the keys once it is drawn and focused
    names = people_listed(screen.text())
    assert name in names, f"{name} is not listed: {names}"
    moved = await screen.press(*["Down"] * (names.index(name) + 1))  # nobody is chosen at first
    # Enter is the screen's priority key, handled as it arrives, while the arrows wait in the list's own
    # queue: typed at once, Enter would overtake them. So wait for the list to redraw, then quiet.
    await screen.settle(after=moved)
    await screen.press("Enter")


async def open_next_sheet(screen: Screen, timeout: float = 20.0) -> None:
    """From the overview: S (Score), Enter on the next candidate, agree the briefing when asked."""
    await screen.press("s")
    await screen.until(r"Whom\s+are\s+you\s+scoring\?", timeout)
    await screen.press("Enter")
    await screen.until(r"Question\s+\d+\s+of\s+\d+|Before\s+you\s+score", timeout)
    if re.search(r"Before\s+you\s+score", screen.text()):
        await screen.press("y")
        await screen.until(r"Question\s+\d+\s+of\s+\d+", timeout)


async def give_scores(
    screen: Screen, scores: Sequence[int], first: int = 1, gap: float = 0.0, *, each: bool = True,
) -> None:
    """A digit per question from question `first` (the screen moves on by itself), `gap` seconds apart.

    `each`: wait for every score to show before the next key; else type them all, then wait for the line
    of the sheet to show them all (a screen reader's view of the page is redrawn only once a second).
    """
    for number, score in enumerate(scores, start=first):
        await screen.press(str(score))
        if each:
            await screen.until(rf"Q{number}={score}")
        if gap:
            await asyncio.sleep(gap)
    if not each:
        await screen.until(r"\s+".join(f"Q{n}={s}" for n, s in enumerate(scores, start=first)))


async def submit_sheet(screen: Screen, timeout: float = 20.0) -> None:
    """S on the scoring screen, Y to 'Submit this sheet?'; done when the sheet says it is submitted."""
    await screen.press("s")
    await screen.until(r"Submit\s+this\s+sheet\?", timeout)
    await screen.press("y")
    await screen.until(r"✓\s+Submitted", timeout)


def block_from(text: str, first_words: str) -> str:
    """The text of a box drawn over the screen (a notice), from the row and column where `first_words` start.

    A notice is drawn at the right of the screen, wrapped to its own width, over whatever was there; reading
    each row from the notice's first column on, joined without spaces, gives its words in order.
    """
    rows = text.splitlines()
    for top, row in enumerate(rows):
        column = row.find(first_words)
        if column >= 0:
            return "".join(r[column:].strip(" ▌▐▎▊▍▋▏") for r in rows[top:])
    return ""


def shows_notice(text: str, message: str) -> bool:
    """The screen shows `message` in a notice, however it was wrapped."""
    first = " ".join(message.split()[:2])
    return "".join(message.split()) in "".join(block_from(text, first).split())


# The session ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelRound:
    """A session built through the services, with the PINs its panel members were given."""

    path: Path
    sessions_dir: Path
    member_ids: dict[str, str]
    """Name -> id."""
    pins: dict[str, str]
    """Name -> PIN ("" for none)."""
    candidate_ids: tuple[str, ...]
    """In interview order: C01, C02, ..."""
    questions: int


def build_round(
    sessions_dir: Path,
    people: Sequence[tuple[str, str, str]],
    *,
    candidates: int = 2,
    questions: int = 3,
    vacancy: str = "Peer mentor",
) -> PanelRound:
    """A session whose first person chairs; each person is (name, group, PIN or "")."""
    (chair_name, chair_group, chair_pin), *others = people
    opened, chair = new_session(sessions_dir, vacancy, organisation="Harbour", chair_name=chair_name, chair_group=chair_group)
    assert chair is not None
    as_chair = opened.sign_in(chair.id)
    if chair_pin:
        as_chair.edit_member(chair.id, pin=chair_pin)  # the chair's PIN first: then anyone may have one
    ids = {chair_name: chair.id}
    for name, group, pin in others:
        ids[name] = as_chair.add_member(name, group, pin=pin).id
    for number in range(1, questions + 1):
        question = as_chair.propose_question(f"Question number {number}: tell us about a time you helped someone.")
        as_chair.set_question_status(question.id, "agreed")
    as_chair.lock_questions()
    candidate_ids = tuple(as_chair.add_candidate(f"Candidate {n}", slot=f"Tue {9 + n}:00").id for n in range(1, candidates + 1))
    return PanelRound(
        opened.path, sessions_dir, ids, {name: pin for name, _, pin in people}, candidate_ids, questions,
    )


@dataclass(frozen=True)
class SavedSheet:
    scores: list[int | None]
    """In question order; None where not scored."""
    notes: list[str]
    submitted: bool


def saved_sheet(round_: PanelRound, name: str, candidate: int = 0) -> SavedSheet:
    """One member's sheet as saved in the session file, read as that member (rule 1 lets them see their own)."""
    service = OpenedSession.open(round_.path).sign_in(round_.member_ids[name], round_.pins[name])
    sheet = sheet_for_scoring(service.view(), round_.member_ids[name], round_.candidate_ids[candidate])
    return SavedSheet(
        [sheet.scores.get(q.id) for q in sheet.questions], [sheet.notes.get(q.id, "") for q in sheet.questions], sheet.submitted,
    )
