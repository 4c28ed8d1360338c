"""Garbage collection held off while this process holds a session's lock, and resumed exactly as it was.

Issue 10: a full collection pass (30-120 ms on 2 busy cores) that fell while a
terminal held the session's lock made every other terminal's save wait
behind it. `collection.paused` is process-wide, so overlapping pauses in
different threads must resume collection only when the last one ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from panel_tui import collection
from panel_tui.store.lock import SessionLock


@pytest.fixture(autouse=True)
def _collection_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_no_collection_while_a_session_lock_is_held_and_as_before_after(tmp_path: Path) -> None:
    path = tmp_path / "round.json"
    path.write_text("{}")
    with SessionLock(path, timeout=5.0).held():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_failed_change_under_the_lock_still_resumes_collection(tmp_path: Path) -> None:
    path = tmp_path / "round.json"
    path.write_text("{}")
    with pytest.raises(RuntimeError), SessionLock(path, timeout=5.0).held():
        raise RuntimeError("the change failed")
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_resume_only_when_the_last_ends() -> None:
    inside, release = threading.Event(), threading.Event()

    def long_pause() -> None:
        with collection.paused():
            inside.set()
            release.wait(10)

    other = threading.Thread(target=long_pause)
    other.start()
    assert inside.wait(10)
    with collection.paused():
        assert not gc.isenabled()
    assert not gc.isenabled(), "the other thread's pause is not over"
    release.set()
    other.join(10)
    assert gc.isenabled()


def test_a_pause_leaves_collection_off_if_it_was_off() -> None:
    gc.disable()
    with collection.paused():
        pass
    assert not gc.isenabled()


def test_settle_leaves_what_is_alive_out_of_later_passes_and_young_objects_a_while_longer() -> None:
    before, thresholds = gc.get_freeze_count(), gc.get_threshold()
    try:
        collection.settle()
        assert gc.get_freeze_count() > before
        assert gc.get_threshold() == (collection.YOUNG_THRESHOLD, *thresholds[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
