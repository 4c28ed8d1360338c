"""`panel-tui check` says the session's retention date and any legal hold, in plain words, as a real process."""

from __future__ import annotations

from datetime import UTC, date
from pathlib import Path

from panel_tui.domain.retention import add_months
from panel_tui.services import PanelService, new_session

from .conftest import RunCli


def make_round(folder: Path, *, final: bool) -> tuple[Path, date, PanelService]:
    """One candidate with an outcome (final when `final`); returns the outcome's day (UTC) and the chair's service."""
    opened, chair = new_session(folder, "Peer mentor", chair_name="Chair Person")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    candidate = svc.add_candidate("Casey Quill")
    question = svc.propose_question("Tell us about a time you listened?")
    svc.set_question_status(question.id, "agreed")
    svc.lock_questions()
    svc.open_reconciliation(candidate.id, {chair.id: "Could not attend"})
    outcome = svc.record_outcome(candidate.id, "appoint", "Offered the post.", final=final)
    return opened.path, outcome.at.astimezone(UTC).date(), svc


def written(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_check_says_the_date_from_the_last_final_outcome(run_cli: RunCli, folder: Path) -> None:
    path, day, _ = make_round(folder, final=True)
    result = run_cli("check", path)
    assert result.code == 0, result.err
    sound, retention = result.out.splitlines()
    assert sound.startswith(f"{path} is sound: 'Peer mentor'")
    assert retention == (
        f"Personal details are kept until {written(add_months(day, 6))}: "
        f"6 months after the last final outcome ({written(day)})."
    )


def test_check_says_there_is_no_date_yet_before_any_final_outcome(run_cli: RunCli, folder: Path) -> None:
    path, _, _ = make_round(folder, final=False)
    result = run_cli("check", path)
    assert result.code == 0, result.err
    assert result.out.splitlines()[1].startswith("No retention date yet.")


def test_check_says_a_legal_hold_and_its_reason_on_one_line(run_cli: RunCli, folder: Path) -> None:
    path, _, chair = make_round(folder, final=True)
    chair.update_details(retention_until=date(2027, 3, 31), legal_hold="Tribunal claim,\nref 2201.")
    result = run_cli("check", path)
    assert result.code == 0, result.err
    assert result.out.splitlines()[1] == (
        "Personal details are kept until 31 March 2027: a date set by hand. "
        "On legal hold: Tribunal claim, ref 2201. Nothing is purged while the hold is on."
    )
