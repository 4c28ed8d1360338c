"""The finished demo: the demo round carried on to final outcomes, for trying what comes after a round."""

from __future__ import annotations

from pathlib import Path

from panel_tui.domain.models import SheetStatus, SignOff, Stage
from panel_tui.services import OpenedSession
from panel_tui.services.demo import DEMO_FILE_NAME, FINISHED_DEMO_FILE_NAME, ensure_demo


def test_the_finished_demo_has_every_sheet_every_agreed_score_and_final_outcomes(tmp_path: Path) -> None:
    path, made = ensure_demo(tmp_path, finished=True)
    assert made and path.name == FINISHED_DEMO_FILE_NAME
    assert not (tmp_path / DEMO_FILE_NAME).exists(), "the ordinary demo is its own file"
    state = OpenedSession.open(path).as_tool("test").state
    assert state.session.stage is Stage.FINISHED
    scorers, candidates, questions = state.scorers, state.candidates, state.agreed_questions
    assert len(state.sheets) == len(scorers) * len(candidates)
    assert all(sheet.status is SheetStatus.SUBMITTED for sheet in state.sheets)
    assert len(state.agreed) == len(candidates) * len(questions)
    assert all(r.sign_off is SignOff.CONSENSUS for r in state.reconciliations)
    assert [o.final for o in state.outcomes] == [True] * len(candidates)
    flagged = [a for a in state.agreed if a.reason]
    assert flagged, "where the panel differed, the agreed score carries the panel's reason"


def test_asking_again_finds_the_finished_demo_and_leaves_it(tmp_path: Path) -> None:
    path, _ = ensure_demo(tmp_path, finished=True)
    before = path.read_bytes()
    again, made = ensure_demo(tmp_path, finished=True)
    assert (again, made) == (path, False) and path.read_bytes() == before
