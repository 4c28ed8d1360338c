"""Fixtures for the export tests: sessions built through the service, exported into tmp_path.

The round is built once per test run (`template`) and copied into each
test's own folder, so a test that changes it (an export records an audit
event, a purge rewrites names) never affects another.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from panel_tui.domain.models import AuditEvent
from panel_tui.domain.state import SessionState
from panel_tui.export import ExportOptions, ExportResult, export_all
from panel_tui.export.view import ExportView
from panel_tui.services.views import export_content

from .builders import Round, build_round, copy_round

HOSTILE_MEMBERS = (
    '=HYPERLINK("http://example.invalid/steal","click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+2 Observer",
)
HOSTILE_CANDIDATES = ("=1+1 Evil", "+Plus <script>alert(1)</script>", "-Minus & Person", "@At Person")
HOSTILE_NOTES = {"chair": "\t=tabbed formula", "ann": "\r=carriage return", "sam": "＝fullwidth formula"}


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Round:
    return build_round(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Round:
    return build_round(
        tmp_path_factory.mktemp("hostile"), names=HOSTILE_MEMBERS, candidates=HOSTILE_CANDIDATES, notes=HOSTILE_NOTES
    )


@pytest.fixture
def round_(template: Round, tmp_path: Path) -> Round:
    """The round, in this test's own folder."""
    return copy_round(template, tmp_path / "session")


@pytest.fixture
def hostile(hostile_template: Round, tmp_path: Path) -> Round:
    return copy_round(hostile_template, tmp_path / "hostile-session")


Export = Callable[..., tuple[Path, ExportResult]]


@pytest.fixture
def export(tmp_path: Path) -> Export:
    """`export(round, folder_name, **options)`: export every format (or `formats=`) and return the folder."""

    def run(r: Round, name: str = "out", formats: tuple[str, ...] = ("csv", "xlsx", "json", "html"),
            **options: object) -> tuple[Path, ExportResult]:
        out = tmp_path / name
        result = export_all(export_view(r, ExportOptions(**options)), out, formats=formats)  # type: ignore[arg-type]
        return out, result

    return run


def export_view(r: Round, options: ExportOptions | None = None) -> ExportView:
    """What an export of `r` holds, built by the services' read model for a tool actor (nothing recorded)."""
    svc = r.tool()
    return export_content(svc.view(), svc._file.audit_events(), options or ExportOptions())


def snapshot(r: Round) -> tuple[SessionState, list[AuditEvent]]:
    """The whole session and its raw audit trail, from the store: what a test expects, not what it exports."""
    return r.file.state(), r.file.audit_events()


def read_csv(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff"), "CSV starts with a byte-order mark so Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


def all_bytes(folder: Path) -> bytes:
    """Every text-format output file, concatenated (xlsx is checked cell by cell instead)."""
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix != ".xlsx")


def xlsx_cells(path: Path) -> dict[str, list[list[object]]]:
    """Every cell of every sheet, read back with openpyxl."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
    finally:
        book.close()


def xlsx_text(path: Path) -> str:
    """All cells of a workbook as one string, to search for names."""
    return "\n".join(
        "\t".join("" if v is None else str(v) for v in row)
        for rows in xlsx_cells(path).values() for row in rows
    )
