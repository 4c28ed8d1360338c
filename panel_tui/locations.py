"""Where panel-tui keeps things on disk, and how to move them.

Session files are people's data, so their folder is always explicit: the
`--sessions-dir` option, else `PANEL_TUI_SESSIONS_DIR`, else `sessions/` in
the current folder. Exports go by default to `exports/` inside the session's
folder, which is kept out of git (`panel_tui.export.files.make_exports_folder`).
Personal settings (the theme) live in the user's config folder, or
`PANEL_TUI_CONFIG_DIR`. Question banks: see `questions_dir`.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

from platformdirs import user_config_dir

SESSIONS_ENV = "PANEL_TUI_SESSIONS_DIR"
QUESTIONS_ENV = "PANEL_TUI_QUESTIONS_DIR"
CONFIG_ENV = "PANEL_TUI_CONFIG_DIR"
SESSION_SUFFIX = ".json"
EXPORTS_FOLDER = "exports"
STARTER_BANKS = "starter_banks"


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


def exports_dir(session_path: Path) -> Path:
    """The default exports folder: `exports/` beside the session file, inside its sessions folder."""
    return Path(session_path).parent / EXPORTS_FOLDER


def default_export_folder(session_path: Path) -> Path:
    """Where a session's export goes unless HR chooses: `exports/<session file's name>/`."""
    path = Path(session_path)
    return exports_dir(path) / path.stem


def starter_banks_dir() -> Path:
    """The starter question banks shipped inside the package (package data, so a wheel carries them)."""
    shipped = resources.files("panel_tui") / STARTER_BANKS
    return shipped if isinstance(shipped, Path) else Path(__file__).resolve().parent / STARTER_BANKS


def questions_dir() -> Path:
    """Question banks: `PANEL_TUI_QUESTIONS_DIR`, else your own `questions/` here, else the starter banks.

    A person's own folder of banks wins over the shipped ones, so an
    organisation can keep its banks beside its sessions; the starter banks
    are found wherever panel-tui is installed.
    """
    env = os.environ.get(QUESTIONS_ENV)
    if env:
        return Path(env).expanduser()
    here = Path.cwd() / "questions"
    if here.is_dir():
        return here
    return starter_banks_dir()


def own_banks_dir() -> Path:
    """Where a session's agreed set is saved as a bank: `PANEL_TUI_QUESTIONS_DIR`, else `questions/` here.

    Never the starter banks' folder: that is part of the installed program,
    replaced on every upgrade and perhaps not writable. Saving there makes
    `questions/` here, so the saved bank is listed next time.
    """
    env = os.environ.get(QUESTIONS_ENV)
    return Path(env).expanduser() if env else Path.cwd() / "questions"


def bank_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.toml")) if folder.is_dir() else []
