"""The application layer: every action a user can take on a session.

The UI, the CLI and scripts all act through `PanelService`. Each action is
checked against the rules, audited, and saved in one locked, atomic write.
"""

from .actor import Actor
from .banks import (
    Bank,
    BankActions,
    BankError,
    BankExists,
    BankQuestion,
    bank_to_toml,
    export_bank,
    load_bank,
)
from .questions import QuestionActions
from .reconcile import ReconcileActions
from .records import PurgeReport, RecordsActions, restore_session
from .scoring import ScoringActions
from .sessions import SessionSummary, SignIn, check_session, list_sessions, new_session, summarise
from .setup import SetupActions


class PanelService(SetupActions, QuestionActions, BankActions, ScoringActions, ReconcileActions, RecordsActions):
    """All actions on one open session, on behalf of one actor."""


__all__ = [
    "Actor",
    "Bank",
    "BankActions",
    "BankError",
    "BankExists",
    "BankQuestion",
    "PanelService",
    "PurgeReport",
    "SessionSummary",
    "SignIn",
    "bank_to_toml",
    "check_session",
    "export_bank",
    "list_sessions",
    "load_bank",
    "new_session",
    "restore_session",
    "summarise",
]
