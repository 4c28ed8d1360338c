"""A session with PINs, and a real `panel-tui serve` on it that is always stopped, whatever the test did."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .hub_client import Hub, PanelRound, build_round, start_hub

PEOPLE = (
    ("Sam Chair", "staff", "1357"),
    ("Dee Member", "member", "2468"),
    ("Ash Member", "member", "3579"),
    ("Lee Staff", "staff", "4680"),
    ("Vic Volunteer", "volunteer", ""),
)
"""Sam chairs; everyone has a PIN but Vic, who therefore cannot join a served session."""


@pytest.fixture
def round_(sessions_dir: Path) -> PanelRound:
    """Two candidates, three agreed questions on the 0-4 scale, the panel of `PEOPLE`."""
    return build_round(sessions_dir, PEOPLE, candidates=2, questions=3)


@pytest.fixture
def hub(round_: PanelRound) -> Iterator[Hub]:
    """`panel-tui serve SESSION --port 0` (output not a terminal: plain lines); stopped and waited for after."""
    running = start_hub(round_.path, round_.sessions_dir)
    try:
        yield running
    finally:
        running.stop()
