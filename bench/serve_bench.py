"""The hub under load: many browser tabs' worth of panel members typing scores at once (issue 12).

Run by hand:  python bench/serve_bench.py [--only PART ...] [--tabs 20] [--gap 0.3] [--ramp 10,15,20]
              (PART: keys, first, capacity; all three by default, a few minutes on 2 cores)

Every run starts a real `panel-tui serve SESSION --port 0` (a subprocess; each tab is its own app
process, as for a browser) on a fresh copy of one session: a chair and 40 panel members, each with a
PIN, 2 candidates and 12 agreed questions on the 0-4 scale. A tab is the websocket client of
tests/serve/hub_client.py, which speaks the protocol textual-serve's page speaks. Each tab signs in as
a different panel member with their PIN, presses S and Enter for the first candidate, and then types
one digit every --gap seconds (300 ms; the tabs start staggered over one gap), the screen moving on to
the next question after each (auto-advance), so every digit is a save to the session file.

- keys (a): --tabs tabs (20) at once. Key to screen: from sending the digit to the arrival of the frame
  in which the sheet's line shows it ("Q3=2"; the raw frames are searched, so the client's own terminal
  emulation is not timed); key to first frame is shown beside it. Memory per tab: RSS and PSS (shared
  pages split between the processes sharing them) of the hub's child processes, from /proc, while every
  tab is signed in; the hub's own RSS apart. CPU: what the apps, the hub and this client used while
  typing, and the apps with nobody typing. Reference, same run, same pace: 1 tab alone; ratio of p95.
- first (b): time to the first screen in headless Chromium (the system's, driven by Playwright): from
  `page.goto(join link)` to the arrival in the page of the frame that completes 'Who are you?' with
  the names on it (the page's own websocket frames, drawn with pyte). Median and max over --loads page
  loads, each in a new browser context (the door, the cookie, a new app process). Reference, same
  run: the websocket client alone, from opening the websocket to the same screen (the app's start).
  Then --burst: 8 and 20 people opening the link at the same moment (websocket clients): when each
  sees the first screen (every tab starts a process, so they queue for the machine's cores).
- capacity (c): tabs ramped (--ramp: 10 to 40 by 5) at the --gap pace until key-to-screen p95 passes
  100 ms (or a digit is not shown within 5 s); prints the largest number of tabs under it. The hub
  serves at most MAX_TABS tabs (panel_tui/serve/server.py), so the ramp stops there.

Targets: (a) p95 at most 50 ms with 20 tabs; (b) first screen at most 2 s. The machine's other load
shows in every figure, most of all in the tails and in the capacity ramp.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pyte

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from panel_tui.serve.server import MAX_TABS  # noqa: E402
from tests.serve.hub_client import (  # noqa: E402
    Hub,
    PanelRound,
    Tab,
    build_round,
    open_next_sheet,
    sign_in,
    start_hub,
)

PARTS = ("keys", "first", "capacity")
MEMBERS = MAX_TABS
QUESTIONS = 12
KEYS_TARGET_MS = 50.0
CAPACITY_LIMIT_MS = 100.0
FIRST_SCREEN_TARGET_S = 2.0
IDLE_SECONDS = 3.0
"""Seconds the signed-in tabs sit on the scoring screen, nobody typing, to measure what waiting costs."""
SIGNING_IN_AT_ONCE = 4
"""Tabs signing in at the same moment while a run gets ready (each starts a process and checks a PIN)."""
SHOWN_WITHIN = 5.0
"""Seconds a digit may take to show before it counts as not shown."""
ANSI = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1bP[^\x1b]*\x1b\\|\x1b[()][A-Z0-9]|\x1b[=>78]")


def say(line: str = "") -> None:
    print(line, flush=True)


# The session --------------------------------------------------------------------------------------------


def build_template(folder: Path) -> PanelRound:
    """A chair and MEMBERS panel members, each with their own PIN; built once, copied for every run."""
    folder.mkdir(parents=True, exist_ok=True)
    groups = ("member", "volunteer", "staff")
    people = [("Chair Person", "staff", "1000")] + [
        (f"Member {n:02d}", groups[n % 3], f"{1000 + n}") for n in range(1, MEMBERS + 1)
    ]
    return build_round(folder, people, candidates=2, questions=QUESTIONS, vacancy="Bench round")


def fresh_copy(template: PanelRound, work: Path) -> PanelRound:
    """The template's folder copied whole: the session file, its audit trail and its backups."""
    folder = Path(tempfile.mkdtemp(prefix="run-", dir=work)) / "sessions"
    shutil.copytree(template.sessions_dir, folder, ignore=shutil.ignore_patterns("*.lock"))
    return dataclasses.replace(template, path=folder / template.path.name, sessions_dir=folder)


