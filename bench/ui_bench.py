"""Key-to-screen and key-to-disk times of a digit on the scoring screen.

Run by hand:  python bench/ui_bench.py

Two runs: headless (Textual's test driver) and in a real pseudo-terminal
(the app runs in a child process on a pty at 80x24, keys are typed into the
pty at a brisk 40 ms apart, and every frame is written to the terminal).

A session of 50 candidates x 10 panel members x 12 questions, every other
sheet already fully scored (the file is as big as a busy round). One panel
member then scores 204 questions with digit keys. Each time is measured
inside the app, from the key event's own timestamp (when the key reached the
app) to (a) the refresh that shows the score, (b) the save returning after
fsync. Pilot's own harness time is not in either figure.

Reference, same process, same method: a 50x12 DataTable where a digit key
rewrites one cell (what a spreadsheet-style scoring screen would do).
"""

from __future__ import annotations

import asyncio
import json
import os
import pty
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import DataTable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from panel_tui.domain.models import Candidate, PanelMember, Question, QuestionStatus, ScoreSheet  # noqa: E402
from panel_tui.services import Actor, PanelService, new_session  # noqa: E402
from panel_tui.ui.app import make_app  # noqa: E402
from panel_tui.ui.screens.scoring import KeyTimings, ScoringScreen  # noqa: E402

CANDIDATES, MEMBERS, QUESTIONS = 50, 10, 12
KEYS_TO_TIME = 204  # 17 candidates x 12 questions


def build_session(folder: Path) -> tuple[Path, str, list[str]]:
    """A full-size session; bulk-built through one store transaction to keep set-up quick."""
    session_file, chair = new_session(folder, "Benchmark round", chair_name="Chair", chair_group="staff")
    assert chair is not None
    members = [chair] + [PanelMember(name=f"Panel member {i}", group=["member", "volunteer", "staff"][i % 3]) for i in range(1, MEMBERS)]
    candidates = [Candidate(name=f"Candidate {i}", code=f"C{i:02d}", position=i) for i in range(1, CANDIDATES + 1)]
    questions = [Question(text=f"Question {i}: tell us about a time you supported someone.", status=QuestionStatus.AGREED, position=i, guidance=["Listens", "Keeps boundaries"], anchors={0: "No example", 4: "Clear, safe example"}) for i in range(1, QUESTIONS + 1)]
    scorer = members[1]
    with session_file.transaction() as tx:
        for model in [*members[1:], *candidates, *questions]:
            tx.put(model)
        for m in members:
            for c in candidates:
                if m.id == scorer.id:
                    continue
                tx.put(ScoreSheet(member_id=m.id, candidate_id=c.id, scores={q.id: (hash((m.id, c.id, q.id)) % 5) for q in questions}))
    PanelService(session_file, Actor.of(chair)).lock_questions()
    PanelService(session_file, Actor.of(scorer)).confirm_briefing()
    return session_file.path, scorer.id, [c.id for c in candidates]


def summary(name: str, samples: list[float]) -> tuple[str, float, float]:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return name, statistics.median(ordered) * 1000, p95 * 1000


async def time_scoring(path: Path, scorer_id: str, candidate_ids: list[str]) -> KeyTimings:
    timings = KeyTimings()
    with tempfile.TemporaryDirectory() as settings_dir:
        app = make_app(path.parent, settings_file=Path(settings_dir) / "s.json")
        async with app.run_test(size=(80, 24)) as pilot:
            from panel_tui.store import SessionFile

            service = PanelService(SessionFile.open(path), Actor(scorer_id, "Panel member 1", None))
            service.actor = Actor.of(service.state.member(scorer_id))
            pressed = 0
            for candidate_id in candidate_ids:
                if pressed >= KEYS_TO_TIME:
                    break
                await app.push_screen(ScoringScreen(service, app.saves, scorer_id, candidate_id, timings))
                await pilot.pause()
                for i in range(QUESTIONS):
                    await pilot.press(str((i + pressed) % 5))
                    pressed += 1
                app.saves.drain()
                await pilot.pause()
                app.pop_screen()
                await pilot.pause()
            app.saves.drain()
            await pilot.pause()
    return timings


