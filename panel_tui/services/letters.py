"""Candidates' feedback letters: drafted from the agreed scores and reasons, edited by the chair, marked sent."""

from __future__ import annotations

from .base import ServiceBase


class LetterActions(ServiceBase):
    """The actions of this part of the round, on behalf of the service's actor."""
