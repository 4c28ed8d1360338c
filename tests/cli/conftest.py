"""Run the `panel-tui` command as a real process, always in temporary folders.

Every run checks that no traceback reaches the person at the terminal: each
failure a user can cause must be one plain sentence.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_tui.locations import SESSIONS_ENV

TIMEOUT = 20


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


RunCli = Callable[..., Run]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The sessions folder the tests pass with --sessions-dir (not made yet: the command makes it)."""
    return tmp_path / "sessions"


@pytest.fixture
def run_cli(tmp_path: Path) -> RunCli:
    """`run_cli("check", path)`: the command's exit code, stdout and stderr.

    Runs in `tmp_path` with stdin from /dev/null (so never a tty). `env` adds
    or, with a value of None, removes environment variables.
    """
    work = tmp_path / "cwd"
    work.mkdir()

    def run(*args: object, env: Mapping[str, str | None] | None = None) -> Run:
        environment = dict(os.environ)
        for key, value in (env or {}).items():
            if value is None:
                environment.pop(key, None)
            else:
                environment[key] = value
        completed = subprocess.run(
            [sys.executable, "-m", "panel_tui.cli", *map(str, args)],
            cwd=work,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert "Traceback" not in completed.stderr, completed.stderr
        assert "Traceback" not in completed.stdout, completed.stdout
        return Run(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def cwd_of_runs(tmp_path: Path) -> Path:
    """The folder `run_cli` runs in: where ./sessions would be made by default."""
    return tmp_path / "cwd"


def without_sessions_env() -> dict[str, str | None]:
    return {SESSIONS_ENV: None}


