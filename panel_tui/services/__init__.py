"""The application layer: every action a user can take on a session, and the read models.

The UI, the CLI and scripts all act through `PanelService`, which they get
from `OpenedSession` (open a file, sign in) or `new_session`. Each action is
checked against the rules and the rights table, audited, and saved in one
locked, atomic write; each read goes through a read model (`views`) that
applies rule 1 and the rights for the person reading.
"""

from ..store import SessionBusy
from ..store import StoreError as SessionProblem
from .actor import Actor
from .bank_file import Bank, BankError, BankExists, BankQuestion, bank_to_toml, load_bank
from .banks import BankActions, export_bank
from .base import ChangedElsewhere, version_of
from .panel import PanelService
from .records import PurgeReport
from .rights import Right
from .sessions import (
    OpenedSession,
    Person,
    SessionSummary,
    WhoAreYou,
    check_session,
    list_sessions,
    new_session,
    restore_session,
    summarise,
)
from .setup import CANDIDATE_FIELDS, DETAIL_FIELDS, MEMBER_FIELDS, SCALE_FIELDS
from .views import SessionView, SheetForScoring, sheet_for_scoring

__all__ = [
    "CANDIDATE_FIELDS",
    "DETAIL_FIELDS",
    "MEMBER_FIELDS",
    "SCALE_FIELDS",
    "Actor",
    "Bank",
    "BankActions",
    "BankError",
    "BankExists",
    "BankQuestion",
    "ChangedElsewhere",
    "OpenedSession",
    "PanelService",
    "Person",
    "PurgeReport",
    "Right",
    "SessionBusy",
    "SessionProblem",
    "SessionSummary",
    "SessionView",
    "SheetForScoring",
    "WhoAreYou",
    "bank_to_toml",
    "check_session",
    "export_bank",
    "list_sessions",
    "load_bank",
    "new_session",
    "restore_session",
    "sheet_for_scoring",
    "summarise",
    "version_of",
]
