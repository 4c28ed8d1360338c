"""Messages screens and workers post up to the app: 'attributes down, messages up'."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from ..services import OpenedSession, PanelService


class OpenSession(Message):
    """Someone chose a session file to work on."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class SessionOpened(Message):
    """The file was opened and checked, off the event loop (opening may migrate it, under its lock)."""

    def __init__(self, opened: OpenedSession) -> None:
        super().__init__()
        self.opened = opened


class CannotOpen(Message):
    """Opening the file failed (posted from the worker that tried): the reason, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class SavesDone(Message):
    """Every queued save has finished (posted by the quitting worker): the app may close."""


class SignedIn(Message):
    """Someone said who they are on the 'Who are you?' screen (with their PIN where they have one)."""

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service


class SessionChanged(Message, bubble=False):
    """The session file changed (a save here or in another terminal): the app's one watcher says so."""


class SessionUnreadable(Message, bubble=False):
    """The session file changed into something that cannot be read safely; nothing will be written to it."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
