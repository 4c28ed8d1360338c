"""Reciprocity for the round: offers, choices, time given, expenses, payments, recognition records.

Kept by HR (`Right.KEEP_RECIPROCITY`); a panel member reads only their own.
"""

from __future__ import annotations

from .base import ServiceBase


class ReciprocityActions(ServiceBase):
    """The actions of this part of the round, on behalf of the service's actor."""
