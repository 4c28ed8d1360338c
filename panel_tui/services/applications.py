"""Written applications: imported from a CSV or typed in, identifying details kept apart, redacted before the sift."""

from __future__ import annotations

from .base import ServiceBase


class ApplicationActions(ServiceBase):
    """The actions of this part of the round, on behalf of the service's actor."""