class CellTable(App[None]):
    """The reference: one cell of a 50x12 DataTable rewritten per digit key."""

    def __init__(self) -> None:
        super().__init__()
        self.to_screen: list[float] = []
        self.row = 0
        self.col = 0

    def compose(self) -> ComposeResult:
        table: DataTable[str] = DataTable()
        for i in range(1, QUESTIONS + 1):
            table.add_column(f"Q{i}", width=4)
        for r in range(50):
            table.add_row(*["·"] * QUESTIONS, key=str(r))
        yield table

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            table = self.query_one(DataTable)
            self.count = getattr(self, "count", 0) + 1
            table.update_cell_at((self.row, self.col), f"#{self.count}")
            self.col = (self.col + 1) % QUESTIONS
            if self.col == 0:
                self.row = (self.row + 1) % 50
            key_time = event.time
            self.call_after_refresh(lambda: self.to_screen.append(time.monotonic() - key_time))


async def time_reference() -> list[float]:
    app = CellTable()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for i in range(KEYS_TO_TIME):
            await pilot.press(str(i % 5))
        await pilot.pause()
    return app.to_screen


# Real terminal: the app in a child process on a pty ---------------------------


def child_scoring(path: Path, scorer_id: str, candidate_ids: list[str], out: Path) -> None:
    """Runs in the child: the real app, F9 moves to the next candidate, timings saved on exit."""
    from panel_tui.store import SessionFile
    from panel_tui.ui.app import PanelApp

    timings = KeyTimings()

    class BenchApp(PanelApp):
        CSS_PATH = str(Path(sys.modules[PanelApp.__module__].__file__ or "").parent / "app.tcss")
        BINDINGS = [("f9", "bench_next", "Next candidate")]

        def on_mount(self) -> None:
            super().on_mount()
            session_file = SessionFile.open(path)
            self.bench_service = PanelService(session_file, Actor.of(session_file.state().member(scorer_id)))
            self.next_candidate = 0
            self.set_timer(0.5, self.action_bench_next)

        def action_bench_next(self) -> None:
            if isinstance(self.screen, ScoringScreen):
                self.saves.drain()
                self.pop_screen()
            candidate = candidate_ids[self.next_candidate]
            self.next_candidate += 1
            self.push_screen(ScoringScreen(self.bench_service, self.saves, scorer_id, candidate, timings))

    with tempfile.TemporaryDirectory() as settings_dir:
        app = BenchApp(path.parent, settings_file=Path(settings_dir) / "s.json")
        app.run()
        if app.return_code:
            raise SystemExit(app.return_code)
    out.write_text(json.dumps({"to_screen": timings.to_screen, "to_disk": timings.to_disk}))


def child_reference(out: Path) -> None:
    app = CellTable()
    app.run()
    out.write_text(json.dumps({"to_screen": app.to_screen}))


ANSI = re.compile(rb"\x1b\[[0-9;?<>]*[A-Za-z~]|\x1b[()][A-Z0-9]|\x1b[=>]")


