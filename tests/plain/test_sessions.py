"""Choosing and opening a session in plain mode, and what is said when that cannot be done."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from panel_tui.plain import run_plain
from panel_tui.plain.prompts import Lines
from panel_tui.services import OpenedSession

from .conftest import number_of


def _run(folder: Path, path: Path | None, typed: list[str], **options: object) -> tuple[int, str]:
    out = io.StringIO()
    code = run_plain(folder, path, stdin=io.StringIO("".join(f"{t}\n" for t in typed)), stdout=out, **options)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_no_sessions_yet_says_how_to_make_one(tmp_path: Path) -> None:
    code, out = _run(tmp_path / "empty", None, [])
    assert code == 0
    assert "There are no sessions in" in out
    assert "panel-tui --plain demo" in out


def test_the_session_is_chosen_from_the_list_and_b_goes_back_to_it(demo: Path) -> None:
    code, out = _run(demo.parent, None, ["1", "b", "q"])
    assert code == 0
    assert "1. Peer mentor. Interviewing. 8 of 20 sheets submitted. File: demo-peer-mentor.json" in out
    assert "Or type b to go back to the list of sessions, or q to stop." in out
    assert out.count("Type the number of a session") == 2


def test_a_damaged_file_is_said_in_plain_words_and_left_alone(tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text("{ not a session", encoding="utf-8")
    code, out = _run(tmp_path, bad, [])
    assert code == 1
    assert "damaged" in out
    assert "Traceback" not in out
    assert bad.read_text(encoding="utf-8") == "{ not a session"


def test_opened_for_one_member_only_that_member_is_listed(demo: Path) -> None:
    code, out = _run(demo.parent, demo, ["1", "q"], member="dee  MORGAN")
    assert code == 0
    assert "1. Dee Morgan (Member, Panel member)." in out
    assert "Aisha" not in out
    assert "Signed in as Dee Morgan (Member)." in out


def test_where_pins_are_required_nobody_signs_in_without_one(demo: Path) -> None:
    code, out = _run(demo.parent, demo, [number_of(demo, "Aisha Khan"), "q"], require_pins=True)
    assert code == 0
    assert "Aisha Khan (Member, Panel member). No PIN yet." in out
    assert "You need a PIN to sign in here." in out
    assert "Signed in" not in out


def test_hr_is_told_there_is_nothing_to_score(demo: Path) -> None:
    OpenedSession.open(demo).as_tool("test").add_member("Hana Reed", "staff", role="observer")
    code, out = _run(demo.parent, demo, [number_of(demo, "Hana Reed"), "q"])
    assert code == 0
    assert "HR and observers export with: panel-tui export." in out
    assert "Score a candidate" not in out


def test_hr_is_still_told_where_exports_are_once_the_round_is_over(tmp_path: Path) -> None:
    """Once the round is over HR has a menu entry ("you said, we did"), and still hears where exports are made."""
    from panel_tui.services.demo import HR_PERSON, ensure_demo

    finished, _ = ensure_demo(tmp_path, finished=True)
    code, out = _run(tmp_path, finished, [number_of(finished, HR_PERSON), "q"])
    assert code == 0
    assert "HR and observers export with: panel-tui export." in out
    assert "you said, we did" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_long_lines_break_between_words_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.get_terminal_size", lambda *a, **k: os.terminal_size((41, 24)))
    out = _Terminal()
    sentence = "Type a score from 0 to 4, then press Enter. Or type h to hear the other choices."
    Lines(io.StringIO(), out).say(sentence)
    lines = out.getvalue().splitlines()
    assert len(lines) > 1
    assert all(len(line) <= 40 for line in lines)
    assert " ".join(lines) == sentence


def test_piped_long_lines_are_left_whole() -> None:
    out = io.StringIO()
    Lines(io.StringIO(), out).say("word " * 40)
    assert len(out.getvalue().splitlines()) == 1
