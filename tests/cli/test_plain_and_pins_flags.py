"""`--plain` and `--require-pins` reach what they switch on, from the real command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from panel_tui.services.demo import ensure_demo


def _run(tmp_path: Path, *args: str, typed: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "panel_tui", "--sessions-dir", str(tmp_path), *args],
        input=typed, capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path,
    )


def test_plain_open_speaks_in_lines_and_ends_cleanly_at_end_of_input(tmp_path: Path) -> None:
    demo, _ = ensure_demo(tmp_path)
    done = _run(tmp_path, "--plain", "open", str(demo), typed="")
    assert done.returncode == 0, done.stderr
    assert "Who are you?" in done.stdout and "End of input" in done.stdout
    assert "\x1b" not in done.stdout


def test_require_pins_refuses_someone_without_a_pin(tmp_path: Path) -> None:
    demo, _ = ensure_demo(tmp_path)
    done = _run(tmp_path, "--plain", "--require-pins", "open", str(demo), typed="2\n")
    assert "You need a PIN to sign in here" in done.stdout, done.stdout
    assert "Signed in as" not in done.stdout
    free = _run(tmp_path, "--plain", "open", str(demo), typed="2\n")
    assert "Signed in as Dee Morgan" in free.stdout, "without the flag, a demo member without a PIN signs in"
