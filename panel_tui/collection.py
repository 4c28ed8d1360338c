"""When Python's garbage collector may run: never while other terminals wait on us, and not over what lives all run long.

A full collection walks every tracked object, and holds the interpreter while
it does. In a terminal with its session open that is about 150,000 objects:
measured at 33-78 ms a pass on a 2-core machine under load, and the app made
a full pass every second or two while four other terminals saved flat out. A
pass that falls while this process holds the session's lock makes every other
terminal's save wait behind it; that was most of the slow saves left.

So:

- `paused()` holds collections off for a stretch of work (a save under the
  session's lock; an export's rendering). Allocations go on as usual, and the
  pass the collector owes simply runs after the stretch, in the open.
- `settle()` collects once, then freezes what is alive (`gc.freeze`): the
  modules, Textual, the app's set-up. Later passes skip all of it and walk
  only what was made since, so each costs a fraction. It also lets the
  youngest generation grow to `YOUNG_THRESHOLD` objects before a pass
  (Python's default is 700): drawing a screen makes many objects that live
  for a moment, and at 700 a pass often caught them alive and moved them on
  to the older generations, which then needed full passes. Measured in the
  app with four other terminals saving flat out, over 30 s: 16-17 full
  passes of 66-75 ms each at 700, none at 10,000; key to screen p95 56 and
  60 ms against 21 and 17, key to durable save p95 64 and 79 ms against 46
  and 39. The cost is at most that many more young objects waiting for their
  pass: about a megabyte.

Both are process-wide, like the collector itself; `paused()` counts its
users, so overlapping stretches in different threads resume collection only
when the last one ends, and only if it was on when the first one began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_THRESHOLD = 10_000
"""Allocations (less deallocations) between two passes over the youngest generation, once settled."""

_guard = threading.Lock()
_pauses = 0
_resume = False
"""Whether collection was on when the first of the current pauses began."""


@contextmanager
def paused() -> Iterator[None]:
    """No collection passes inside this block, in any thread of this process."""
    global _pauses, _resume
    with _guard:
        if _pauses == 0:
            _resume = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _guard:
            _pauses -= 1
            if _pauses == 0 and _resume:
                gc.enable()


def settle() -> None:
    """Collect now, leave everything alive out of later passes, pass over young objects less often: once set up."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