def drive_pty(args: list[str], keys: list[tuple[bytes, str | None]], gap: float = 0.04) -> list[float]:
    """Start this script as a child on a pty of 80x24, type the keys, let it finish.

    For each key with a marker, the time from writing the key into the terminal
    to the marker text appearing in what the app writes back: key to screen,
    as a terminal sees it.
    """
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
    child = subprocess.Popen([sys.executable, __file__, *args], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)

    transcript = bytearray()

    def pump(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([master], [], [], left)
            if ready:
                try:
                    transcript.extend(os.read(master, 65536))
                except OSError:
                    return

    def wait_for(marker: bytes, since: int, limit: float = 2.0) -> bool:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if re.search(marker, ANSI.sub(b"", bytes(transcript[since:]))):
                return True
            ready, _, _ = select.select([master], [], [], 0.002)
            if ready:
                transcript.extend(os.read(master, 65536))
        return False

    latencies: list[float] = []
    pump(2.5)
    for key, marker in keys:
        since = len(transcript)
        sent = time.monotonic()
        os.write(master, key)
        if marker is not None and wait_for(marker.encode(), since):  # a regular expression
            latencies.append(time.monotonic() - sent)
        pump(gap if marker is not None else 0.5)  # after moving to the next candidate, a person reads first
    pump(1.0)
    child.wait(timeout=60)
    os.close(master)
    if child.returncode:
        raise SystemExit(f"the app in the pty failed:\n{transcript[-3000:].decode(errors='replace')}")
    return latencies


def time_in_pty(path: Path, scorer: str, candidates: list[str]) -> tuple[dict[str, list[float]], list[float]]:
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "scoring.json"
        keys: list[tuple[bytes, str | None]] = []
        for n in range(KEYS_TO_TIME):
            if n and n % QUESTIONS == 0:
                keys.append((b"\x1b[20~", None))  # F9: next candidate
            digit = n % 5
            number = n % QUESTIONS + 1
            keys.append((str(digit).encode(), rf"[Qq]uestion {number}(: | scored ){digit} \("))
        keys.append((b"\x11", None))  # Ctrl+Q
        ours = json.loads("{}")
        ours["seen"] = drive_pty(["--child-scoring", str(path), scorer, ",".join(candidates), str(out)], keys)
        ours.update(json.loads(out.read_text()))
        ref_out = Path(work) / "reference.json"
        ref_keys = [(str(n % 5).encode(), rf"#{n + 1}\b") for n in range(KEYS_TO_TIME)] + [(b"\x11", None)]
        reference = drive_pty(["--child-reference", str(ref_out)], ref_keys)
    return ours, reference


def report(title: str, to_screen: list[float], to_disk: list[float], reference: list[float]) -> None:
    rows = [
        summary("digit -> score on screen", to_screen),
        summary("digit -> save durable on disk", to_disk),
        summary("reference: digit -> DataTable cell on screen", reference),
    ]
    print(f"\n{title}: {len(to_screen)} digit keys\n")
    print(f"{'measure':<46}{'median ms':>10}{'p95 ms':>10}")
    for name, median, p95 in rows:
        print(f"{name:<46}{median:>10.1f}{p95:>10.1f}")
    screen_p95, disk_p95, ref_p95 = rows[0][2], rows[1][2], rows[2][2]
    print(f"screen p95 / reference p95: {screen_p95 / ref_p95:.2f}")
    print(f"target p95 <= 50 ms: screen {'met' if screen_p95 <= 50 else 'NOT met'}, disk {'met' if disk_p95 <= 50 else 'NOT met'}")


def main() -> None:
    if sys.argv[1:2] == ["--child-scoring"]:
        path, scorer, candidates, out = sys.argv[2:6]
        child_scoring(Path(path), scorer, candidates.split(","), Path(out))
        return
    if sys.argv[1:2] == ["--child-reference"]:
        child_reference(Path(sys.argv[2]))
        return
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        path, scorer, candidates = build_session(Path(folder))
        size_kb = path.stat().st_size / 1024
        print(f"Session: {CANDIDATES} candidates x {MEMBERS} panel members x {QUESTIONS} questions, "
              f"{size_kb:.0f} KB, built in {time.perf_counter() - start:.1f} s")
        timings = asyncio.run(time_scoring(path, scorer, candidates))
        reference = asyncio.run(time_reference())
        report("Headless (Textual's test driver; both timed inside the app from the key event)", timings.to_screen, timings.to_disk, reference)
        path2, scorer2, candidates2 = build_session(Path(folder) / "pty")
        ours, ref = time_in_pty(path2, scorer2, candidates2)
        report(
            "Real pseudo-terminal, 80x24, keys 40 ms apart\n(screen: key written to the pty -> the score seen in the app's output; disk: timed in the app)",
            ours["seen"], ours["to_disk"], ref,
        )


if __name__ == "__main__":
    main()
