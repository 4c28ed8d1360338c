"""Saves run in order, one at a time, off the event loop.

A digit key must never wait for the disk, and two quick presses on the same
question must land in the order typed, which Textual's thread workers do not
promise. One saver thread per app takes jobs from a queue; the app drains it
before quitting, so a score typed just before quitting is saved.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.message_pump import MessagePump

from ..domain.errors import PanelError


class SaveFinished(Message):
    """Posted to the widget that asked for the save, from the saver thread."""

    def __init__(self, label: str, result: Any, error: str | None, started: float, finished: float, tag: Any) -> None:
        super().__init__()
        self.label = label
        self.result = result
        self.error = error
        self.started = started
        self.finished = finished
        self.tag = tag


@dataclass
class _Job:
    label: str
    action: Callable[..., Any]
    args: tuple[Any, ...]
    reply_to: MessagePump | None
    tag: Any = None
    started: float = field(default_factory=time.monotonic)


class SaveQueue:
    def __init__(self) -> None:
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="panel-tui-saves", daemon=True)
        self._thread.start()

    def submit(self, label: str, action: Callable[..., Any], *args: Any, reply_to: MessagePump | None = None, tag: Any = None, started: float | None = None) -> None:
        job = _Job(label, action, args, reply_to, tag)
        if started is not None:
            job.started = started
        self._jobs.put(job)

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                self._do(job)
            finally:
                self._jobs.task_done()

    def _do(self, job: _Job) -> None:
        result: Any = None
        error: str | None = None
        try:
            result = job.action(*job.args)
        except PanelError as problem:
            error = str(problem)
        except OSError as problem:
            error = f"Could not save: {problem.strerror or problem}. Your last saved work is safe; please try again."
        finished = time.monotonic()
        if job.reply_to is not None:
            job.reply_to.post_message(SaveFinished(job.label, result, error, job.started, finished, job.tag))

    @property
    def pending(self) -> int:
        return self._jobs.unfinished_tasks

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait until every queued save is on disk; True when they all are."""
        deadline = time.monotonic() + timeout
        while self._jobs.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def close(self) -> None:
        self.drain()
        self._jobs.put(None)
        self._thread.join(timeout=5)
