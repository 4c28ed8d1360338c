"""The sift: each reviewer scores one sift question across every applicant, blind; then the shortlist."""

from __future__ import annotations

from .base import ServiceBase


class SiftActions(ServiceBase):
    """The actions of this part of the round, on behalf of the service's actor."""
