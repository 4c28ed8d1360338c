"""The README's 'Use from Python' example runs as written, and .ci/run runs the README's test command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_use_from_python_example_runs(tmp_path: Path) -> None:
    match = re.search(r"## Use from Python.*?```python\n(.*?)```", README, re.S)
    assert match, "the README has a Python example"
    script = tmp_path / "example.py"
    script.write_text(match.group(1), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "submitted a score sheet" in done.stdout
    assert list((tmp_path / "sessions").glob("*.json"))


def test_ci_runs_exactly_the_readme_test_command() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("## ", 1)[0]
    commands = re.findall(r"```\n(.+?)\n```", quick_start)
    assert len(commands) == 2, "the Quick start has exactly two commands"
    test_command = commands[1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
