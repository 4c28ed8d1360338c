"""The app's one watcher of the session file: notices a change and says so, once.

Runs as an async worker on the app (never per screen). It uses watchfiles
(inotify on Linux) on the session's folder, filtered to the one file; the
file is read and checked in a thread (`OpenedSession.reload`), so the event
loop never parses it, and screens then render from the cached read. A file
that cannot be read is reported as opening one is (`explain_problem`): what
is wrong, the newest good backup and the command to put it back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from ..domain.errors import PanelError
from ..services import OpenedSession, explain_problem
from .messages import SessionChanged, SessionUnreadable

DEBOUNCE_MS = 300
"""At most this long between a burst of saves and the screens hearing of it."""
STEP_MS = 30
RUST_TIMEOUT_MS = 500
"""How often the watching thread looks up to see if it should stop."""


async def watch_session(opened: OpenedSession, post: Callable[[Message], object], stop: asyncio.Event) -> None:
    """Post `SessionChanged` after every new version of the file, `SessionUnreadable` if it cannot be read."""
    from watchfiles import awatch

    targets = {Path(p).resolve() for p in opened.watched_paths()}  # the file and its journal of recent changes
    last = opened.stamp()
    unreadable = False

    def ours(_: object, path: str) -> bool:
        return Path(path) in targets

    async for _ in awatch(
        Path(opened.path).resolve().parent, watch_filter=ours, stop_event=stop, debounce=DEBOUNCE_MS, step=STEP_MS,
        rust_timeout=RUST_TIMEOUT_MS, recursive=False,
    ):
        stamp = opened.stamp()
        if stamp == last and not unreadable:
            continue
        last = stamp
        try:
            await asyncio.to_thread(opened.reload)
        except PanelError as error:
            unreadable = True
            # with the newest good backup and the command to put it back; reading the backups is I/O, so off the loop
            post(SessionUnreadable(await asyncio.to_thread(explain_problem, error, opened.path)))
            continue
        unreadable = False
        post(SessionChanged())
