"""Turns at the session's lock: first come, first served across processes; never stuck, never two writers.

Real processes queue for the lock of a real session file. Polling alone let
a process that had just let go take the lock again at once, so a screen's
save could wait behind many saves of other terminals; with turns, a process
waits only for those that asked before it.
"""

from __future__ import annotations

import os
import signal
import textwrap
import threading
import time
from pathlib import Path

import pytest

from panel_tui.store import turns
from panel_tui.store.lock import SessionBusy, SessionLock
from panel_tui.store.turns import turns_path

from .children import start_python, wait_for_line

pytestmark = pytest.mark.skipif(turns._OFD_SETLK is None, reason="turns need Linux open-file-description locks")

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from panel_tui.store.lock import SessionLock

    with SessionLock(Path(sys.argv[1])).held():
        print("holding", flush=True)
        sys.stdin.readline()  # let go when the test says so (or when it closes the pipe)
    """
)
QUEUER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from panel_tui.store.lock import SessionLock

    path, name, out = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
    with SessionLock(path, timeout=float(sys.argv[4])).held():
        with open(out, "a") as log:
            log.write(name + "\\n")
    print("done", flush=True)
    """
)
WAIT = 30.0
"""Seconds a queued process may wait in these tests: far more than any of them needs."""


def _turns_taken(path: Path) -> int:
    raw = turns_path(path).read_bytes()[:8]
    return int.from_bytes(raw, "little") if len(raw) == 8 else 0


def _queued_after(path: Path, count: int) -> None:
    deadline = time.monotonic() + WAIT
    while _turns_taken(path) < count:
        assert time.monotonic() < deadline, "a process never took its turn"
        time.sleep(0.01)


def _session(tmp_path: Path) -> Path:
    path = tmp_path / "round.json"
    path.write_text("{}")
    return path


def test_processes_get_the_lock_in_the_order_they_asked(tmp_path: Path) -> None:
    path, out = _session(tmp_path), tmp_path / "order.txt"
    holder = start_python(HOLDER, str(path))
    queued = []
    try:
        wait_for_line(holder, "holding")
        for n in range(6):
            queued.append(start_python(QUEUER, str(path), f"p{n}", str(out), str(WAIT)))
            _queued_after(path, n + 2)  # the holder's turn, then one for each queued process
        assert holder.stdin is not None
        holder.stdin.write("go\n")
        holder.stdin.flush()
        for child in queued:
            wait_for_line(child, "done")
    finally:
        for child in [holder, *queued]:
            child.kill()
            child.wait()
    assert out.read_text().split() == [f"p{n}" for n in range(6)]


def test_a_process_killed_while_queued_does_not_hold_up_those_behind_it(tmp_path: Path) -> None:
    path, out = _session(tmp_path), tmp_path / "order.txt"
    holder = start_python(HOLDER, str(path))
    try:
        wait_for_line(holder, "holding")
        doomed = start_python(QUEUER, str(path), "doomed", str(out), str(WAIT))
        _queued_after(path, 2)
        behind = start_python(QUEUER, str(path), "behind", str(out), str(WAIT))
        _queued_after(path, 3)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.wait()
        assert holder.stdin is not None
        holder.stdin.close()  # the holder lets go
        wait_for_line(behind, "done")
    finally:
        for child in (holder, behind):
            child.kill()
            child.wait()
    assert out.read_text().split() == ["behind"]


def test_one_that_gives_up_waiting_lets_the_next_one_through_and_never_two_hold_it(tmp_path: Path) -> None:
    path = _session(tmp_path)
    holder = start_python(HOLDER, str(path))
    try:
        wait_for_line(holder, "holding")
        started = time.monotonic()
        with pytest.raises(SessionBusy), SessionLock(path, timeout=0.3).held():
            pass  # pragma: no cover - never reached: the holder has it
        assert time.monotonic() - started < 5.0
        patient = SessionLock(path, timeout=WAIT)
        got: list[float] = []
        waiter = threading.Thread(target=lambda: _hold_once(patient, got))
        waiter.start()
        time.sleep(0.3)
        assert not got, "the lock must still be the holder's, turn or no turn"
        assert holder.stdin is not None
        holder.stdin.close()
        waiter.join(WAIT)
        assert got, "the one behind the one that gave up got its turn"
    finally:
        holder.kill()
        holder.wait()


