"""Child processes for the store tests: each imports the same panel_tui as the test that starts it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import panel_tui


def child_env() -> dict[str, str]:
    root = str(Path(panel_tui.__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def start_python(code: str, *args: str) -> subprocess.Popen[str]:
    """Run `code` in a new Python process (argv[1:] = args), with pipes for stdin and stdout."""
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=child_env(),
    )


def wait_for_line(child: subprocess.Popen[str], expected: str) -> None:
    """Block until the child says `expected` (it flushes each line); fail plainly if it died first."""
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == expected, f"the child said {line!r} (exit code {child.poll()})"
