"""Where panel-tui keeps things on disk, and how to move them.

Session files are people's data, so their folder is always explicit: the
`--sessions-dir` option, else `PANEL_TUI_SESSIONS_DIR`, else `sessions/` in
the current folder. Personal settings (the theme) live in the user's config
folder, or `PANEL_TUI_CONFIG_DIR`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from platformdirs import user_config_dir

SESSIONS_ENV = "PANEL_TUI_SESSIONS_DIR"
QUESTIONS_ENV = "PANEL_TUI_QUESTIONS_DIR"
CONFIG_ENV = "PANEL_TUI_CONFIG_DIR"
SESSION_SUFFIX = ".json"


def sessions_dir(option: str | Path | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get(SESSIONS_ENV)
    if env:
        return Path(env).expanduser()
    return Path.cwd() / "sessions"


def config_dir() -> Path:
    env = os.environ.get(CONFIG_ENV)
    return Path(env).expanduser() if env else Path(user_config_dir("panel-tui", appauthor=False))


def slug(text: str) -> str:
    """A file name from a vacancy title: lower case, words joined by dashes."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:60] or "session"


def free_session_path(folder: Path, title: str) -> Path:
    base = slug(title)
    candidate = folder / f"{base}{SESSION_SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}{SESSION_SUFFIX}"
        n += 1
    return candidate


def session_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob(f"*{SESSION_SUFFIX}") if p.is_file() and not p.name.startswith("."))


def questions_dir() -> Path:
    """Question banks: `PANEL_TUI_QUESTIONS_DIR`, else `questions/` here, else the shipped starter banks."""
    env = os.environ.get(QUESTIONS_ENV)
    if env:
        return Path(env).expanduser()
    here = Path.cwd() / "questions"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parent.parent / "questions"


def bank_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []
