"""HR's export in a process of its own (the app's way): the same files, the same record, the same refusals.

Issue 10: in the app, the export and the screen shared one Python interpreter,
so typing made a large export 20-40% slower than from the command line, and
the export slowed the keys. The child reads the session itself and renders;
the app records the export. These tests hold the child to the in-process
export: byte-for-byte the same files, one record by the person who exported,
and the same plain refusals; a child that dies is a plain message, and
nothing is recorded.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from panel_tui.domain.errors import PanelError
from panel_tui.export import WouldOverwrite
from panel_tui.services import export_process
from panel_tui.services.export_process import ExportStopped
from panel_tui.services.views import EXPORTED_SESSION

Panel = Any
"""The conftest's `Panel` (tests/services is not a package, so it cannot be imported by name here)."""


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_files_are_byte_for_byte_those_of_an_export_here_and_recorded_once(round_: Panel, tmp_path: Path) -> None:
    hr = round_.as_(round_.hr)
    here = hr.export(tmp_path / "here")
    steps: list[tuple[int, int, str]] = []
    there = hr.export(tmp_path / "there", progress=lambda *step: steps.append(step), own_process=True)
    assert [p.name for p in there.files] == [p.name for p in here.files]
    assert _files(tmp_path / "there") == _files(tmp_path / "here")
    assert there.notices == here.notices
    assert steps and steps[-1][0] == steps[-1][1], "the progress came through, to the end"
    recorded = [e for e in round_.events() if e.action == EXPORTED_SESSION]
    assert len(recorded) == 2 and recorded[-1].actor_id == round_.hr.id
    assert recorded[-1].after["folder"] == str(tmp_path / "there")


def test_files_already_there_and_different_come_back_as_would_overwrite_with_their_paths(
    round_: Panel, tmp_path: Path
) -> None:
    hr = round_.as_(round_.hr)
    out = tmp_path / "out"
    out.mkdir()
    (out / "session.json").write_text("someone else's file")
    before = round_.on_disk()
    with pytest.raises(WouldOverwrite) as refused:
        hr.export(out, ["json"], own_process=True)
    assert refused.value.paths == [out / "session.json"]
    assert (out / "session.json").read_text() == "someone else's file"
    assert round_.on_disk() == before, "nothing recorded"


def test_a_damaged_session_is_refused_with_the_damaged_file_message(round_: Panel, tmp_path: Path) -> None:
    hr = round_.as_(round_.hr)
    round_.path.write_text('{"_meta": ')
    with pytest.raises(PanelError, match="damaged|not complete"):
        hr.export(tmp_path / "out", own_process=True)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_a_child_that_dies_is_a_plain_message_and_nothing_is_recorded(
    round_: Panel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hr = round_.as_(round_.hr)
    monkeypatch.setattr(export_process, "CHILD", [sys.executable, "-c", "import os; os._exit(3)"])
    before = round_.on_disk()
    with pytest.raises(ExportStopped, match="stopped before it finished, so it was not recorded"):
        hr.export(tmp_path / "out", own_process=True)
    assert round_.on_disk() == before
