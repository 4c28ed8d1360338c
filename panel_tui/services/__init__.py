"""The application layer: every action a user can take on a session, and the read models.

The UI, the CLI and scripts all act through `PanelService`, which they get
from `OpenedSession` (open a file, sign in) or `new_session`. Each action is
checked against the rules and the rights table, audited, and saved in one
locked, atomic write; each read goes through a read model (`views`) that
applies rule 1 and the rights for the person reading.
"""

from ..store import Backup, BackupNotUsable, NothingToRestore, Restored, SessionBusy, SessionNotDamaged
from ..store import StoreError as SessionProblem
from .actor import Actor
from .bank_file import Bank, BankError, BankExists, BankQuestion, bank_to_toml, load_bank
from .banks import BankActions, export_bank
from .base import ChangedElsewhere, version_of
from .panel import PanelService
from .records import OutcomesNotFinal, PurgePlan, PurgeReport
from .results import Results, results_for
from .rights import Right
from .sessions import (
    OpenedSession,
    Person,
    SessionSummary,
    WhoAreYou,
    check_session,
    explain_problem,
    list_sessions,
    new_session,
    problem_report,
    recovery_advice,
    restore_command,
    restore_from_backup,
    restore_session,
    session_backups,
    summarise,
)
from .setup import (
    CANDIDATE_FIELDS,
    DETAIL_FIELDS,
    MEMBER_FIELDS,
    SCALE_FIELDS,
    PinSlip,
    PinSlips,
    PinSlipsNotWritten,
    PrintedPinSlips,
    scale_locked_reason,
)
from .views import ResumePoint, SessionView, SheetForScoring, resume_point, sheet_for_scoring

__all__ = [
    "CANDIDATE_FIELDS",
    "DETAIL_FIELDS",
    "MEMBER_FIELDS",
    "SCALE_FIELDS",
    "Actor",
    "Backup",
    "BackupNotUsable",
    "Bank",
    "BankActions",
    "BankError",
    "BankExists",
    "BankQuestion",
    "ChangedElsewhere",
    "NothingToRestore",
    "OpenedSession",
    "OutcomesNotFinal",
    "PanelService",
    "Person",
    "PinSlip",
    "PinSlips",
    "PinSlipsNotWritten",
    "PrintedPinSlips",
    "PurgePlan",
    "PurgeReport",
    "Restored",
    "Results",
    "ResumePoint",
    "Right",
    "SessionBusy",
    "SessionNotDamaged",
    "SessionProblem",
    "SessionSummary",
    "SessionView",
    "SheetForScoring",
    "WhoAreYou",
    "bank_to_toml",
    "check_session",
    "explain_problem",
    "export_bank",
    "list_sessions",
    "load_bank",
    "new_session",
    "problem_report",
    "recovery_advice",
    "restore_command",
    "restore_from_backup",
    "restore_session",
    "resume_point",
    "results_for",
    "session_backups",
    "scale_locked_reason",
    "sheet_for_scoring",
    "summarise",
    "version_of",
]
