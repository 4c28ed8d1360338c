"""`panel-tui export`, `import` and `purge` as a real process: exit codes and plain messages.

Exit 0 when done, 1 for a problem with the session or the file read, 2 for a
usage problem (a file in the way, an unknown code, a bad option). Never a
traceback.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from tests.export.builders import Round, build_round, copy_round

TIMEOUT = 30


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


def panel_tui(*args: object, cwd: Path) -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "panel_tui", *map(str, args)],
        cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Round:
    return build_round(tmp_path_factory.mktemp("cli-template"))


@pytest.fixture
def session(template: Round, tmp_path: Path) -> Path:
    return copy_round(template, tmp_path / "sessions").path


def test_export_writes_every_format_and_says_what_was_left_out(session: Path, tmp_path: Path) -> None:
    run = panel_tui("export", session, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 0, run.err
    names = ["summary.csv", "scores.csv", "audit.csv", "session.xlsx", "session.json", "report.html"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)
    assert "Wrote 6 file(s)" in run.out and "C03" in run.out and "draft" in run.out


def test_formats_and_options_are_passed_through(session: Path, tmp_path: Path) -> None:
    run = panel_tui(
        "export", session, "--out", tmp_path / "out", "--format", "csv", "--format", "html",
        "--pseudonymise", "--codes-only", "--no-notes", cwd=tmp_path,
    )
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["audit.csv", "report.html", "scores.csv", "summary.csv"]
    data = b"".join(p.read_bytes() for p in (tmp_path / "out").iterdir())
    for name in (b"Casey Quillfeather", b"Annika Member", b"Warm and honest"):
        assert name not in data


def test_a_subject_access_export_from_the_command_line(session: Path, tmp_path: Path) -> None:
    run = panel_tui("export", session, "--out", tmp_path / "sar", "--candidate", "C01", "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err
    assert [p.name for p in (tmp_path / "sar").iterdir()] == ["C01-session.json"]


def test_a_different_file_in_the_way_is_a_usage_error_until_forced(session: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("someone else's")
    run = panel_tui("export", session, "--out", out, "--format", "csv", cwd=tmp_path)
    assert run.code == 2
    assert "summary.csv" in run.err and "Nothing was written" in run.err and "--force" in run.err
    assert (out / "summary.csv").read_text() == "someone else's"
    assert panel_tui("export", session, "--out", out, "--format", "csv", "--force", cwd=tmp_path).code == 0


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--candidate", "C99"], 2, "No candidate in this session has the code C99"),
        (["--format", "pdf"], 2, "invalid choice"),
    ],
)
def test_usage_problems_exit_2(session: Path, tmp_path: Path, args: list[str], code: int, words: str) -> None:
    run = panel_tui("export", session, "--out", tmp_path / "out", *args, cwd=tmp_path)
    assert run.code == code and words in run.err
    assert not (tmp_path / "out").exists()


def test_session_problems_exit_1(tmp_path: Path) -> None:
    missing = panel_tui("export", tmp_path / "nope.json", "--out", tmp_path / "out", cwd=tmp_path)
    assert missing.code == 1 and "There is no session file" in missing.err
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"_meta": {')
    run = panel_tui("export", damaged, "--out", tmp_path / "out", cwd=tmp_path)
    assert run.code == 1 and "is damaged" in run.err
    assert not (tmp_path / "out").exists()


def test_import_restores_a_new_session_and_refuses_damage(session: Path, tmp_path: Path) -> None:
    assert panel_tui("export", session, "--out", tmp_path / "out", "--format", "json", cwd=tmp_path).code == 0
    run = panel_tui("import", tmp_path / "out" / "session.json", "--into", tmp_path / "restored", cwd=tmp_path)
    assert run.code == 0, run.err
    restored = [p for p in (tmp_path / "restored").iterdir() if p.suffix == ".json" and "audit" not in p.name]
    assert len(restored) == 1 and "Restored 'Peer mentor'" in run.out
    assert panel_tui("check", restored[0], cwd=tmp_path).code == 0
    taken = panel_tui("import", tmp_path / "out" / "session.json", "--file", session, cwd=tmp_path)
    assert taken.code == 1 and "already exists" in taken.err
    bad = tmp_path / "bad.json"
    bad.write_bytes((tmp_path / "out" / "session.json").read_bytes()[:400])
    broken = panel_tui("import", bad, "--into", tmp_path / "fresh", cwd=tmp_path)
    assert broken.code == 1 and "cannot be imported" in broken.err and "Nothing was created" in broken.err
    assert not (tmp_path / "fresh").exists() or not any((tmp_path / "fresh").iterdir())


def test_purge_refuses_before_the_date_and_works_after(template: Round, tmp_path: Path) -> None:
    r = copy_round(template, tmp_path / "sessions")
    months = panel_tui("purge", r.path, cwd=tmp_path)  # C01's outcome is final: 6 months after it
    assert months.code == 1 and "That is 6 months after the last final outcome" in months.err
    r.chair.update_details(retention_until=date(2999, 1, 31))
    early = panel_tui("purge", r.path, cwd=tmp_path)
    assert early.code == 1 and "kept until 31 January 2999" in early.err
    assert b"Casey Quillfeather" in r.path.read_bytes()
    r.chair.update_details(retention_until=date(2020, 1, 31))
    done = panel_tui("purge", r.path, "--yes", "--reason", "Test: C02 to C04 have no final outcome", cwd=tmp_path)
    assert done.code == 0, done.err
    assert "Removed the names and adjustments of 4 candidates" in done.out
    assert b"Casey Quillfeather" not in r.path.read_bytes()
