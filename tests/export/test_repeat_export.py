"""Exporting an unchanged session again gives the same files, byte for byte (issue 11, point 9).

The rule (see `panel_tui.services.views.export_content`): an export shows the
session as it stood at its last change. Records of exports made since then
are left out (they record that files were written; they change nothing in
the session), and the time in the files is the time of that last change,
never the clock at the moment of writing.
"""

from __future__ import annotations

import time
import zipfile
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from panel_tui.export import FORMATS, ExportOptions, WouldOverwrite
from panel_tui.services import Actor, PanelService

from .builders import Round
from .conftest import read_csv

OPTIONS = {
    "whole session": ExportOptions(),
    "pseudonymised, codes only, no notes": ExportOptions(pseudonymise=True, codes_only=True, notes=False),
    "subject access": ExportOptions(candidate="C01"),
}
EXPORT_ACTIONS = {"exported the session", "exported a subject access record"}


def _hr(r: Round) -> PanelService:
    return PanelService(r.file, Actor.of(r.members["hr"]))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("options", OPTIONS.values(), ids=OPTIONS.keys())
def test_an_unchanged_session_exports_to_the_same_bytes_in_all_four_formats(
    round_: Round, tmp_path: Path, options: ExportOptions
) -> None:
    hr = _hr(round_)
    first = hr.export(tmp_path / "out", FORMATS, options)
    written = _files(tmp_path / "out")
    assert first.unchanged == [] and not first.up_to_date
    time.sleep(1.1)  # a clock that moved on, even at one-second resolution (Excel's document properties)

    again = hr.export(tmp_path / "out", FORMATS, options)  # no force: nothing is in the way

    assert _files(tmp_path / "out") == written
    assert again.files == first.files and again.unchanged == again.files and again.up_to_date
    hr.export(tmp_path / "elsewhere", FORMATS, options)
    assert _files(tmp_path / "elsewhere") == written, "rendered the same, not merely left alone"
    suffixes = {Path(name).suffix for name in written}
    assert suffixes == {".csv", ".xlsx", ".json", ".html"}


def test_an_export_to_another_folder_or_a_bank_export_in_between_changes_nothing(round_: Round, tmp_path: Path) -> None:
    hr = _hr(round_)
    hr.export(tmp_path / "out", FORMATS)
    written = _files(tmp_path / "out")
    hr.export(tmp_path / "other", ["csv"], ExportOptions(pseudonymise=True))
    hr.export_subject_access("C02", tmp_path / "sar", ["json"])
    round_.chair.export_questions(tmp_path / "bank.toml")

    assert hr.export(tmp_path / "out", FORMATS).up_to_date
    assert _files(tmp_path / "out") == written


def test_a_change_in_between_gives_different_files_and_keeps_the_earlier_exports_on_record(
    round_: Round, tmp_path: Path
) -> None:
    hr = _hr(round_)
    hr.export(tmp_path / "before", FORMATS)
    hr.export(tmp_path / "before", FORMATS)
    round_.chair.comment_on_question(round_.questions[0].id, "Worth asking first")

    with pytest.raises(WouldOverwrite):
        hr.export(tmp_path / "before", FORMATS)
    after = hr.export(tmp_path / "after", FORMATS)

    assert not after.up_to_date
    old, new = _files(tmp_path / "before"), _files(tmp_path / "after")
    for name in ("audit.csv", "session.xlsx", "session.json", "report.html"):
        assert old[name] != new[name], f"{name} does not show the change"
    actions = [row["Action"] for row in read_csv(tmp_path / "after" / "audit.csv")]
    assert actions[-1] == "commented on question"
    assert actions.count("exported the session") == 2, "exports made before the change stay on record"
    assert all(row["Action"] not in EXPORT_ACTIONS for row in read_csv(tmp_path / "before" / "audit.csv"))


def test_the_time_in_the_files_is_the_last_change_not_the_clock(round_: Round, tmp_path: Path) -> None:
    hr = _hr(round_)
    hr.export(tmp_path / "first", ["json"])  # an export: a record, not a change
    last_change = [e for e in round_.file.audit_events() if e.action not in EXPORT_ACTIONS][-1].at

    hr.export(tmp_path / "out", ["json", "xlsx", "html"])

    doc = orjson.loads((tmp_path / "out" / "session.json").read_bytes())
    assert datetime.fromisoformat(doc["exported_at"]) == last_change
    assert datetime.fromisoformat(doc["audit"][-1]["at"]) == last_change
    with zipfile.ZipFile(tmp_path / "out" / "session.xlsx") as book:
        core = book.read("docProps/core.xml").decode()
        assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    stamp = last_change.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f">{stamp}</dcterms:created>" in core and f">{stamp}</dcterms:modified>" in core
    assert last_change.strftime("%d %B %Y, %H:%M UTC") in (tmp_path / "out" / "report.html").read_text()
