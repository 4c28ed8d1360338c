"""Records and data protection: exports for HR, subject access, import, and the purge.

Every action here is audited: who took data out of the session, when, in
which formats and with which options; who purged candidates' personal data,
and when. Only the chair and HR (or a tool acting for them) may do them.

The purge is the one place where recorded text changes after the event: once
the session's retention date has passed (`domain.retention.retention_of`:
a date set by hand, else some months after the last final outcome) and no
legal hold is on, candidates' and applicants' names are replaced by their
codes, the personal details `domain.retention.PERSONAL_DETAILS` lists are
emptied (adjustments, applicants' contact details and answers as sent,
reciprocity's free text), in the session, in the notes, reasons and feedback
that named them, in the audit trail, and the backups that still hold the old
text are deleted. Scores, agreed scores, outcomes and payments stay, under
the codes and the panel members' ids.

`check_purge_allowed` is also the dry run: its `PurgePlan` holds the very
records the purge would write and lists, value by value, what they remove.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

import orjson

from ..domain.errors import NotAllowed, PanelError
from ..domain.models import AuditEvent, Candidate, Model
from ..domain.retention import Removal, Retention, long_date, planned_removals, removal_lines, retention_of
from ..domain.sift import Applicant
from ..domain.state import SessionState
from ..domain.text import one_line
from ..export import FORMATS, ExportOptions, ExportResult, Progress, make_exports_folder
from ..export.redact import Redactor, purge_changes, purge_redactor
from ..locations import exports_dir
from ..store import kept_aside
from .base import ServiceBase
from .export_process import Request, render, render_in_own_process
from .rights import Right
from .views import EXPORTED_SESSION, EXPORTED_SUBJECT_ACCESS


@dataclass(frozen=True)
class PurgeReport:
    candidates: list[str]
    """Codes of the candidates whose personal data was removed by this purge."""
    audit_events: int
    """Audit events rewritten to remove names and personal details."""
    backups_removed: int
    kept_aside: tuple[str, ...] = ()
    """Files a restore kept aside (a damaged file, a copy of the trail): they may still hold the old text."""
    applicants: tuple[str, ...] = ()
    """Codes of the applicants whose name or contact details were removed."""
    records: int = 0
    """Records changed (of every kind, the session's details included)."""

    def sentence(self) -> str:
        if not (self.candidates or self.applicants or self.records or self.audit_events):
            done = "Nothing was left to purge: candidates already appear by their codes only."
        else:
            count = len(self.candidates)
            who = "1 candidate" if count == 1 else f"{count} candidates"
            done = (
                f"Removed the names and adjustments of {who}. "
                "Their scores, agreed scores and outcomes are kept under their codes."
            )
            if self.applicants:
                count = len(self.applicants)
                done += (
                    f" Removed the names and contact details of {count} applicant{'' if count == 1 else 's'}, "
                    "and the answers as sent before redaction."
                )
        if self.kept_aside:
            done += (
                f" These files were kept aside when a backup was put back, and may still hold names: "
                f"{', '.join(self.kept_aside)}. Delete them when they are no longer needed."
            )
        return done


@dataclass(frozen=True)
class PurgePlan:
    """What a purge would do now: for the person who confirms it, and the whole of a dry run.

    Two plans are equal when they name the same candidates, outcomes not
    final and reason; what else they hold is worked out from the session.
    """

    candidates: list[str]
    """Codes of the candidates whose names or adjustments would be removed."""
    not_final: list[str]
    """Codes of the candidates whose outcome is not final (the purge then needs a reason)."""
    reason: str = ""
    retention: Retention | None = field(default=None, compare=False)
    changes: tuple[Model, ...] = field(default=(), compare=False, repr=False)
    """The records (and session details) exactly as the purge would write them."""
    removals: tuple[Removal, ...] = field(default=(), compare=False, repr=False)
    """Every value those changes remove or rewrite, and whose it is."""
    order: tuple[str, ...] = field(default=(), compare=False, repr=False)
    """Candidates' codes in order, then applicants': the order a dry run lists them in."""
    kept_aside: tuple[str, ...] = field(default=(), compare=False, repr=False)
    redactor: Redactor | None = field(default=None, compare=False, repr=False)
    events: tuple[AuditEvent, ...] = field(default=(), compare=False, repr=False)

    @cached_property
    def audit_entries(self) -> int:
        """Audit entries the purge would rewrite (worked out when asked: a long trail takes a moment)."""
        if self.redactor is None:
            return 0
        return sum(1 for event in self.events if self.redactor.event(event) != event)

    def lines(self) -> list[str]:
        """A dry run, in plain words: what a purge now would remove, and what it keeps."""
        said = ["Dry run: nothing has been changed."]
        if self.retention is not None:
            said.append(self.retention.sentence())
        if self.not_final:
            said.append(f"Outcome not final yet: {', '.join(self.not_final)}. Your reason: {one_line(self.reason)}")
        entries = self.audit_entries
        if not self.removals and not entries:
            said.append("A purge now would remove nothing: everyone already appears by their code only.")
            return said
        said.append("A purge now would remove:")
        said += removal_lines(self.removals, self.order)
        if entries:
            said.append(
                f"In the audit trail, {entries} entr{'y' if entries == 1 else 'ies'} would be rewritten the same way."
            )
        said.append("The backups kept beside the session file would be deleted: they still hold the old text.")
        if self.kept_aside:
            said.append(
                f"Files kept aside by a restore may still hold names and are not deleted: {', '.join(self.kept_aside)}."
            )
        said.append(
            "Kept: scores, agreed scores, outcomes, feedback letters and sift decisions under the codes; "
            "panel members' names; reciprocity's amounts, time, choices, payment status and dates paid."
        )
        return said


def outcomes_not_final(state: SessionState) -> list[str]:
    """Codes of the candidates with no outcome yet, or one that is not final: while any, the round may not be over."""
    final = {o.candidate_id for o in state.outcomes if o.final}
    return [c.code for c in state.candidates_in_order if c.id not in final]


def list_in_words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


class OutcomesNotFinal(NotAllowed):
    """A purge while some outcomes are not final needs a reason: nothing was purged."""

    def __init__(self, codes: list[str]) -> None:
        who = "candidate has" if len(codes) == 1 else "candidates have"
        super().__init__(
            f"{len(codes)} {who} no final outcome yet: {list_in_words(codes)}. The round may not be over, "
            "so nothing was purged. To purge anyway, give the reason; it is kept in the audit trail."
        )
        self.codes = codes


class OnLegalHold(NotAllowed):
    """The session is on legal hold: nothing is purged, whatever the date."""

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"This session is on legal hold: {one_line(reason)}. Nothing can be purged while the hold is on. "
            "When it is no longer needed, the chair or HR can lift it in the session details "
            "(lifting it is recorded in the audit trail)."
        )
        self.reason = reason


