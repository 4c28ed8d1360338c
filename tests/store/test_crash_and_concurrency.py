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
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from panel_tui.services import OpenedSession, check_session
from panel_tui.store import SessionFile
from panel_tui.store.repository import audit_events_of, peek

from .children import child_env

KILLS = 24
SAVED = "saved a score"


def start_saver(script: Path, path: Path, member_id: str, mode: str, job: object) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, str(script), str(path), member_id, mode],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=child_env(),
    )
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(job) + "\n")
    child.stdin.flush()
    return child


def test_sigkill_at_random_moments_never_loses_a_returned_save(
    build_session: Callable[..., Any], saver_script: Path
) -> None:
    """24 kills of a child saving as fast as it can, 0.05-0.6 s after it starts saving.

    Every round is a different panel member on the same file, and the child
    goes round its slots until killed, so later saves overwrite earlier ones.
    After each kill the file opens, every save the child reported is there
    with the last value reported for its slot, at most the one save in flight
    landed besides, and the audit trail holds exactly one event per landed save.
    """
    built = build_session(KILLS, 25, 8, name="Crash test")
    slots = [[c, q] for c in built.candidates for q in built.questions]
    rng = random.Random(20261124)
    confirmed_total = in_flight_landed = 0
    for round_number, member_id in enumerate(built.members):
        offset = rng.randrange(5)
        child = start_saver(saver_script, built.path, member_id, "forever", {"slots": slots, "offset": offset})
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        lines: list[str] = []
        reader = threading.Thread(target=lambda out=child.stdout, into=lines: into.extend(out))
        reader.start()
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        reader.join()
        assert child.returncode == -signal.SIGKILL, f"round {round_number}: the child must die mid-work"
        confirmed = [json.loads(line) for line in lines if line.endswith("\n")]  # a cut last line was never reported

        session_file = SessionFile.open(built.path)  # never damaged; removes orphaned temp files
        assert not list(built.path.parent.glob(".*.tmp")), f"round {round_number}: temp files left behind"
        state = session_file.state()
        assert peek(built.path) == state
        on_file = {(s.candidate_id, q): v for s in state.sheets_by_member(member_id) for q, v in s.scores.items()}

        expected = {(c, q): v for c, q, v in confirmed}  # the last value reported per slot
        n = len(confirmed)
        in_flight = (*slots[n % len(slots)], (n // len(slots) + offset) % 5)
        landed = on_file.get(in_flight[:2]) == in_flight[2]
        if landed:
            expected[in_flight[:2]] = in_flight[2]
        assert on_file == expected, f"round {round_number}: a returned save was lost, or a save appeared from nowhere"

        saves = [e for e in session_file.audit_events() if e.action == SAVED and e.actor_id == member_id]
        assert len(saves) == n + landed, f"round {round_number}: one audit event per save that landed"
        assert [e.after for e in saves[:n]] == [v for _, _, v in confirmed]
        confirmed_total += n
        in_flight_landed += landed
    print(f"{KILLS} kills: {confirmed_total} reported saves, {in_flight_landed} saves in flight landed")
    # The children must have been killed mid-work, not before they began; how much they saved depends on
    # how busy the machine is (over 1,000 saves when it is quiet), so only "some each round, on average" is asked.
    assert confirmed_total >= KILLS, f"the children must have saved before being killed ({confirmed_total})"
    events = audit_events_of(built.path)
    assert len({e.id for e in events}) == len(events), "no audit event twice"
    assert sum(e.action == SAVED for e in events) == confirmed_total + in_flight_landed


def test_four_processes_saving_at_once_lose_nothing(build_session: Callable[..., Any], saver_script: Path) -> None:
    """4 panel members x 50 candidates x 4 questions, saved by 4 processes released together."""
    built = build_session(4, 50, 4, name="Four at once")
    slots = [(c, q) for c in built.candidates for q in built.questions]
    assert len(slots) == 200
    jobs = {m: [(c, q, (n + i) % 5) for i, (c, q) in enumerate(slots)] for n, m in enumerate(built.members)}
    children = [start_saver(saver_script, built.path, m, "once", {"saves": job, "pause": 0.002}) for m, job in jobs.items()]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:  # all four are open and waiting: release them together
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        out, _ = child.communicate(timeout=120)
        assert child.returncode == 0
        assert len(out.splitlines()) == 200

    session_file = SessionFile.open(built.path)
    state = session_file.state()
    assert "sound" in check_session(built.path)
    assert sum(len(s.scores) for s in state.sheets) == 800
    for member_id, job in jobs.items():
        for c, q, value in job:
            assert state.sheet(member_id, c).scores[q] == value

    events = session_file.audit_events()
    saves = [e for e in events if e.action == SAVED]
    assert len(saves) == 800
    for member_id, job in jobs.items():
        assert [e.after for e in saves if e.actor_id == member_id] == [v for _, _, v in job], "each process's saves in its order"
    runs = 1 + sum(a.actor_id != b.actor_id for a, b in zip(saves, saves[1:], strict=False))
    assert runs > 20, f"the four processes really saved at the same time ({runs} runs)"
    assert [e.at for e in events] == sorted(e.at for e in events)
    assert len({e.id for e in events}) == len(events)


def test_a_long_lived_session_sees_other_processes_and_keeps_their_writes(
    build_session: Callable[..., Any], saver_script: Path
) -> None:
    built = build_session(3, 2, 4, name="Long lived")
    mine = SessionFile.open(built.path)
    me = OpenedSession(mine).sign_in(built.members[0])
    me.record_score(built.members[0], built.candidates[0], built.questions[0], 1)
    seen = mine.state()
    stamp = mine.stamp()
    assert mine.stamp() == stamp, "nobody else wrote: the file on disk is the version this process wrote"

    def other_process(member_id: str, value: int) -> None:
        job = [(built.candidates[1], q, value) for q in built.questions]
        child = start_saver(saver_script, built.path, member_id, "once", {"saves": job, "pause": 0})
        out, _ = child.communicate("go\n", timeout=60)
        assert child.returncode == 0 and len(out.splitlines()) == 1 + len(built.questions)

    other_process(built.members[1], 3)
    assert mine.stamp() != stamp, "the stamp shows another process replaced the file"
    assert seen.sheet(built.members[1], built.candidates[1]) is None, "an old state is a snapshot"
    assert mine.state().sheet(built.members[1], built.candidates[1]).scores == dict.fromkeys(built.questions, 3)
    me.record_score(built.members[0], built.candidates[0], built.questions[1], 2)

    other_process(built.members[2], 4)
    # no state() call this time: the save itself must re-read the file under the lock
    me.record_score(built.members[0], built.candidates[0], built.questions[2], 0)

    again = SessionFile.open(built.path).state()
    assert again.sheet(built.members[1], built.candidates[1]).scores == dict.fromkeys(built.questions, 3)
    assert again.sheet(built.members[2], built.candidates[1]).scores == dict.fromkeys(built.questions, 4)
    assert again.sheet(built.members[0], built.candidates[0]).scores == {
        built.questions[0]: 1, built.questions[1]: 2, built.questions[2]: 0,
    }
    assert mine.state() == again
    saves = [e.actor_id for e in mine.audit_events() if e.action == SAVED]
    assert saves == [built.members[0]] + [built.members[1]] * 4 + [built.members[0]] + [built.members[2]] * 4 + [built.members[0]]


def test_threads_sharing_one_open_file_lose_nothing(build_session: Callable[..., Any]) -> None:
    """The app saves from thread workers: four threads, one SessionFile, 50 saves each."""
    built = build_session(4, 10, 5, name="Threads")
    shared = SessionFile.open(built.path)
    opened = OpenedSession(shared)
    services = {m: opened.sign_in(m) for m in built.members}
    slots = [(c, q) for c in built.candidates for q in built.questions]
    errors: list[BaseException] = []

    def save_all(member_id: str) -> None:
        try:
            for i, (c, q) in enumerate(slots):
                services[member_id].record_score(member_id, c, q, i % 5)
                if i % 10 == 0:
                    shared.state()  # readers in between, as the screens do
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=save_all, args=(m,)) for m in built.members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    state = SessionFile.open(built.path).state()
    for member_id in built.members:
        assert {(s.candidate_id, q): v for s in state.sheets_by_member(member_id) for q, v in s.scores.items()} == {
            slot: i % 5 for i, slot in enumerate(slots)
        }
    assert sum(e.action == SAVED for e in audit_events_of(built.path)) == 4 * len(slots)
