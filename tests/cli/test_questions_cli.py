"""`panel-tui questions import` and `export` as a real process.

Exit 0 when done; 1 for a bank that cannot be used or an action the rules
refuse; 2 for a mistake in the command. Never a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_tui.domain.models import QuestionStatus
from panel_tui.locations import starter_banks_dir
from panel_tui.services import Actor, PanelService, load_bank, new_session
from panel_tui.store import SessionFile
from tests.folders import folder_bytes

TIMEOUT = 30
BANK = starter_banks_dir() / "peer-mentor-recovery.toml"


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




@pytest.fixture
def session(tmp_path: Path) -> Path:
    opened, _ = new_session(tmp_path / "sessions", "Peer mentor", chair_name="Priya Shah", chair_group="staff")
    return opened.path


@pytest.fixture
def agreed_session(session: Path) -> Path:
    """A session whose agreed set was written by a member and a volunteer."""
    file = SessionFile.open(session)
    chair = PanelService(file, Actor.tool("test"))
    dee = PanelService(file, Actor.of(chair.add_member("Dee Morgan", "member")))
    vic = PanelService(file, Actor.of(chair.add_member("Vic Taylor", "volunteer")))
    for svc, text in ((dee, "How would you use your story to help?"), (vic, "What would you do about a boundary?")):
        chair.set_question_status(svc.propose_question(text, anchors={4: "Strong answer."}).id, "agreed")
    return session


def test_import_all_then_chosen_ids(session: Path, tmp_path: Path) -> None:
    done = panel_tui("questions", "import", BANK, "--into", session, "--id", "boundaries", "--id", "holding-hope", cwd=tmp_path)
    assert done.code == 0, done.err
    assert "Imported 2 question(s)" in done.out and "boundaries:" in done.out and "holding-hope:" in done.out
    assert len(SessionFile.open(session).state().questions) == 2

    done = panel_tui("questions", "import", BANK, "--into", session, cwd=tmp_path)
    assert done.code == 0, done.err
    total = len(load_bank(BANK).questions)
    assert f"Imported {total - 2} of {total} question(s)" in done.out
    assert "boundaries: already in the session" in done.out
    state = SessionFile.open(session).state()
    assert len(state.questions) == total
    assert all(q.status is QuestionStatus.PROPOSED and q.authors == [] for q in state.questions)
    assert {e.actor_name for e in SessionFile.open(session).audit_events()[-3:]} == {"panel-tui questions"}


def test_a_refused_import_exits_1_and_changes_nothing(session: Path, tmp_path: Path) -> None:
    folder = session.parent
    before = folder_bytes(folder)
    done = panel_tui("questions", "import", BANK, "--into", session, "--id", "boundaries", "--id", "nope", cwd=tmp_path)
    assert (done.code, done.out) == (1, "")
    assert "no question with the id 'nope'" in done.err and "Nothing was imported." in done.err

    damaged = tmp_path / "damaged.toml"
    damaged.write_text('title = "Ours"\n\n[[question]]\nid = "one"\nplain_text = "No question here"\n', encoding="utf-8")
    done = panel_tui("questions", "import", damaged, "--into", session, cwd=tmp_path)
    assert done.code == 1
    assert f"{damaged}, line 3: question 1 ('one') has no 'text'." in done.err

    damaged.write_text('title = "Ours"\n\n[[question]]\nid = "one"\ntext = "Not closed\n', encoding="utf-8")
    done = panel_tui("questions", "import", damaged, "--into", session, cwd=tmp_path)
    assert (done.code, done.out) == (1, "")
    assert f"{damaged}, line 5:" in done.err and "not closed" in done.err and "Nothing was imported." in done.err
    assert folder_bytes(folder) == before


def test_export_refuses_to_overwrite_without_force_and_names_only_when_asked(agreed_session: Path, tmp_path: Path) -> None:
    out = tmp_path / "banks" / "ours.toml"
    done = panel_tui("questions", "export", agreed_session, "--out", out, cwd=tmp_path)
    assert done.code == 0, done.err
    assert "Wrote 2 agreed question(s)" in done.out and "no names" in done.out
    text = out.read_text(encoding="utf-8")
    assert "Dee Morgan" not in text and "Vic Taylor" not in text
    assert '"member"' in text and '"volunteer"' in text

    done = panel_tui("questions", "export", agreed_session, "--out", out, "--with-names", cwd=tmp_path)
    assert done.code == 1
    assert "already a file" in done.err and "--force" in done.err
    assert out.read_text(encoding="utf-8") == text

    done = panel_tui("questions", "export", agreed_session, "--out", out, "--with-names", "--force", cwd=tmp_path)
    assert done.code == 0, done.err
    named = out.read_text(encoding="utf-8")
    assert "Dee Morgan" in named and "Vic Taylor" in named
    assert [q.authors for q in load_bank(out).questions] == [["Dee Morgan"], ["Vic Taylor"]]


def test_usage_and_missing_files(session: Path, tmp_path: Path) -> None:
    assert panel_tui("questions", "import", BANK, cwd=tmp_path).code == 2
    done = panel_tui("questions", "export", tmp_path / "nowhere.json", "--out", tmp_path / "x.toml", cwd=tmp_path)
    assert done.code == 1 and "no session file" in done.err
    done = panel_tui("questions", "export", session, "--out", tmp_path / "x.toml", cwd=tmp_path)
    assert done.code == 1 and "no agreed questions yet" in done.err
    assert not (tmp_path / "x.toml").exists()
