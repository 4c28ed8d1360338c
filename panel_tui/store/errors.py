"""File problems a user meets, each naming the file and what to do."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import PanelError


class StoreError(PanelError):
    """A session file cannot be used as asked."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


class SessionMissing(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, f"There is no session file at {path}. Check the name, or make one with 'panel-tui new'.")


class SessionExists(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(path, f"A session file already exists at {path}. Choose another name.")


class SessionDamaged(StoreError):
    """The file cannot be read safely: it is left exactly as it is."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            path,
            f"The session file {path} is damaged: {reason}. "
            "It has not been changed. Restore a backup (the .bak files beside it) "
            "or ask for help.",
        )
        self.reason = reason


class SessionTooNew(StoreError):
    def __init__(self, path: Path, version: int, supported: int) -> None:
        super().__init__(
            path,
            f"The session file {path} was made by a newer panel-tui "
            f"(file version {version}; this one reads up to {supported}). "
            "It has not been changed. Update panel-tui to open it.",
        )


class FolderNotWritable(StoreError):
    def __init__(self, path: Path, reason: str = "") -> None:
        extra = f" ({reason})" if reason else ""
        super().__init__(
            path,
            f"Cannot save in {path}: the folder cannot be written to{extra}. "
            "Choose another folder with --sessions-dir.",
        )
