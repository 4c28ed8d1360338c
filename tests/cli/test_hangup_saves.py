"""A dropped line loses nothing typed (issue 12, point 4): `panel-tui open` in a real terminal, then SIGHUP.

An SSH login (the hub's choice for staff and screen-reader users) whose
connection drops gets SIGHUP; a stopped service gets SIGTERM. Either must
save the note on screen, still in its short pause before saving, as Ctrl+Q
and a closed browser tab do.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from panel_tui.services import new_session
from panel_tui.store import SessionFile

ESCAPES = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")


def _session(folder: Path) -> tuple[Path, str, str]:
    opened, chair = new_session(folder, "Peer mentor", chair_name="Sam Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    dee = svc.add_member("Dee Member", "member")
    candidate = svc.add_candidate("Alex Kim")
    question = svc.propose_question("Tell us about supporting someone.")
    svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    opened.sign_in(dee.id).confirm_briefing()
    return opened.path, dee.id, candidate.id


class Terminal:
    """A pseudo-terminal of 80x24 running one command; `wait_for` reads the screen's words as they are drawn."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True,
        )
        os.close(slave)
        self.seen = ""

    def _read(self, seconds: float) -> None:
        ready, _, _ = select.select([self.master], [], [], seconds)
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            self.seen += ESCAPES.sub("", chunk.decode("utf-8", "replace"))

    def wait_for(self, *words: str, seconds: float = 30.0) -> str:
        """Read until one of `words` is drawn; which one."""
        deadline = time.monotonic() + seconds
        while not (found := [w for w in words if w in self.seen]):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"never saw {words!r}; the screen said: {self.seen[-600:]!r}")
            self._read(0.05)
        self.seen = ""
        return found[0]

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> int:
        deadline = time.monotonic() + 30
        while self.process.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        os.close(self.master)
        if self.process.poll() is None:
            self.process.kill()
        return self.process.wait(timeout=10)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("signal_number", [signal.SIGHUP, signal.SIGTERM])
def test_the_note_on_screen_is_saved_when_the_line_drops(tmp_path: Path, signal_number: int) -> None:
    folder = tmp_path / "sessions"
    path, dee_id, candidate_id = _session(folder)
    env = {**os.environ, "TERM": "xterm-256color", "PANEL_TUI_CONFIG_DIR": str(tmp_path / "config"), "COLUMNS": "80", "LINES": "24"}
    terminal = Terminal(
        [sys.executable, "-m", "panel_tui.cli", "--sessions-dir", str(folder), "open", str(path)], tmp_path, env
    )
    try:
        terminal.wait_for("Sam Chair")
        for _ in range(5):  # the list starts with nobody chosen, also once it is first shown: Down until it takes
            terminal.press("\x1b[B")  # Down to Dee Member, the first name
            time.sleep(0.3)
            terminal.press("\r")
            if terminal.wait_for("You: Dee Member", "First move to your own name") == "You: Dee Member":
                break
        terminal.press("s")
        terminal.wait_for("Whom are you scoring?")
        terminal.press("\r")
        terminal.wait_for("Question 1 of 1")
        terminal.press("n")
        terminal.wait_for("Writing a note")
        terminal.press("Dropped")
        terminal.wait_for("Dropped")
        terminal.process.send_signal(signal_number)  # well inside the note's pause before saving
    finally:
        terminal.close()
    sheet = SessionFile.open(path).state().sheet(dee_id, candidate_id)
    assert sheet is not None and list(sheet.notes.values()) == ["Dropped"]