class NoRetentionDate(NotAllowed):
    """No date set by hand and no final outcome yet: there is no retention date, so nothing can be purged."""


class RetentionNotPassed(NotAllowed):
    """The retention date has not passed yet."""


def refuse_unless_due(retention: Retention, today: date) -> None:
    """Raise the plain refusal (legal hold, no date yet, date not passed) unless a purge may go ahead on `today`."""
    if retention.on_hold:
        raise OnLegalHold(retention.legal_hold)
    if retention.until is None:
        raise NoRetentionDate(
            "This session has no retention date yet, so its personal data cannot be purged. "
            f"The date is {retention.months} months after the round's last final outcome, and no outcome is "
            "final yet. The chair can also set a date by hand in the session details."
        )
    if not retention.passed(today):
        source = (
            "That date was set by hand in the session details."
            if retention.set_by_hand
            else f"That is {retention.basis()}."
        )
        raise RetentionNotPassed(
            f"This session's personal data is kept until {long_date(retention.until)}. "
            f"It can be purged after that date, not before. {source}"
        )


class ExportNotRecorded(PanelError):
    """The files were written, but recording the export in the audit trail failed."""


def _subject(state: SessionState, exported: Candidate | None) -> Candidate | Applicant | None:
    """The record a subject access export is about: the candidate, or the applicant the sift did not shortlist."""
    if exported is None or any(c.id == exported.id for c in state.candidates):
        return exported
    return next((a for a in state.applicants if a.id == exported.id), None)


