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

from ..domain.errors import NotAllowed
from ..domain.models import AuditEvent, Model, revise
from ..domain.state import SessionState
from ..export import FORMATS, ExportOptions, ExportResult, Progress, export_all, read_export
from ..export.redact import Redactor, candidate_replacements
from ..locations import free_session_path
from ..store import SessionFile
from .base import ServiceBase


@dataclass(frozen=True)
class PurgeReport:
    candidates: list[str]
    """Codes of the candidates whose personal data was removed by this purge."""
    audit_events: int
    """Audit events rewritten to remove names and adjustments."""
    backups_removed: int

    def sentence(self) -> str:
        if not self.candidates and not self.audit_events:
            return "Nothing was left to purge: candidates already appear by their codes only."
        count = len(self.candidates)
        who = "1 candidate" if count == 1 else f"{count} candidates"
        return (
            f"Removed the names and adjustments of {who}. "
            "Their scores, agreed scores and outcomes are kept under their codes."
        )


def _long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


class RecordsActions(ServiceBase):
    def _require_records(self) -> None:
        if not self.actor.may_set_up:
            raise NotAllowed("Only the chair or HR can export or purge a session's records.")

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

        The session is read and the export recorded under one lock, so the
        files show exactly the session as it stood before the export event.
        """
        self._require_records()
        options = options or ExportOptions()
        formats = list(formats)
        with self.change() as tx:
            state = tx.state
            events = self.file.audit_events()
            result = export_all(state, events, out, options, formats=formats, force=force, progress=progress)
            if options.candidate:
                action, target = "exported a subject access record", options.candidate.strip()
            else:
                action, target = "exported the session", state.session.vacancy
            self.audit(
                tx, action, target, None,
                {"files": [p.name for p in result.files], "folder": str(Path(out)), "options": options.describe()},
            )
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

    def check_purge_allowed(self, today: date | None = None, state: SessionState | None = None) -> None:
        """Raise `NotAllowed` with the reason, unless the retention date has passed."""
        self._require_records()
        until = (state or self.state).session.retention_until
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

    def purge_personal_data(self, today: date | None = None) -> PurgeReport:
        """After the retention date: candidates' names become their codes, adjustments are emptied."""
        with self.change() as tx:
            state = tx.state
            self.check_purge_allowed(today, state)
            until = state.session.retention_until
            assert until is not None
            events = self.file.audit_events()
            names = candidate_replacements(state, events)
            redactor = Redactor(names, blank_candidate_fields=True)
            purged = []
            for candidate in state.candidates:
                after = revise(candidate, name=candidate.code, adjustments="")
                if after != candidate:
                    tx.put(after)
                    purged.append(candidate.code)
            models: list[Model] = [*state.sheets, *state.agreed, *state.outcomes, *state.conflicts, *state.reconciliations]
            for model in models:
                after_model = redactor.model(model)
                if after_model != model:
                    tx.put(after_model)
            self.audit(
                tx, "purged candidates' personal data", state.session.vacancy, None,
                {"retention_until": until.isoformat(), "candidates": purged},
            )
        blanker = Redactor(dict.fromkeys(names, ""), blank_candidate_fields=True)

        def erase(event: AuditEvent, limit: int | None) -> AuditEvent:
            kept = redactor.event(event)
            if limit is None or kept == event or len(orjson.dumps(kept.model_dump(mode="json"))) <= limit:
                return kept
            return blanker.event(event)

        rewritten = self.file.rewrite_audit(erase)
        backups = self.file.remove_backups()
        return PurgeReport(purged, rewritten, backups)


def restore_session(
    export: str | Path, folder: str | Path, *, path: str | Path | None = None, by: str = "panel-tui import"
) -> SessionFile:
    """A new session file from a whole-session session.json: the same records and audit trail.

    Refuses a path that exists (a session is never overwritten) and creates
    nothing when the file is damaged. One event is added at the end of the
    restored trail: that it was restored, from which file, by whom.
    """
    export = Path(export)
    imported = read_export(export)
    target = Path(path) if path else free_session_path(Path(folder), imported.state.session.vacancy)
    event = AuditEvent(
        actor_id="tool",
        actor_name=by,
        action="restored the session from an export",
        target=imported.state.session.vacancy,
        after={"file": export.name, "exported_at": imported.exported_at, "options": imported.options},
    )
    return SessionFile.restore(target, imported.state, [*imported.events, event])
