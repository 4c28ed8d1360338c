"""HR outputs of a session: CSV, Excel, JSON and a printable report (issue 6).

Every format renders one `ExportView`: the content the services' read model
(`panel_tui.services.views.export_content`) allows out of the session for
the person exporting, shaped by HR's options (`view.shape_view`). Nothing
here decides what may be seen; it only renders. `PanelService.export` is the
way to export: it takes a snapshot, renders and writes outside the session
lock, then records the export.

Every file is rendered in memory, then written atomically, and only if no
different file of the same name is in the way (unless `force`): an export
writes all its files or none. Files already holding exactly the same bytes
are left alone (`ExportResult.unchanged`): an unchanged session exports to
the same bytes (the rule is in `services.views.export_content`), so a repeat
is "up to date", never a clash. CSV and Excel cells that a spreadsheet would
run as formulas are neutralised (`safety`).

Going the other way, `read_export` checks a session.json and returns the
session it holds; `panel_tui.services.restore_session` makes it a new
session file.

`progress(done, total, label)` is called from the thread that exports; a
screen passes a function that posts a message, never one that waits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import collection
from . import csv_export, html_report, json_export
from .errors import ExportError, ExportUsageError, NoSuchCode, NotAnExport, OutputNotWritable, WouldOverwrite
from .files import Output, make_exports_folder, safe_stem, write_outputs
from .json_export import ImportedSession, read_export
from .view import ExportOptions, ExportView, Withheld, shape_view

FORMATS: tuple[str, ...] = ("csv", "xlsx", "json", "html")
"""Every format, in the order `export_all` writes them."""

FILES: dict[str, tuple[str, ...]] = {
    "csv": ("summary.csv", "scores.csv", "audit.csv"),
    "xlsx": ("session.xlsx",),
    "json": ("session.json",),
    "html": ("report.html",),
}
"""The files each format writes (with "C03-" in front for a subject access export)."""

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote, and what the rules kept out of it (to tell HR)."""

    files: list[Path] = field(default_factory=list)
    withheld: Withheld = field(default_factory=Withheld)
    unchanged: list[Path] = field(default_factory=list)
    """Files that already held exactly this export, left as they were."""

    @property
    def up_to_date(self) -> bool:
        """Every file was there already, the same: an unchanged session exported again."""
        return bool(self.files) and self.unchanged == self.files

    @property
    def notices(self) -> list[str]:
        return self.withheld.sentences()


def _renderer(fmt: str) -> Callable[[ExportView, str], list[Output]]:
    if fmt == "csv":
        return csv_export.render
    if fmt == "xlsx":
        from . import xlsx_export  # XlsxWriter loads only when a workbook is made

        return xlsx_export.render
    if fmt == "json":
        return json_export.render
    if fmt == "html":
        return html_report.render
    raise ExportUsageError(f"{fmt} is not an export format. Choose from: {', '.join(FORMATS)}.")


def export_all(
    view: ExportView,
    out: str | Path,
    *,
    formats: Iterable[str] = FORMATS,
    force: bool = False,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the chosen formats of `view` into `out`: all their files, or none of them."""
    formats = list(formats)
    chosen = [f for f in FORMATS if f in set(formats)]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        _renderer(sorted(unknown)[0])
    if not chosen:
        raise ExportUsageError(f"Choose at least one format: {', '.join(FORMATS)}.")
    prefix = f"{safe_stem(view.candidate.code)}-" if view.candidate is not None else ""
    total = len(chosen) + 1
    outputs: list[Output] = []
    # Rendering makes a million short-lived objects: passes over them cost about a tenth of a large
    # export's time. The Excel writer collects its own cycles once it is done (see `xlsx_export`).
    with collection.paused():
        for done, fmt in enumerate(chosen):
            if progress:
                progress(done, total, f"Preparing {', '.join(FILES[fmt])}")
            outputs += _renderer(fmt)(view, prefix)
    if progress:
        progress(len(chosen), total, "Writing the files")
    written = write_outputs(Path(out), outputs, force=force)
    if progress:
        progress(total, total, "Done")
    return ExportResult(files=written.files, withheld=view.withheld, unchanged=written.unchanged)


__all__ = [
    "FILES",
    "FORMATS",
    "ExportError",
    "ExportOptions",
    "ExportResult",
    "ExportUsageError",
    "ImportedSession",
    "NoSuchCode",
    "NotAnExport",
    "OutputNotWritable",
    "Progress",
    "WouldOverwrite",
    "Withheld",
    "export_all",
    "make_exports_folder",
    "shape_view",
    "read_export",
]
