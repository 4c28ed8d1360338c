"""Shared fixtures: every test works in its own folders, never in sessions/."""

from __future__ import annotations

from pathlib import Path

import pytest


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