# Memory, from /proc -------------------------------------------------------------------------------------


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB; (0, 0) if it has gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(Rss|Pss):\s+(\d+) kB", rollup, re.MULTILINE))
    return int(values.get("Rss", 0)), int(values.get("Pss", 0))


@dataclass
class Memory:
    tabs: int
    rss_per_tab: float
    pss_per_tab: float
    hub_rss: float


def measure_memory(hub: Hub, tabs: int) -> Memory:
    children = [memory_kib(pid) for pid in descendants(hub.process.pid)]
    rss = sum(r for r, _ in children)
    pss = sum(p for _, p in children)
    return Memory(tabs, rss / 1024 / tabs, pss / 1024 / tabs, memory_kib(hub.process.pid)[0] / 1024)


# (a) and (c): tabs typing -------------------------------------------------------------------------------


@dataclass
class Run:
    tabs: int
    shown: list[float] = field(default_factory=list)
    """Seconds from each digit sent to the frame that shows it."""
    first_frame: list[float] = field(default_factory=list)
    missed: int = 0
    memory: Memory | None = None
    ready_s: float = 0.0
    """Seconds to open every tab, sign in and open the sheet (not timed in the figures)."""
    idle_cores: float = 0.0
    """Cores the tabs' app processes use with everyone on the scoring screen and nobody typing."""
    load_before: float = 0.0
    """The machine's load average (1 minute) as the run began: other people's work shows in the figures."""
    typing_s: float = 0.0
    cpu: tuple[float, float, float] = (0.0, 0.0, 0.0)
    """CPU seconds while typing: the tabs' app processes, the hub, this client."""

    def cpu_line(self) -> str:
        apps, hub, client = self.cpu
        return (f"{self.tabs} tab{'s' if self.tabs != 1 else ''} typing for {self.typing_s:.1f} s used {apps:.1f} CPU s in the apps, {hub:.1f} in the hub, "
                f"{client:.1f} in this client ({(apps + hub + client) / self.typing_s:.2f} cores of {os.cpu_count()}; "
                f"{self.idle_cores:.2f} with nobody typing); load average before: {self.load_before:.1f}")


async def get_ready(hub: Hub, stack: AsyncExitStack, name: str, pin: str, gate: asyncio.Semaphore) -> Frames:
    """A tab tall enough to list every name on 'Who are you?'; once signed in, 80x24 like the tests.

    From then on the tab reads all the time, as a browser does: it answers the hub's pings (a tab that
    does not is closed after the heartbeat) and stamps every frame as it arrives.
    """
    async with gate:
        tab = await stack.enter_async_context(hub.tab(80, MEMBERS + 12))
        await sign_in(tab, name, pin, timeout=120)
        await tab.resize(80, 24)
        await open_next_sheet(tab, timeout=60)
    await tab.settle()
    return Frames(tab)


class Frames:
    """Every frame one tab receives, stamped as it arrives (a reader task of its own), as text without escapes."""

    def __init__(self, tab: Tab) -> None:
        self.tab = tab
        self.seen: list[tuple[float, bytes]] = []
        self.arrived = asyncio.Event()
        self.task = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        try:
            async for message in self.tab.ws:
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.seen.append((time.perf_counter(), ANSI.sub(b"", message.data)))
                    self.arrived.set()
        except aiohttp.ClientError:
            pass
        self.tab.closed = True
        self.arrived.set()

    async def shown(self, marker: bytes, sent: float) -> tuple[float | None, float | None]:
        """(first frame after `sent`, the frame showing `marker`), in seconds after `sent`."""
        first: float | None = None
        checked = 0
        tail = b""
        deadline = sent + SHOWN_WITHIN
        while True:
            for arrived, text in self.seen[checked:]:
                if arrived <= sent:
                    continue
                if first is None:
                    first = arrived - sent
                if marker in tail + text:
                    return first, arrived - sent
                tail = (tail + text)[-32:]
            checked = len(self.seen)
            self.arrived.clear()
            left = deadline - time.perf_counter()
            if left <= 0:
                return first, None
            try:
                await asyncio.wait_for(self.arrived.wait(), timeout=left)
            except TimeoutError:
                pass


