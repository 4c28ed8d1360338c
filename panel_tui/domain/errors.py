"""Errors a user can cause, each with a message written for them.

The UI shows `str(error)` in a notification and the CLI prints it, so every
message is a short, plain sentence that says what went wrong and, where it
helps, what to do instead.
"""

from __future__ import annotations


class PanelError(Exception):
    """Something a person asked for that the rules do not allow."""


class EmptyName(PanelError):
    pass


class ScoreOutOfScale(PanelError):
    pass


class DuplicateCode(PanelError):
    pass


class UnknownMember(PanelError):
    pass


class UnknownCandidate(PanelError):
    pass


class UnknownQuestion(PanelError):
    pass


class SheetSubmitted(PanelError):
    pass


class NotAllowed(PanelError):
    pass


class WrongPin(PanelError):
    pass


class InvalidValue(PanelError):
    """A field that failed validation; the message names the field."""
