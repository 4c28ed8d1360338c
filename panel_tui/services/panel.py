"""`PanelService`: every action one person can take on one open session, and what they may read."""

from __future__ import annotations

from .banks import BankActions
from .questions import QuestionActions
from .reconcile import ReconcileActions
from .records import RecordsActions
from .scoring import ScoringActions
from .setup import SetupActions


class PanelService(SetupActions, QuestionActions, BankActions, ScoringActions, ReconcileActions, RecordsActions):
    """All actions on one open session, on behalf of one actor; reads through the read models only."""
