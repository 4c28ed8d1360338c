"""Records and data protection: exports for HR, subject access, import, and the purge.

Every action here is audited: who took data out of the session, when, in
which formats and with which options; who purged candidates' personal data,
and when. Only the chair and HR (or a tool acting for them) may do them.

The purge is the one place where recorded text changes after the event: once
the session's retention date has passed, candidates' names are replaced by
their codes and their adjustments emptied, in the session, in the notes,
reasons and feedback that named them, in the audit trail, and the backups
that still hold the old text are deleted. Scores, agreed scores and
outcomes stay, under the codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import orjson

from ..domain.errors import NotAllowed, PanelError
from ..domain.models import AuditEvent, Candidate, revise
from ..domain.records import RECORD_KINDS
from ..domain.state import SessionState
from ..export import FORMATS, ExportOptions, ExportResult, Progress, export_all, make_exports_folder
from ..export.redact import Redactor, candidate_replacements
from ..locations import exports_dir
from ..store import kept_aside
from .base import ServiceBase
from .rights import Right
from .views import EXPORTED_SESSION, EXPORTED_SUBJECT_ACCESS, SessionView, export_content


@dataclass(frozen=True)
class PurgeReport:
    candidates: list[str]
    """Codes of the candidates whose personal data was removed by this purge."""
    audit_events: int
    """Audit events rewritten to remove names and adjustments."""
    backups_removed: int
    kept_aside: tuple[str, ...] = ()
    """Files a restore kept aside (a damaged file, a copy of the trail): they may still hold the old text."""

    def sentence(self) -> str:
        if not self.candidates and not self.audit_events:
            done = "Nothing was left to purge: candidates already appear by their codes only."
        else:
            count = len(self.candidates)
            who = "1 candidate" if count == 1 else f"{count} candidates"
            done = (
                f"Removed the names and adjustments of {who}. "
                "Their scores, agreed scores and outcomes are kept under their codes."
            )
        if self.kept_aside:
            done += (
                f" These files were kept aside when a backup was put back, and may still hold names: "
                f"{', '.join(self.kept_aside)}. Delete them when they are no longer needed."
            )
        return done


@dataclass(frozen=True)
class PurgePlan:
    """What a purge would do now: for the person who confirms it."""

    candidates: list[str]
    """Codes of the candidates whose names or adjustments would be removed."""
    not_final: list[str]
    """Codes of the candidates whose outcome is not final (the purge then needs a reason)."""
    reason: str = ""


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


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class ExportNotRecorded(PanelError):
    """The files were written, but recording the export in the audit trail failed."""


class RecordsActions(ServiceBase):
    def export(
        self,
        out: str | Path,
        formats: Iterable[str] = FORMATS,
        options: ExportOptions | None = None,
        *,
        force: bool = False,
        progress: Progress | None = None,
    ) -> ExportResult:
        """Write HR's files (see `panel_tui.export`) and record who exported what.

        The lock discipline: the session is read as one snapshot without the
        lock (the file is replaced atomically), rendered and written with no
        lock held, and only then is the export recorded, in its own short
        transaction. The files show exactly that snapshot.

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
        snap = self._file.snapshot()
        view = SessionView.build(snap.state, self.actor)
        content = export_content(view, self._file.audit_events(snap), options)
        result = export_all(content, out, formats=formats, force=force, progress=progress)
        if options.candidate:
            action, target = EXPORTED_SUBJECT_ACCESS, options.candidate.strip()
        else:
            action, target = EXPORTED_SESSION, snap.state.session.vacancy
        details = {"files": [p.name for p in result.files], "folder": str(Path(out)), "options": options.describe()}
        try:
            with self._change() as tx:
                self._audit(tx, action, target, None, details, about=content.candidate)
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

        The retention date must have passed. While any candidate's outcome is
        not final the round may not be over, so the purge also needs a
        `reason` (`OutcomesNotFinal` otherwise), which its audit event keeps.
        """
        self._require(Right.PURGE)
        state = state or self.state
        until = state.session.retention_until
        if until is None:
            raise NotAllowed(
                "This session has no retention date, so its personal data cannot be purged. "
                "Set the retention date in the session details first."
            )
        if (today or date.today()) <= until:
            raise NotAllowed(
                f"This session's personal data is kept until {_long_date(until)}. "
                "It can be purged after that date, not before."
            )
        open_codes = outcomes_not_final(state)
        if open_codes and not reason.strip():
            raise OutcomesNotFinal(open_codes)
        named = [c.code for c in state.candidates_in_order if c.name != c.code or c.adjustments]
        return PurgePlan(named, open_codes, reason.strip())

    def purge_personal_data(self, today: date | None = None, *, reason: str = "") -> PurgeReport:
        """After the retention date: candidates' names become their codes, adjustments are emptied.

        Every record of every kind (the registry) goes through the redactor,
        so a name typed into a note, a reason, a comment or feedback goes too.
        While any outcome is not final it needs a `reason` (see
        `check_purge_allowed`); the reason and those candidates' codes are
        kept in the purge's audit event.
        """
        self.check_purge_allowed(today, reason=reason)
        events = self._file.audit_events()
        with self._change() as tx:
            state = tx.state
            plan = self.check_purge_allowed(today, state, reason=reason)
            until = state.session.retention_until
            assert until is not None
            names = candidate_replacements(state, events)
            redactor = Redactor(names, blank_candidate_fields=True)
            purged = []
            for candidate in state.candidates:
                after = revise(candidate, name=candidate.code, adjustments="")
                if after != candidate:
                    tx.put(after)
                    purged.append(candidate.code)
            for kind in RECORD_KINDS:
                if kind.model is Candidate:
                    continue
                for model in getattr(state, kind.field):
                    after_model = redactor.model(model)
                    if after_model != model:
                        tx.put(after_model)
            details: dict[str, object] = {"retention_until": until.isoformat(), "candidates": purged}
            if plan.not_final:
                details["outcomes_not_final"] = plan.not_final
            if plan.reason:
                details["reason"] = plan.reason
            self._audit(tx, "purged candidates' personal data", state.session.vacancy, None, details)
        blanker = Redactor(dict.fromkeys(names, ""), blank_candidate_fields=True)

        def erase(event: AuditEvent, limit: int | None) -> AuditEvent:
            kept = redactor.event(event)
            if limit is None or kept == event or len(orjson.dumps(kept.model_dump(mode="json"))) <= limit:
                return kept
            return blanker.event(event)

        rewritten = self._file.rewrite_audit(erase)
        backups = self._file.remove_backups()
        return PurgeReport(purged, rewritten, backups, tuple(p.name for p in kept_aside(self._file.path)))
