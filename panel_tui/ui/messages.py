"""Messages screens post up to the app: 'attributes down, messages up'."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from ..services import Actor


class OpenSession(Message):
    """Someone chose a session file to work on."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class SignedIn(Message):
    """Someone said who they are on the 'Who are you?' screen."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
