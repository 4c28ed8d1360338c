"""Every change a screen asks for runs here, in order, one at a time, off the event loop.

The lock discipline (STYLE.md): the event loop never takes the session's
cross-process lock and never waits on this thread; this thread holds the lock
only inside one service call and never waits on the event loop: it reports
by `post_message`, which only queues. A digit key therefore never waits for
the disk, and two quick presses land in the order typed, which Textual's
thread workers do not promise.

A save that cannot be done *yet* (another terminal holds the session past
the lock's timeout, or the disk refuses a write) is not lost: the screen is
told "not saved yet" (`SaveWaiting`) and the job is tried again, a few times,
before it is reported as failed with the value kept on screen. A save the
rules refuse, or one on a damaged file, is reported at once and not retried.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from textual.message import Message
from textual.message_pump import MessagePump

from ..domain.errors import PanelError
from ..services import SessionBusy, SessionProblem

Outcome = Literal["saved", "refused", "failed"]
RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0, 15.0)
"""Seconds between tries of a save that could not be done yet; after the last, it is reported as failed."""


class SaveWaiting(Message):
    """A save is still waiting: shown as 'not saved yet', with the reason."""

    def __init__(self, label: str, reason: str, tag: Any) -> None:
        super().__init__()
        self.label = label
        self.reason = reason
        self.tag = tag


class SaveFinished(Message):
    """Posted to the widget that asked for the save, from the saver thread."""

    def __init__(
        self, label: str, result: Any, error: str | None, started: float, finished: float, tag: Any,
        outcome: Outcome = "saved", problem: PanelError | None = None,
    ) -> None:
        super().__init__()
        self.label = label
        self.result = result
        self.error = error
        self.started = started
        self.finished = finished
        self.tag = tag
        self.outcome: Outcome = outcome
        """saved; refused by the rules (nothing to retry); failed (busy or disk trouble after every retry, or damage)."""
        self.problem = problem


@dataclass
class _Job:
    label: str
    action: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    reply_to: MessagePump | None
    tag: Any = None
    started: float = field(default_factory=time.monotonic)


def _retryable(problem: BaseException) -> str | None:
    """The reason a save may work if tried again, or None when trying again would not help."""
    if isinstance(problem, SessionBusy):
        return str(problem)
    if isinstance(problem, OSError) and not isinstance(problem, FileNotFoundError):
        return f"The computer could not write the file ({problem.strerror or problem})."
    return None


class SaveQueue:
    def __init__(self, retry_delays: tuple[float, ...] = RETRY_DELAYS) -> None:
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._retry_delays = retry_delays
        self._closing = threading.Event()
        self._thread = threading.Thread(target=self._run, name="panel-tui-saves", daemon=True)
        self._thread.start()

    def submit(
        self, label: str, action: Callable[..., Any], *args: Any, reply_to: MessagePump | None = None,
        tag: Any = None, started: float | None = None, **kwargs: Any,
    ) -> None:
        job = _Job(label, action, args, kwargs, reply_to, tag)
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
        outcome: Outcome = "saved"
        problem: PanelError | None = None
        for attempt in range(len(self._retry_delays) + 1):
            try:
                result = job.action(*job.args, **job.kwargs)
                error, outcome = None, "saved"
                break
            except (PanelError, OSError) as caught:
                reason = _retryable(caught)
                problem = caught if isinstance(caught, PanelError) else None
                if reason is None:
                    error = str(caught)
                    outcome = "failed" if isinstance(caught, (SessionProblem, OSError)) else "refused"
                    break
                error, outcome = f"Not saved yet. {reason}", "failed"
                if attempt == len(self._retry_delays) or self._closing.is_set():
                    error = f"Not saved. {reason} What you typed is still on screen: try again in a moment."
                    break
                self._post(job, SaveWaiting(job.label, f"Not saved yet. {reason} Trying again…", job.tag))
                self._closing.wait(self._retry_delays[attempt])
        self._post(job, SaveFinished(job.label, result, error, job.started, time.monotonic(), job.tag, outcome, problem))

    @staticmethod
    def _post(job: _Job, message: Message) -> None:
        if job.reply_to is not None:
            job.reply_to.post_message(message)

    @property
    def pending(self) -> int:
        return self._jobs.unfinished_tasks

    def drain(self, timeout: float = 30.0) -> bool:
        """Wait until every queued save is done; True when they all are. Never call it from the event loop."""
        deadline = time.monotonic() + timeout
        while self._jobs.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.005)
        return True

    def close(self, timeout: float = 30.0) -> None:
        """Finish the queued saves (no more waiting between retries), then stop the thread."""
        self._closing.set()
        self.drain(timeout)
        self._jobs.put(None)
        self._thread.join(timeout=5)
