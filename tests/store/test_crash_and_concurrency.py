"""A killed process and four processes at once: no save that returned is ever lost.

Real child processes, real SIGKILLs, real files: this is the promise the
whole tool rests on.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from panel_tui.services import Actor, PanelService, new_session
from panel_tui.store import SessionFile

CANDIDATES, QUESTIONS = 25, 8


def build(folder: Path, members: int) -> tuple[Path, list[str], list[str], list[str]]:
    session_file, chair = new_session(folder, "Crash test", chair_name="Chair", chair_group="staff")
    svc = PanelService(session_file, Actor.of(chair))
    member_ids = [svc.add_member(f"Member {n}", "member").id for n in range(members)]
    candidate_ids = [svc.add_candidate(f"Candidate {n}").id for n in range(CANDIDATES)]
    question_ids = []
    for n in range(QUESTIONS):
        q = svc.propose_question(f"Question {n}?")
        svc.set_question_status(q.id, "agreed")
        question_ids.append(q.id)
    svc.lock_questions()
    return session_file.path, member_ids, candidate_ids, question_ids


SAVER = textwrap.dedent(
    """
    import json, sys
    from panel_tui.services import Actor, PanelService
    from panel_tui.store import SessionFile
    path, member_id, slots = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    session_file = SessionFile.open(path)
    service = PanelService(session_file, Actor.of(session_file.state().member(member_id)))
    print("ready", flush=True)
    for candidate_id, question_id, value in slots:
        service.record_score(member_id, candidate_id, question_id, value)
        print(json.dumps([candidate_id, question_id, value]), flush=True)
    """
)


def test_sigkill_at_random_moments_never_loses_a_returned_save(tmp_path: Path) -> None:
    """24 kills; each round is a different panel member, so every confirmed save is checked exactly."""
    rounds = 24
    path, members, candidates, questions = build(tmp_path, rounds)
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    rng = random.Random(20261124)
    slots = [(c, q) for c in candidates for q in questions]
    confirmed_total = 0
    for round_number, member_id in enumerate(members):
        batch = [(c, q, rng.randrange(5)) for c, q in slots]
        child = subprocess.Popen(
            [sys.executable, str(script), str(path), member_id, json.dumps(batch)],
            stdout=subprocess.PIPE, text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.005, 0.3))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        confirmed = [json.loads(line) for line in child.stdout.read().splitlines()]
        confirmed_total += len(confirmed)
        state = SessionFile.open(path).state()  # opens: never damaged; orphaned temp files removed
        assert not list(tmp_path.glob(".*.tmp")), f"round {round_number}: temp files left behind"
        scores: dict[str, dict[str, int]] = {}
        for sheet in state.sheets_by_member(member_id):
            scores[sheet.candidate_id] = dict(sheet.scores)
        for candidate_id, question_id, value in confirmed:
            assert scores[candidate_id][question_id] == value, f"round {round_number}: a returned save was lost"
        written = sum(len(v) for v in scores.values())
        assert written in (len(confirmed), len(confirmed) + 1), "at most the one save in flight may land unconfirmed"
    assert confirmed_total > 100, "the children must have saved plenty before being killed"


def test_four_processes_saving_at_once_lose_nothing(tmp_path: Path) -> None:
    path, members, candidates, questions = build(tmp_path, 4)
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    slots = [(c, q) for c in candidates for q in questions][:200]
    children = []
    for n, member_id in enumerate(members):
        batch = [(c, q, (n + i) % 5) for i, (c, q) in enumerate(slots)]
        children.append(
            subprocess.Popen(
                [sys.executable, str(script), str(path), member_id, json.dumps(batch)],
                stdout=subprocess.PIPE, text=True,
            )
        )
    for child in children:
        out, _ = child.communicate(timeout=180)
        assert child.returncode == 0
        assert len(out.splitlines()) == 201
    session_file = SessionFile.open(path)
    state = session_file.state()
    saved = sum(len(s.scores) for s in state.sheets)
    assert saved == 800
    for n, member_id in enumerate(members):
        for i, (c, q) in enumerate(slots):
            assert state.sheet(member_id, c).scores[q] == (n + i) % 5
    assert sum(e.action == "saved a score" for e in session_file.audit_events()) == 800


def test_a_long_lived_session_sees_other_processes_and_keeps_their_writes(tmp_path: Path) -> None:
    path, members, candidates, questions = build(tmp_path, 2)
    mine = SessionFile.open(path)
    me = PanelService(mine, Actor.of(mine.state().member(members[0])))
    me.record_score(members[0], candidates[0], questions[0], 1)
    script = tmp_path / "saver.py"
    script.write_text(SAVER)
    batch = [(candidates[1], q, 3) for q in questions]
    subprocess.run([sys.executable, str(script), str(path), members[1], json.dumps(batch)], check=True, capture_output=True)
    assert mine.has_changed()
    assert mine.state().sheet(members[1], candidates[1]).scores == {q: 3 for q in questions}
    me.record_score(members[0], candidates[0], questions[1], 2)
    again = SessionFile.open(path).state()
    assert again.sheet(members[1], candidates[1]).scores == {q: 3 for q in questions}
    assert again.sheet(members[0], candidates[0]).scores == {questions[0]: 1, questions[1]: 2}
