"""Issue 10 point 8: the CLI shows control characters in people's text visibly, never sends them raw.

A vacancy, a name, a candidate's code or a file name can hold terminal
escape codes ("\\x1b[2J" clears the screen), a bell ("\\x07") or the C1 escape
"\\x9b". `panel-tui check`, `import` and `export` print each as the literal
text `\\x1b`, `\\x07`, `\\x9b`, on stdout and on stderr.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from panel_tui.domain.models import SignOff
from panel_tui.services import new_session

NASTY = "\x1b[2J\x07\x9b"
VISIBLE = r"\x1b[2J\x07\x9b"
VACANCY = f"Peer {NASTY}mentor"
CODE = f"C{NASTY}01"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and newline: none may reach the terminal."""


def panel_tui(*args: object, cwd: Path) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-m", "panel_tui", *map(str, args)],
        cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, timeout=30, check=False,
    )
    assert b"\x1b" not in done.stdout + done.stderr and b"\x07" not in done.stdout + done.stderr
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert not RAW.findall(out), f"raw control characters on stdout: {out!r}"
    assert not RAW.findall(err), f"raw control characters on stderr: {err!r}"
    assert "Traceback" not in out + err, err
    return done.returncode, out, err


@pytest.fixture
def session(tmp_path: Path) -> Path:
    """A session whose vacancy, chair and candidate codes hold escape codes; one candidate opened, one not."""
    opened, chair = new_session(tmp_path / "sessions", VACANCY, chair_name=f"Chair {NASTY}Person")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    question = svc.propose_question("Tell us about a time you helped someone.")
    svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    opened_code = svc.add_candidate(f"Alex {NASTY}Able", f"A{NASTY}1")
    waiting = svc.add_candidate(f"Blair {NASTY}Baker", CODE)
    svc.confirm_briefing()
    for candidate in (opened_code, waiting):
        svc.record_score(chair.id, candidate.id, question.id, 3)
        svc.submit_sheet(chair.id, candidate.id)
    svc.open_reconciliation(opened_code.id)
    svc.set_agreed_score(opened_code.id, question.id, 3)
    svc.sign_off(opened_code.id, SignOff.CONSENSUS)
    return opened.path


def test_check_shows_the_vacancy_visibly(session: Path, tmp_path: Path) -> None:
    code, out, err = panel_tui("check", session, cwd=tmp_path)
    assert code == 0, err
    assert f"'Peer {VISIBLE}mentor'" in out


def test_check_shows_a_damaged_files_name_visibly(tmp_path: Path) -> None:
    damaged = tmp_path / f"bad{NASTY}.json"
    damaged.write_text('{"_meta": {')
    code, out, err = panel_tui("check", damaged, cwd=tmp_path)
    assert code == 1 and out == ""
    assert f"bad{VISIBLE}.json" in err


def test_export_shows_codes_folders_and_notices_visibly(session: Path, tmp_path: Path) -> None:
    out_folder = tmp_path / f"out{NASTY}"
    code, out, err = panel_tui("export", session, "--out", out_folder, cwd=tmp_path)
    assert code == 0, err
    assert f"to {tmp_path}/out{VISIBLE}:" in out
    assert f"Independent scores for C{VISIBLE}01 are withheld" in out


def test_export_shows_an_unknown_code_visibly(session: Path, tmp_path: Path) -> None:
    code, out, err = panel_tui("export", session, "--out", tmp_path / "out", "--candidate", f"Z{NASTY}9", cwd=tmp_path)
    assert code == 2 and out == ""
    assert f"the code Z{VISIBLE}9" in err


def test_import_shows_the_vacancy_visibly(session: Path, tmp_path: Path) -> None:
    assert panel_tui("export", session, "--out", tmp_path / "out", "--format", "json", cwd=tmp_path)[0] == 0
    code, out, err = panel_tui("import", tmp_path / "out" / "session.json", "--into", tmp_path / "restored", cwd=tmp_path)
    assert code == 0, err
    assert f"Restored 'Peer {VISIBLE}mentor' as a new session" in out


def test_import_shows_a_refused_files_name_visibly(tmp_path: Path) -> None:
    bad = tmp_path / f"ex{NASTY}port.json"
    bad.write_text("{not json")
    code, out, err = panel_tui("import", bad, "--into", tmp_path / "restored", cwd=tmp_path)
    assert code == 1 and out == ""
    assert f"ex{VISIBLE}port.json cannot be imported" in err
    assert not (tmp_path / "restored").exists()


def test_check_reports_a_field_named_with_a_newline_on_one_line(tmp_path: Path) -> None:
    opened, _ = new_session(tmp_path / "sessions", "Peer mentor", chair_name="Chair Person")
    raw = orjson.loads(opened.path.read_bytes())
    member = next(iter(raw["members"].values()))
    member[f"\n{NASTY}colour"] = "red"
    opened.path.write_bytes(orjson.dumps(raw))
    code, out, err = panel_tui("check", opened.path, cwd=tmp_path)
    assert code == 1 and "is damaged" in err
    first, *advice = err.splitlines()
    assert "is damaged" in first and "colour is not valid" in first, "the field's name, newline and all, on one line"
    assert all(line.startswith(("Backup ", "  panel-tui restore ", "There is no good backup")) for line in advice), err
