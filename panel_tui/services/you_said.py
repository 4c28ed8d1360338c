""""You said, we did": what happened to what each panel member gave, once outcomes are final."""

from __future__ import annotations

from .base import ServiceBase


class YouSaidActions(ServiceBase):
    """The actions of this part of the round, on behalf of the service's actor."""
