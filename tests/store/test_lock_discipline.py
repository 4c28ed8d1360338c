"""Readers never take the lock; a writer waits for it a bounded time, then gives up having written nothing.

Another real process holds the session's lock (as a stalled or stopped
terminal would) while this one reads and tries to save.
"""

from __future__ import annotations

import os
import signal
import textwrap
import time

import pytest

from panel_tui.domain.models import AuditEvent, Candidate
from panel_tui.services import OpenedSession, SessionBusy, check_session
from panel_tui.store import SessionFile
from panel_tui.store.repository import audit_events_of, peek

from .builders import Small
from .children import start_python, wait_for_line
from .damage import replace_atomically, untouched

HOLDER = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path

    from panel_tui.store.lock import SessionLock

    with SessionLock(Path(sys.argv[1])).held():
        print("holding", flush=True)
        time.sleep(60)  # killed by the test once it has seen what it needs
    """
)
PROMPTLY = 5.0
"""Seconds: reading a small session takes milliseconds, even on a busy machine; a reader that waited for
the lock would wait the whole minute the other process holds it."""


def _save(session_file: SessionFile, name: str) -> None:
    with session_file.transaction() as tx:
        tx.put(Candidate(name=name, code="C42"))
        tx.record(AuditEvent(actor_id="tool", actor_name="test", action="added candidate", target="C42"))


def test_readers_return_promptly_and_a_save_gives_up_while_another_process_holds_the_lock(small: Small) -> None:
    path = small.path
    session_file = SessionFile.open(path)
    before = session_file.state()
    impatient = SessionFile(path, lock_timeout=0.5)
    opened = OpenedSession.open(path, lock_timeout=0.5)
    holder = start_python(HOLDER, str(path))
    try:
        wait_for_line(holder, "holding")
        replace_atomically(path, path.read_bytes())  # a new version on disk: the readers must really read it
        started = time.monotonic()
        assert session_file.state() == before
        assert session_file.snapshot().stamp == session_file.stamp(), "the new version was read"
        assert session_file.audit_events()
        assert SessionFile(path).state() == before, "a file never opened reads without the lock too"
        assert peek(path) == before
        assert "is sound" in check_session(path)
        assert audit_events_of(path)
        assert opened.who_are_you().vacancy == "Damage"
        opened.reload()
        read_for = time.monotonic() - started
        assert read_for < PROMPTLY, f"reading took {read_for:.2f} s while another process held the lock"

        with untouched(path.parent):
            started = time.monotonic()
            with pytest.raises(SessionBusy, match="Another terminal") as caught:
                _save(impatient, "Never saved")
            waited = time.monotonic() - started
            assert "0.5 seconds" in str(caught.value) and "not saved" in str(caught.value)
            with pytest.raises(SessionBusy):
                opened.as_tool("test").add_candidate("Never saved either")
        assert 0.5 <= waited < 0.5 + PROMPTLY, f"waited {waited:.2f} s for a 0.5 s lock timeout"
        assert holder.poll() is None, "the other process held the lock all along"
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.communicate()

    _save(impatient, "Saved once the lock is free")  # the same objects work once the other process is gone
    opened.as_tool("test").add_candidate("And this")
    assert [c.name for c in SessionFile.open(path).state().candidates][-2:] == ["Saved once the lock is free", "And this"]