async def type_digits(frames: Frames, index: int, keys: int, gap: float, offset: float, run: Run) -> None:
    await asyncio.sleep(offset)
    start = time.perf_counter()
    for number in range(1, keys + 1):
        await asyncio.sleep(max(0.0, start + (number - 1) * gap - time.perf_counter()))
        value = (number + index) % 5
        if frames.tab.closed:
            raise SystemExit(f"tab {index + 1}'s connection closed while typing")
        sent = await frames.tab.send(str(value))
        first, shown = await frames.shown(f"Q{number}={value}".encode(), sent)
        if first is not None:
            run.first_frame.append(first)
        if shown is None:
            run.missed += 1
        else:
            run.shown.append(shown)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time of these processes so far (clock ticks from /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


async def typing_run(template: PanelRound, work: Path, tabs: int, keys: int, gap: float) -> Run:
    """A fresh session and hub; `tabs` tabs sign in, then all type at once."""
    round_ = fresh_copy(template, work)
    hub = start_hub(round_.path, round_.sessions_dir)
    run = Run(tabs, load_before=os.getloadavg()[0])
    try:
        async with AsyncExitStack() as stack:
            began = time.perf_counter()
            gate = asyncio.Semaphore(SIGNING_IN_AT_ONCE)
            names = [f"Member {n:02d}" for n in range(1, tabs + 1)]
            readers = await asyncio.gather(*(get_ready(hub, stack, n, round_.pins[n], gate) for n in names))
            run.ready_s = time.perf_counter() - began
            await asyncio.sleep(1.0)  # the last sign-ins' saves and redraws are over
            run.memory = measure_memory(hub, tabs)
            apps = descendants(hub.process.pid)
            idle_from, idle_cpu = time.perf_counter(), cpu_seconds(apps)
            await asyncio.sleep(IDLE_SECONDS)
            run.idle_cores = (cpu_seconds(apps) - idle_cpu) / (time.perf_counter() - idle_from)
            cpu_before = cpu_seconds(apps), cpu_seconds([hub.process.pid]), time.process_time()
            wall = time.perf_counter()
            await asyncio.gather(*(
                type_digits(frames, i, keys, gap, gap * i / tabs, run) for i, frames in enumerate(readers)
            ))
            run.typing_s = time.perf_counter() - wall
            run.cpu = (
                cpu_seconds(apps) - cpu_before[0], cpu_seconds([hub.process.pid]) - cpu_before[1],
                time.process_time() - cpu_before[2],
            )
            for frames in readers:
                frames.task.cancel()
    finally:
        hub.stop()
        shutil.rmtree(round_.sessions_dir.parent, ignore_errors=True)
    return run


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f}"


def run_row(label: str, run: Run) -> str:
    memory = run.memory
    mem = f"{memory.rss_per_tab:7.1f} {memory.pss_per_tab:7.1f}" if memory else " " * 15
    return (
        f"{label:<18}{run.tabs:>5}{len(run.shown) + run.missed:>6}{run.missed:>5}"
        f" {ms(statistics.median(run.shown)) if run.shown else '    n/a'} {ms(percentile(run.shown, 95))}"
        f" {ms(max(run.shown)) if run.shown else '    n/a'}"
        f" {ms(statistics.median(run.first_frame)) if run.first_frame else '    n/a'} {ms(percentile(run.first_frame, 95))}"
        f"  {mem}"
    )


RUN_HEADER = (
    f"{'':<18}{'tabs':>5}{'keys':>6}{'lost':>5} {'screen':>7} {'p95':>7} {'max':>7} {'frame':>7} {'p95':>7}  "
    f"{'RSS/tab':>7} {'PSS/tab':>7}\n"
    f"{'':<18}{'':>5}{'':>6}{'':>5} {'p50 ms':>7} {'ms':>7} {'ms':>7} {'p50 ms':>7} {'ms':>7}  {'MiB':>7} {'MiB':>7}"
)


