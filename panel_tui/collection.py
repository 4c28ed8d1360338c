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
  modules, the app's widgets, the session just opened. Later passes skip all
  of it and walk only what was made since, so each costs a fraction.

Both are process-wide, like the collector itself; `paused()` counts its
users, so overlapping stretches in different threads resume collection only
when the last one ends, and only if it was on when the first one began.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

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
    """Collect now, then leave everything alive out of later passes: call once the process has set up."""
    gc.collect()
    gc.freeze()
