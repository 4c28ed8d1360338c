"""Run plain mode as a real process typing lines, on the demo session in a temporary folder.

Every run checks what a screen reader would be given: no traceback, no
escape character, no box-drawing character, whatever was typed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_tui.services import OpenedSession
from panel_tui.services.demo import ensure_demo

TIMEOUT = 20
BOXES = re.compile("[\u2500-\u259f]")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


TypeLines = Callable[[Sequence[str]], Run]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo session (no PINs; C01 all submitted, C02 part, C03 and C04 nothing), in its own folder."""
    path, _ = ensure_demo(tmp_path / "sessions")
    return path


def number_of(path: Path, name: str) -> str:
    """The number a person types to choose their own name on 'Who are you?'."""
    people = OpenedSession.open(path).who_are_you().people
    return str(next(n for n, p in enumerate(people, start=1) if p.name == name))


def run_plain_process(path: Path, typed: Sequence[str], *, close: bool = True) -> Run:
    """`python -m panel_tui.plain open PATH`, typing each line; the input ends after the last one."""
    environment = dict(os.environ, NO_COLOR="1")
    completed = subprocess.run(
        [sys.executable, "-m", "panel_tui.plain", "--sessions-dir", str(path.parent), "open", str(path)],
        input="".join(f"{line}\n" for line in typed),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=environment,
        cwd=path.parent,
    )
    for stream in (completed.stdout, completed.stderr):
        assert "Traceback" not in stream, stream
        assert "\x1b" not in stream, "an escape character reached the output"
        assert not BOXES.search(stream), f"a box-drawing character reached the output: {BOXES.search(stream)}"
    return Run(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def type_lines(demo: Path) -> TypeLines:
    def run(typed: Sequence[str]) -> Run:
        return run_plain_process(demo, typed)

    return run