async def part_keys(template: PanelRound, work: Path, args: argparse.Namespace) -> list[str]:
    say(f"\n(a) Key to screen: each tab types a digit every {args.gap * 1000:.0f} ms ({args.keys} digits each)")
    reference = await typing_run(template, work, 1, args.keys, args.gap)
    many = await typing_run(template, work, args.tabs, args.keys, args.gap)
    say(RUN_HEADER)
    say(run_row("reference: 1 tab", reference))
    say(run_row(f"{args.tabs} tabs at once", many))
    say(reference.cpu_line())
    say(many.cpu_line())
    ratio = percentile(many.shown, 95) / percentile(reference.shown, 95)
    assert many.memory is not None
    say(f"ratio of p95, {args.tabs} tabs / 1 tab: {ratio:.2f}   "
        f"(getting {args.tabs} tabs signed in took {many.ready_s:.1f} s; the hub itself: {many.memory.hub_rss:.1f} MiB RSS)")
    p95 = percentile(many.shown, 95) * 1000
    verdict = "met" if p95 <= KEYS_TARGET_MS and not many.missed else "NOT met"
    return [f"(a) {args.tabs} tabs, key to screen p95 {p95:.1f} ms (target at most {KEYS_TARGET_MS:.0f} ms): {verdict}"
            f"; memory per tab {many.memory.rss_per_tab:.1f} MiB RSS, {many.memory.pss_per_tab:.1f} MiB PSS"]


async def part_capacity(template: PanelRound, work: Path, args: argparse.Namespace) -> list[str]:
    steps = [n for n in args.ramp if n <= MAX_TABS]
    say(f"\n(c) Capacity: tabs ramped {', '.join(map(str, steps))} until key-to-screen p95 passes {CAPACITY_LIMIT_MS:.0f} ms")
    say(RUN_HEADER)
    largest = 0
    passed_limit = False
    for tabs in steps:
        run = await typing_run(template, work, tabs, args.keys, args.gap)
        say(run_row(f"{tabs} tabs", run))
        if percentile(run.shown, 95) * 1000 > CAPACITY_LIMIT_MS or run.missed:
            passed_limit = True
            break
        largest = tabs
    if passed_limit:
        found = f"{largest} tabs" if largest else f"fewer than {steps[0]} tabs"
        line = f"(c) capacity: {found} at once keep key-to-screen p95 at most {CAPACITY_LIMIT_MS:.0f} ms"
    else:
        line = (f"(c) capacity: at least {largest} tabs keep p95 at most {CAPACITY_LIMIT_MS:.0f} ms; the ramp stopped "
                f"at the hub's limit of {MAX_TABS} tabs (MAX_TABS), so the real figure is higher")
    return [line]


# (b) The first screen in Chromium ------------------------------------------------------------------------


def screen_ready(screen: pyte.Screen, name: str) -> bool:
    text = "\n".join(screen.display)
    return "Who are you?" in text and name in text


async def first_screen_in_browser(hub: Hub, chromium: str, loads: int) -> list[float]:
    from playwright.async_api import WebSocket, async_playwright

    times: list[float] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for _ in range(loads):
                context = await browser.new_context()
                page = await context.new_page()
                screen = pyte.Screen(300, 100)  # larger than any page's terminal: the app draws at its own size
                stream = pyte.ByteStream(screen)
                shown = asyncio.get_running_loop().create_future()

                def on_frame(payload: str | bytes, screen: pyte.Screen = screen, stream: pyte.ByteStream = stream,
                             shown: asyncio.Future[float] = shown) -> None:
                    if isinstance(payload, bytes) and not shown.done():
                        stream.feed(payload)
                        if screen_ready(screen, "Member 01"):
                            shown.set_result(time.perf_counter())

                def on_websocket(websocket: WebSocket, on_frame=on_frame) -> None:  # type: ignore[no-untyped-def]
                    websocket.on("framereceived", on_frame)

                page.on("websocket", on_websocket)
                began = time.perf_counter()
                await page.goto(hub.join_url)
                times.append(await asyncio.wait_for(shown, timeout=30) - began)
                await context.close()
                await asyncio.sleep(1.0)  # the page's app process ends before the next load
        finally:
            await browser.close()
    return times


async def first_screen_by_websocket(hub: Hub, loads: int) -> list[float]:
    times = []
    for _ in range(loads):
        began = time.perf_counter()
        async with hub.tab() as tab:
            times.append(await tab.until(r"Who are you\?[\s\S]*Member 01") - began)
        await asyncio.sleep(1.0)
    return times


