"""`PanelService`: every action one person can take on one open session, and what they may read."""

from __future__ import annotations

from .applications import ApplicationActions
from .banks import BankActions
from .letters import LetterActions
from .questions import QuestionActions
from .reciprocity import ReciprocityActions
from .reconcile import ReconcileActions
from .records import RecordsActions
from .scoring import ScoringActions
from .setup import SetupActions
from .sift import SiftActions
from .you_said import YouSaidActions


class PanelService(
    SetupActions,
    QuestionActions,
    BankActions,
    ScoringActions,
    ReconcileActions,
    RecordsActions,
    ReciprocityActions,
    LetterActions,
    YouSaidActions,
    ApplicationActions,
    SiftActions,
):
    """All actions on one open session, on behalf of one actor; reads through the read models only."""
