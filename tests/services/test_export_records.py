"""The audit actions that record an export are named once, in `services.views`, and used where recorded.

`up_to_last_change` leaves those entries out of an export, so an unchanged
session exports to the same bytes. If the words where an export is recorded
drifted from the words it looks for, every repeat export would clash again;
one constant per action makes that drift impossible.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import panel_tui
from panel_tui.export import ExportOptions
from panel_tui.services.views import (
    EXPORT_RECORDS,
    EXPORTED_BANK,
    EXPORTED_PAYMENTS,
    EXPORTED_SESSION,
    EXPORTED_SIFT,
    EXPORTED_SUBJECT_ACCESS,
)

Panel = Any
"""The conftest's `Panel` (tests/services is not a package, so it cannot be imported by name here)."""

PACKAGE = Path(panel_tui.__file__).parent


def test_each_export_action_is_one_of_the_export_records() -> None:
    assert {EXPORTED_SESSION, EXPORTED_SUBJECT_ACCESS, EXPORTED_BANK, EXPORTED_PAYMENTS, EXPORTED_SIFT} == EXPORT_RECORDS


def test_each_export_action_is_written_in_one_place_only() -> None:
    for action in EXPORT_RECORDS:
        places = [
            path.relative_to(PACKAGE).as_posix()
            for path in sorted(PACKAGE.rglob("*.py"))
            for _ in range(path.read_text(encoding="utf-8").count(f'"{action}"'))
        ]
        assert places == ["services/views.py"], f"{action!r} is written in {places}"


def test_exports_are_recorded_with_those_actions(round_: Panel, tmp_path: Path) -> None:
    hr = round_.as_(round_.hr)
    hr.export(tmp_path / "all", ["json"])
    hr.export(tmp_path / "one", ["json"], ExportOptions(candidate="C01"))
    round_.svc.export_questions(tmp_path / "bank.toml")
    assert [e.action for e in round_.events()[-3:]] == [EXPORTED_SESSION, EXPORTED_SUBJECT_ACCESS, EXPORTED_BANK]