async def first_screens_at_once(hub: Hub, tabs: int) -> list[float]:
    """`tabs` people open the link at the same moment: when does each see 'Who are you?'."""
    began = time.perf_counter()

    async def one(stack: AsyncExitStack) -> float:
        tab = await stack.enter_async_context(hub.tab())
        return await tab.until(r"Who are you\?[\s\S]*Member 01", timeout=120) - began

    async with AsyncExitStack() as stack:
        times = await asyncio.gather(*(one(stack) for _ in range(tabs)))
    await asyncio.sleep(2.0)  # their app processes end before whatever comes next
    return list(times)


async def part_first(template: PanelRound, work: Path, args: argparse.Namespace) -> list[str]:
    chromium = args.chromium or shutil.which("chromium")
    say(f"\n(b) First screen in headless Chromium ({chromium}), {args.loads} page loads")
    if chromium is None:
        say("Chromium is not installed (apt-get install chromium): skipped.")
        return ["(b) first screen: not measured (no Chromium)"]
    round_ = fresh_copy(template, work)
    hub = start_hub(round_.path, round_.sessions_dir)
    try:
        browser = await first_screen_in_browser(hub, chromium, args.loads)
        client = await first_screen_by_websocket(hub, args.loads)
        bursts = {n: await first_screens_at_once(hub, n) for n in args.burst}
    finally:
        hub.stop()
        shutil.rmtree(round_.sessions_dir.parent, ignore_errors=True)
    say(f"{'':<40}{'median s':>9}{'max s':>8}   each")
    say(f"{'Chromium: link to first screen':<40}{statistics.median(browser):>9.2f}{max(browser):>8.2f}   "
        + " ".join(f"{t:.2f}" for t in browser))
    say(f"{'reference: websocket client (app start)':<40}{statistics.median(client):>9.2f}{max(client):>8.2f}   "
        + " ".join(f"{t:.2f}" for t in client))
    say(f"ratio of medians, Chromium / websocket client: {statistics.median(browser) / statistics.median(client):.2f}")
    for n, times in bursts.items():
        say(f"{f'{n} people open the link at once (client)':<40}{statistics.median(times):>9.2f}{max(times):>8.2f}")
    verdict = "met" if max(browser) <= FIRST_SCREEN_TARGET_S else "NOT met"
    return [f"(b) first screen in Chromium: median {statistics.median(browser):.2f} s, max {max(browser):.2f} s "
            f"(target at most {FIRST_SCREEN_TARGET_S:.0f} s): {verdict}"]


# Main ---------------------------------------------------------------------------------------------------


def _counts(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n.strip()]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Parts: keys (a: 20 tabs typing, memory), first (b: first screen in Chromium), capacity (c: the ramp).",
    )
    parser.add_argument("--only", action="append", choices=PARTS, metavar="PART", help="run only this part (repeatable)")
    parser.add_argument("--tabs", type=int, default=20, help="tabs at once in part a (default 20)")
    parser.add_argument("--keys", type=int, default=QUESTIONS, help=f"digits each tab types (default and most {QUESTIONS})")
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between one tab's digits (default 0.3)")
    parser.add_argument("--loads", type=int, default=5, help="page loads in part b (default 5)")
    parser.add_argument("--burst", type=_counts, default=[8, 20],
                        help="part b also opens this many tabs at the same moment, comma-separated (default 8,20)")
    parser.add_argument("--ramp", type=_counts, default=[10, 15, 20, 25, 30, 35, 40],
                        help="tab counts for part c, comma-separated (default 10,15,...,40)")
    parser.add_argument("--chromium", help="the Chromium to drive (default: chromium on PATH)")
    args = parser.parse_args(argv)
    if not 1 <= args.keys <= QUESTIONS:
        parser.error(f"--keys is 1 to {QUESTIONS}")
    if not 1 <= args.tabs <= MAX_TABS:
        parser.error(f"--tabs is 1 to {MAX_TABS} (the hub's MAX_TABS)")
    return args


async def main(args: argparse.Namespace) -> None:
    parts = args.only or list(PARTS)
    say(f"Hub bench: {os.cpu_count()} cores, Python {sys.version.split()[0]}, each run a new `panel-tui serve` "
        f"on a session of {MEMBERS} panel members x {QUESTIONS} questions")
    verdicts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="serve-bench-") as scratch:
        work = Path(scratch)
        template = build_template(work / "template")
        for part, run in (("keys", part_keys), ("first", part_first), ("capacity", part_capacity)):
            if part in parts:
                verdicts += await run(template, work, args)
    say("\nVerdicts")
    for line in verdicts:
        say(line)


if __name__ == "__main__":
    asyncio.run(main(parse()))
