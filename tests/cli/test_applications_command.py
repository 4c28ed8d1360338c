"""`panel-tui applications import|list`: run in-process (`run_applications`) and as its own process.

`panel_tui.cli` does not wire the command yet (the lead adds it), so the
subprocess runs `python -m panel_tui.cli_applications`, which parses the same
arguments and handles problems as `cli` does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from panel_tui.cli_applications import add_applications_command, run_applications
from panel_tui.domain.applications_csv import ApplicationsFileProblem
from panel_tui.services import new_session
from panel_tui.store import SessionFile

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "applications.csv"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="panel-tui")
    add_applications_command(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(["applications", *argv])


@pytest.fixture
def session(tmp_path: Path) -> Path:
    opened, _ = new_session(tmp_path, "Peer mentor", chair_name="Chair Person", chair_group="staff")
    return opened.path


def test_import_the_example_and_list(session: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_applications(parse("import", str(session), str(EXAMPLE))) == 0
    said = capsys.readouterr().out
    assert "Imported 20 applications (A01 to A20)" in said and "3 new sift questions" in said
    assert "found in the answers" in said
    assert len(SessionFile.open(session).state().applicants) == 20
    assert run_applications(parse("list", str(session))) == 0
    listed = capsys.readouterr().out
    assert "A01  Amira Haddad" in listed and "20 applications. The sift has not been opened yet." in listed


def test_a_refused_file_raises_for_cli_to_explain(session: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Name,Why?,why?\nJo,a,b\n", encoding="utf-8")
    with pytest.raises(ApplicationsFileProblem, match="same heading"):
        run_applications(parse("import", str(session), str(bad)))


def run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "panel_tui.cli_applications", *argv], capture_output=True, text=True, timeout=120
    )


def test_as_its_own_process(session: Path, tmp_path: Path) -> None:
    done = run("import", str(session), str(EXAMPLE))
    assert done.returncode == 0, done.stderr
    assert "Imported 20 applications" in done.stdout
    again = run("import", str(session), str(EXAMPLE))
    assert again.returncode == 1 and "Row 2: this applicant has already been added, as A01" in again.stderr
    assert "Traceback" not in again.stderr
    missing = run("import", str(session), str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "There is no file" in missing.stderr
    listed = run("list", str(session))
    assert listed.returncode == 0 and "A20  Yasmin Ali" in listed.stdout
    usage = run("import", str(session))
    assert usage.returncode == 2
