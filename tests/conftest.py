"""Shared fixtures: every test works in its own folders, never in sessions/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import textual.constants
from hypothesis import HealthCheck, settings

# Apps under test scroll and fade without animation: the end state is the same, and every key a test presses
# no longer waits a fifth of a second for a scroll to finish (Pilot waits for the animator). Set before any
# app exists; `App.__init__` reads it (TEXTUAL_ANIMATIONS=none does the same for a person who wants no motion).
textual.constants.TEXTUAL_ANIMATIONS = "none"  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Session files and settings go to temporary folders, whatever a test forgets."""
    base = tmp_path_factory.mktemp("panel-tui-env")
    monkeypatch.setenv("PANEL_TUI_SESSIONS_DIR", str(base / "sessions"))
    monkeypatch.setenv("PANEL_TUI_CONFIG_DIR", str(base / "config"))


@pytest.fixture
def sessions_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "sessions"
    folder.mkdir()
    return folder


# Hypothesis: a quick profile for every run (and CI), a long one to run by hand:
#   HYPOTHESIS_PROFILE=long python3 -m pytest -k fuzz
settings.register_profile("default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
