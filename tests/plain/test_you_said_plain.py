""""You said, we did" in plain mode: a panel member reads their own page once the round is over."""

from __future__ import annotations

import io
from pathlib import Path

from panel_tui.domain.you_said import distance_words
from panel_tui.plain import run_plain
from panel_tui.services import OpenedSession
from panel_tui.services.demo import PANEL_DIFFERENCE, ensure_demo

from .conftest import number_of, run_plain_process

ENTRY = "What happened to what you gave (you said, we did)"
START = "You said, we did: Dee Morgan."
END = "That is the end of your page."
DEE_YOU_SAID = "3"
"""Dee's menu: 1 score a candidate, 2 say you know a candidate, 3 you said, we did."""


def _in_process(path: Path, typed: list[str]) -> str:
    out = io.StringIO()
    code = run_plain(path.parent, path, stdin=io.StringIO("".join(f"{t}\n" for t in typed)), stdout=out)
    assert code == 0
    return out.getvalue()


def test_a_member_reads_their_own_page_with_distances_and_no_other_panel_members_name(tmp_path: Path) -> None:
    path, _ = ensure_demo(tmp_path / "sessions", finished=True)
    run = run_plain_process(path, [number_of(path, "Dee Morgan"), DEE_YOU_SAID, "", "q"])
    assert run.code == 0, run.err
    assert f"{DEE_YOU_SAID}. {ENTRY}" in run.out
    page = run.out[run.out.index(START): run.out.index(END)]

    expected = OpenedSession.open(path).sign_in(
        next(p.id for p in OpenedSession.open(path).who_are_you().people if p.name == "Dee Morgan")
    ).you_said()
    assert expected.ready
    assert PANEL_DIFFERENCE in page  # the chair's own words
    assert "You wrote this question. It was used in the interviews." in page
    for candidate in expected.candidates:
        assert f"{candidate.label}: {candidate.outcome}. {candidate.sentence}" in page
        for line in candidate.lines:
            assert f"Question {line.number}: {line.words}." in page
    assert distance_words(1) in page and distance_words(-1) in page and distance_words(0) in page
    assert "Question 7: This work can bring up your own past." in page

    others = [p.name for p in OpenedSession.open(path).who_are_you().people if p.name != "Dee Morgan"]
    assert len(others) >= 4
    for name in others:
        for part in name.split():
            assert part not in page, f"{part} is on Dee's page"


def test_the_entry_is_absent_until_every_candidate_has_a_final_outcome(tmp_path: Path) -> None:
    path, _ = ensure_demo(tmp_path / "sessions")  # the round is still going
    out = _in_process(path, [number_of(path, "Dee Morgan"), "q"])
    assert "Signed in as Dee Morgan" in out
    assert ENTRY not in out
    finished, _ = ensure_demo(tmp_path / "finished", finished=True)
    assert ENTRY in _in_process(finished, [number_of(finished, "Dee Morgan"), "q"])