class RecordsActions(ServiceBase):
    def export(
        self,
        out: str | Path,
        formats: Iterable[str] = FORMATS,
        options: ExportOptions | None = None,
        *,
        force: bool = False,
        progress: Progress | None = None,
        own_process: bool = False,
    ) -> ExportResult:
        """Write HR's files (see `panel_tui.export`) and record who exported what.

        The lock discipline: the session is read as one snapshot without the
        lock (see `export_process.render`), rendered and written with no lock
        held, and only then is the export recorded, in its own short
        transaction. The files show exactly that snapshot. `own_process`
        renders in a child process (`export_process`), so that a screen in
        this process and the export never wait for each other: the app's way.

        A folder inside the session's `exports/` (`locations.exports_dir`),
        the default, makes that `exports/` folder with a `.gitignore` if it
        is not there yet (`make_exports_folder`), for the screen and the
        command alike.
        """
        self._require(Right.EXPORT)
        options = options or ExportOptions()
        formats = list(formats)
        exports = exports_dir(self.path)
        if Path(out).expanduser().resolve().is_relative_to(exports.resolve()):
            make_exports_folder(exports)  # the default place, kept out of git when made: exports hold people's data
        if own_process:
            request = Request(self.path, self.actor, Path(out), formats, options, force)
            result, candidate = render_in_own_process(request, progress)
        else:
            result, candidate = render(self._file, self.actor, out, formats, options, force=force, progress=progress)
        state = self._file.snapshot().state
        if options.candidate:
            action, target = EXPORTED_SUBJECT_ACCESS, options.candidate.strip()
        else:
            action, target = EXPORTED_SESSION, state.session.vacancy
        details = {"files": [p.name for p in result.files], "folder": str(Path(out)), "options": options.describe()}
        try:
            with self._change() as tx:
                self._audit(tx, action, target, None, details, about=_subject(state, candidate))
        except PanelError as error:
            raise ExportNotRecorded(
                f"The files were written to {out}, but the export could not be recorded in the session's "
                f"audit trail: {error}"
            ) from None
        return result

    def export_subject_access(
        self,
        code: str,
        out: str | Path,
        formats: Iterable[str] = FORMATS,
        options: ExportOptions | None = None,
        *,
        force: bool = False,
    ) -> ExportResult:
        """Everything held about one candidate, for a subject access request."""
        return self.export(out, formats, replace(options or ExportOptions(), candidate=code), force=force)

    def check_purge_allowed(
        self, today: date | None = None, state: SessionState | None = None, *, reason: str = ""
    ) -> PurgePlan:
        """Raise `NotAllowed` with the reason unless the purge may go ahead; else say what it would do.

        A legal hold refuses first (`OnLegalHold`), then the retention date
        (`retention_of`) must exist and have passed. While any candidate's
        outcome is not final the round may not be over, so the purge also
        needs a `reason` (`OutcomesNotFinal` otherwise), which its audit
        event keeps. Nothing is written: this is also the dry run, and the
        plan holds the very records the purge writes (`PurgePlan.changes`)
        and what they remove (`PurgePlan.removals`, `PurgePlan.lines`).
        """
        self._require(Right.PURGE)
        if state is None:
            snap = self._file.snapshot()
            state, events = snap.state, self._file.audit_events(snap)
        else:
            events = self._file.audit_events()
        retention = retention_of(state)
        refuse_unless_due(retention, today or date.today())
        open_codes = outcomes_not_final(state)
        if open_codes and not reason.strip():
            raise OutcomesNotFinal(open_codes)
        redactor = purge_redactor(state, events)
        changes = purge_changes(state, redactor)
        named = [c.code for c in state.candidates_in_order if c.name != c.code or c.adjustments]
        order = (*(c.code for c in state.candidates_in_order), *(a.code for a in sorted(state.applicants, key=lambda a: a.position)))
        return PurgePlan(
            named, open_codes, reason.strip(),
            retention=retention,
            changes=tuple(changes),
            removals=tuple(planned_removals(state, changes, redactor.found)),
            order=tuple(dict.fromkeys(order)),
            kept_aside=tuple(p.name for p in kept_aside(self._file.path)),
            redactor=redactor,
            events=tuple(events),
        )

    def purge_personal_data(self, today: date | None = None, *, reason: str = "") -> PurgeReport:
        """After the retention date, unless on legal hold: names become codes, personal details are emptied.

        Every record of every kind (the registry), and the session's details,
        go through the purge's redactor, so a name typed into a note, a
        reason, a comment or feedback goes too. While any outcome is not
        final it needs a `reason` (see `check_purge_allowed`); the reason and
        those candidates' codes are kept in the purge's audit event. It
        writes exactly the plan's `changes`, so a dry run lists what it does.
        """
        self.check_purge_allowed(today, reason=reason)
        with self._change(whole=True) as tx:  # the journal of recent changes still holds the details: rewrite it all
            state = tx.state
            plan = self.check_purge_allowed(today, state, reason=reason)
            retention = plan.retention
            assert retention is not None and retention.until is not None and plan.redactor is not None
            for model in plan.changes:
                tx.put(model)
            purged = [m.code for m in plan.changes if isinstance(m, Candidate)]
            emptied = tuple(m.code for m in plan.changes if isinstance(m, Applicant))
            details: dict[str, object] = {"retention_until": retention.until.isoformat(), "candidates": purged}
            if not retention.set_by_hand:
                details["retention_months"] = retention.months
            if emptied:
                details["applicants"] = list(emptied)
            if plan.not_final:
                details["outcomes_not_final"] = plan.not_final
            if plan.reason:
                details["reason"] = plan.reason
            self._audit(tx, "purged candidates' personal data", state.session.vacancy, None, details)
        redactor = plan.redactor
        blanker = redactor.emptying()

        def erase(event: AuditEvent, limit: int | None) -> AuditEvent:
            kept = redactor.event(event)
            if limit is None or kept == event or len(orjson.dumps(kept.model_dump(mode="json"))) <= limit:
                return kept
            return blanker.event(event)

        rewritten = self._file.rewrite_audit(erase)
        backups = self._file.remove_backups()
        return PurgeReport(
            purged, rewritten, backups, tuple(p.name for p in kept_aside(self._file.path)),
            applicants=emptied, records=len(plan.changes),
        )