def _hold_once(lock: SessionLock, got: list[float]) -> None:
    with lock.held():
        got.append(time.monotonic())


def test_two_locks_on_one_file_in_one_process_take_turns_too(tmp_path: Path) -> None:
    path = _session(tmp_path)
    first, second = SessionLock(path, timeout=WAIT), SessionLock(path, timeout=WAIT)
    inside: list[int] = []
    most = 0

    def work(lock: SessionLock) -> None:
        nonlocal most
        for _ in range(50):
            with lock.held():
                inside.append(1)
                most = max(most, len(inside))
                time.sleep(0.0005)
                inside.pop()

    threads = [threading.Thread(target=work, args=(lock,)) for lock in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(t.is_alive() for t in threads)
    assert most == 1


def test_the_same_thread_may_take_its_lock_again_without_queueing_behind_itself(tmp_path: Path) -> None:
    path = _session(tmp_path)
    lock = SessionLock(path, timeout=1.0)
    with lock.held(), lock.held():
        assert _turns_taken(path) == 1


@pytest.mark.parametrize("content", [b"", b"\xff" * 8, b"garbage that is not a count", (2**62).to_bytes(8, "little")])
def test_a_damaged_turns_file_only_means_waiting_as_before(tmp_path: Path, content: bytes) -> None:
    path = _session(tmp_path)
    turns_path(path).write_bytes(content)
    before = _turns_taken(path)
    start = before if 0 <= before < 2**62 else 0
    lock = SessionLock(path, timeout=1.0)
    for _ in range(3):
        with lock.held():
            pass
    assert _turns_taken(path) == start + 3


def test_a_turn_held_by_someone_after_the_count_was_reset_does_not_stop_the_lock(tmp_path: Path) -> None:
    """Someone truncated the turns file while a process held turn 0: the next one must not wait for ever."""
    path = _session(tmp_path)
    holder = start_python(HOLDER, str(path))
    got: list[float] = []
    try:
        wait_for_line(holder, "holding")
        turns_path(path).write_bytes(b"")  # the next one is given turn 0 again: the holder's
        waiter = threading.Thread(target=lambda: _hold_once(SessionLock(path, timeout=WAIT), got))
        waiter.start()
        time.sleep(0.3)
        assert not got, "the holder still has the lock"
        assert holder.stdin is not None
        holder.stdin.close()
        waiter.join(WAIT)
    finally:
        holder.kill()
        holder.wait()
    assert got


def test_without_turns_on_this_system_the_lock_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(turns, "_OFD_SETLK", None)
    path = _session(tmp_path)
    with SessionLock(path, timeout=1.0).held():
        pass
    assert not turns_path(path).exists()


def test_a_waiting_process_sleeps_until_the_turn_before_ends_rather_than_polling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Polling every 0.25-2 ms cost up to 2 ms at each hand-over and woke every waiter hundreds of times a second."""
    path = _session(tmp_path)
    holder = start_python(HOLDER, str(path))
    tries: list[int] = []
    original = turns._byte

    def counted(fd: int, offset: int, kind: int) -> bool:
        if offset >= turns.FIRST_SLOT and kind == turns.fcntl.F_WRLCK:
            tries.append(offset)
        return original(fd, offset, kind)

    got: list[float] = []
    try:
        wait_for_line(holder, "holding")
        monkeypatch.setattr(turns, "_byte", counted)
        waiter = threading.Thread(target=lambda: _hold_once(SessionLock(path, timeout=WAIT), got))
        waiter.start()
        _queued_after(path, 2)
        time.sleep(0.5)
        assert not got
        assert holder.stdin is not None
        holder.stdin.close()  # the holder's turn ends: the waiter wakes
        waiter.join(WAIT)
    finally:
        holder.kill()
        holder.wait()
    assert got, "the waiter had its turn once the holder let go"
    assert len(tries) <= 3, f"it tried the lock {len(tries)} times in half a second: it polled"
