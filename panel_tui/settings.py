"""Personal settings kept between runs (the theme), in the user's config folder.

Not session data: a damaged settings file falls back to the defaults rather
than stopping anyone from working.
"""

from __future__ import annotations

from pathlib import Path

import orjson
from pydantic import BaseModel, ValidationError

from .locations import config_dir
from .safe_files import make_private_folder, write_atomic

SETTINGS_FILE = "settings.json"


class Settings(BaseModel):
    theme: str = "dark"
    """The colour theme, including the high-contrast one."""


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        return Settings.model_validate(orjson.loads(path.read_bytes()))
    except (OSError, orjson.JSONDecodeError, ValidationError):
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    try:
        make_private_folder(path.parent)
        write_atomic(path, orjson.dumps(settings.model_dump(), option=orjson.OPT_INDENT_2))
    except OSError:
        pass  # a theme not remembered is not worth interrupting anyone for
