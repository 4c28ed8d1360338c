"""Nothing freezes, nothing is lost (issue 10), tried as people would in two terminals.

- an export runs while another terminal saves: the screen answers keys, and
  the other terminal's save is not held up by the export;
- another process holds the session (a stalled terminal): a score typed here
  stays on screen marked 'not saved yet', the screen keeps working, and the
  score lands once the session is free;
- the file is truncated under an open app: a score key gives the damaged-file
  message, the score stays on screen, and the file is never written over;
- two terminals in Set-up: the second save is refused, both versions are
  shown, and nothing is overwritten without the person choosing.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from panel_tui.services import OpenedSession, export_process
from panel_tui.services.demo import ensure_demo
from panel_tui.store import SessionFile
from panel_tui.ui import app as app_module
from panel_tui.ui.screens.changed_elsewhere import ChangedElsewhereScreen
from panel_tui.ui.screens.export import ExportScreen
from panel_tui.ui.screens.help import HelpScreen
from panel_tui.ui.screens.scoring import ScoringScreen
from panel_tui.ui.screens.setup import SetupScreen

from .conftest import SIZE, visible_text
from .helpers import open_setup, settle, sign_in_as, start_scoring, stays_open_while_busy, wait_for

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from panel_tui.store.lock import SessionLock
    with SessionLock(Path(sys.argv[1])).held():
        print("holding", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)

SLOW_EXPORT_CHILD = textwrap.dedent(
    """
    import time
    from panel_tui.export import html_report
    from panel_tui.services.export_process import serve
    quick = html_report.render
    def slowly(*args, **kwargs):
        time.sleep(6.0)
        return quick(*args, **kwargs)
    html_report.render = slowly
    serve()
    """
)


def _hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
    return holder


async def test_an_export_never_freezes_the_screen_or_holds_up_another_terminal(sessions_dir: Path, tmp_path: Path, app_for, monkeypatch):
    """The deadlock of 0.1: the export held the lock and waited on the event loop while the loop waited on the lock.

    The export renders in a child process (`export_process`): here a child whose HTML report takes 6 s,
    as a big round on a busy machine does.
    """
    path, _ = ensure_demo(sessions_dir)
    chair = next(m for m in SessionFile.open(path).state().members if m.role.value == "chair")
    OpenedSession.open(path).sign_in(chair.id).add_member("Hana HR", "staff", role="observer")
    monkeypatch.setattr(export_process, "CHILD", [sys.executable, "-c", SLOW_EXPORT_CHILD])
    app = app_for(path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Hana HR")
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#folder").value = str(tmp_path / "out")
        await stays_open_while_busy(pilot, path, "ctrl+e", lambda: screen.exporting, "the export")
        assert "✓ Written:" in visible_text(app)
    names = {p.name for p in (tmp_path / "out").iterdir()}
    assert {"report.html", "session.json", "summary.csv"} <= names
    events = SessionFile.open(path).audit_events()
    assert [e.action for e in events][-2:] == ["added candidate", "exported the session"]


async def test_a_stalled_terminal_keeps_the_score_on_screen_until_it_can_be_saved(sessions_dir: Path, app_for, monkeypatch, panel):
    monkeypatch.setattr(app_module, "UI_LOCK_TIMEOUT", 0.5)
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        assert isinstance(app.screen, ScoringScreen)
        holder = _hold_lock(panel.path, 6.0)
        try:
            await pilot.press("3")
            await wait_for(pilot, lambda: "▶ 3  Good  ← your score" in visible_text(app), seconds=2)
            assert holder.poll() is None, "the score showed while another process held the session"
            await wait_for(pilot, lambda: "Not saved yet" in visible_text(app), seconds=5)
            assert "Q1=3!" in visible_text(app) and "! = not saved yet" in visible_text(app), "marked, not by colour alone"
            await pilot.press("f1")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), seconds=2)
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ScoringScreen), seconds=2)
            assert holder.poll() is None, "the screen answered keys while the session was held"
        finally:
            holder.wait(timeout=30)
        await wait_for(pilot, lambda: "✓ Saved: question 1 scored 3" in visible_text(app), seconds=20)
        assert "Q1=3!" not in visible_text(app)
    state = SessionFile.open(panel.path).state()
    sheet = state.sheet(panel.member.id, state.candidates[0].id)
    assert sheet is not None and list(sheet.scores.values()) == [3]


async def test_a_file_truncated_under_the_app_is_never_written_over(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await start_scoring(pilot, "Dee Member")
        panel.path.write_bytes(b"")
        await pilot.press("2")
        await settle(pilot)
        await wait_for(pilot, lambda: "NOT saved" in visible_text(app), seconds=5)
        text = visible_text(app)
        assert "▶ 2  Some  ← your score" in text, "what was typed stays on screen"
        assert "Q1=2!" in text
        messages = " ".join(str(n.message) for n in app._notifications)
        assert "is damaged" in messages and "has not been changed" in messages
        assert isinstance(app.screen, ScoringScreen)
    assert panel.path.read_bytes() == b"", "a damaged file is never written to"


async def test_two_terminals_in_setup_never_overwrite_each_other_silently(panel, app_for):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        assert isinstance(app.screen, SetupScreen)
        other = OpenedSession.open(panel.path).sign_in(panel.chair.id)
        other.update_details(organisation="Harbour Recovery Community")
        app.screen.query_one("#vacancy").value = "Peer mentor (part time)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        text = visible_text(app)
        assert "Sam Chair changed this" in text
        assert "Harbour Recovery Community" in text and "Harbour" in text, "both versions are shown"
        saved = SessionFile.open(panel.path).state().session
        assert (saved.vacancy, saved.organisation) == ("Peer mentor", "Harbour Recovery Community"), "nothing saved yet"
        await pilot.press("k")  # keep theirs
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        assert app.screen.query_one("#organisation").value == "Harbour Recovery Community"
        app.screen.query_one("#vacancy").value = "Peer mentor (part time)"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = SessionFile.open(panel.path).state().session
    assert (saved.vacancy, saved.organisation) == ("Peer mentor (part time)", "Harbour Recovery Community")


@pytest.mark.parametrize("choice", ["m"])
async def test_saving_mine_over_theirs_is_a_choice(panel, app_for, choice: str):
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_setup(pilot)
        OpenedSession.open(panel.path).sign_in(panel.chair.id).update_details(organisation="Someone else's words")
        app.screen.query_one("#organisation").value = "My words"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, ChangedElsewhereScreen))
        await pilot.press(choice)
        await settle(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, SetupScreen))
    assert SessionFile.open(panel.path).state().session.organisation == "My words"
