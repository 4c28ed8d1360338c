"""Rendering HR's export: here, or in a process of its own for the app.

Why a process of its own: Python runs one thread of a process at a time. In
the app, rendering 30,000 scores shared the interpreter with drawing the
screen, so a person typing in the same app made the export 20-40% slower
(`bench/ui_bench.py --only export`: 1.00-1.37 of the command line's time
over eight runs), and the export made their keys slower too. A child process
has an interpreter and, on a machine of two cores or more, a core of its own.

The child does what `panel-tui export` does, minus recording: it opens the
session file itself (lock-free, with every check a read makes), builds the
same read model for the same person (`render`), renders and writes the files.
It sends its progress and its result back as pickles on its standard output;
the app records the export in its own short transaction, as before. Nothing
of the session is copied through the pipe: pickling the read model of a large
round took longer (1.2 s) than the child takes to read the file.

The protocol is private to this module and its own child (`serve`, started
by the app with the same Python), so pickle is safe here: nothing else
writes to that pipe.
"""

from __future__ import annotations

import os
import pickle
import site
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..domain.errors import PanelError
from ..domain.models import Candidate
from ..export import ExportOptions, ExportResult, Progress, WouldOverwrite, export_all
from ..store import SessionFile
from .actor import Actor
from .views import SessionView, export_content

_PACKAGE_ROOT = Path(__file__).resolve().parents[2]
"""The folder holding `panel_tui`: the child imports this very copy (see `_child_env`)."""
CHILD = [sys.executable, "-c", f"from {__name__} import serve; serve()"]
"""The child's command: `serve`, run by this Python."""
_EXIT_WAIT = 10.0
"""Seconds to let a child that has sent its result exit by itself."""


class ExportStopped(PanelError):
    """The child process ended before it said how the export went."""


@dataclass(frozen=True)
class Request:
    session: Path
    actor: Actor
    out: Path
    formats: list[str]
    options: ExportOptions
    force: bool


def render(
    file: SessionFile, actor: Actor, out: str | Path, formats: Iterable[str], options: ExportOptions,
    *, force: bool, progress: Progress | None,
) -> tuple[ExportResult, Candidate | None]:
    """One lock-free snapshot, the person's read model of it, the files: no lock is held at any point."""
    snap = file.snapshot()
    view = SessionView.build(snap.state, actor)
    content = export_content(view, file.audit_events(snap), options)
    return export_all(content, out, formats=formats, force=force, progress=progress), content.candidate


def render_in_own_process(request: Request, progress: Progress | None) -> tuple[ExportResult, Candidate | None]:
    """`render` in a child process; its progress is passed on as it comes. Raises what `render` would raise."""
    child = subprocess.Popen(
        CHILD,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_child_env(),
        start_new_session=True,  # Ctrl+C or a hang-up in the terminal goes to the app alone (see `serve`)
    )
    assert child.stdin is not None and child.stdout is not None
    answered = False
    try:
        try:
            with child.stdin:
                pickle.dump(request, child.stdin)
        except BrokenPipeError:
            pass  # it has already ended: `_receive` says so
        while True:
            message = _receive(child.stdout)
            kind = message[0]
            if kind == "progress":
                if progress:
                    progress(*message[1:])
                continue
            answered = True
            if kind == "done":
                return message[1], message[2]
            raise _rebuilt(message)
    finally:
        _end(child, answered)


def _child_env() -> dict[str, str]:
    """The app's environment; from a source folder, with that folder first, so the child runs this very code."""
    if str(_PACKAGE_ROOT) in {*site.getsitepackages(), site.getusersitepackages()}:
        return dict(os.environ)  # installed: the child finds it where this process did
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(_PACKAGE_ROOT), os.environ.get("PYTHONPATH")]))}


def _end(child: subprocess.Popen[bytes], answered: bool) -> None:
    """A child that has answered exits by itself; one that has not (we stopped listening) is stopped now."""
    try:
        child.wait(_EXIT_WAIT if answered else 0)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if child.stdout is not None:
        child.stdout.close()


def _receive(stream: IO[bytes]) -> tuple[Any, ...]:
    try:
        message = pickle.load(stream)
    except (EOFError, pickle.UnpicklingError, OSError):
        raise ExportStopped(
            "The export stopped before it finished, so it was not recorded. Some files may have been written. "
            "Please try again."
        ) from None
    if not isinstance(message, tuple) or not message:
        raise ExportStopped("The export stopped before it finished, so it was not recorded. Please try again.")
    return message


def _rebuilt(message: tuple[Any, ...]) -> Exception:
    """The child's error, as the screen expects it: exceptions with their own arguments do not survive pickling."""
    kind = message[0]
    if kind == "overwrite":
        return WouldOverwrite([Path(p) for p in message[1]])
    if kind == "oserror":
        return OSError(message[1], message[2], message[3])
    return PanelError(str(message[1]))


def serve() -> None:
    """The child: one request on standard input; progress, then the result, on standard output."""
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must never break the pipe's pickles
    parent = os.getppid()

    def send(*message: Any) -> None:
        pickle.dump(message, out)
        out.flush()

    def progress(done: int, total: int, label: str) -> None:
        if os.getppid() != parent:  # the app has gone (quit, killed, its terminal closed): nobody would record this
            raise SystemExit(1)
        send("progress", done, total, label)

    request: Request = pickle.load(sys.stdin.buffer)
    try:
        file = SessionFile(request.session)
        result, candidate = render(
            file, request.actor, request.out, request.formats, request.options, force=request.force, progress=progress
        )
    except WouldOverwrite as error:
        send("overwrite", [str(p) for p in error.paths])
    except PanelError as error:
        send("problem", str(error))
    except OSError as error:
        send("oserror", error.errno, error.strerror, error.filename)
    else:
        send("done", result, candidate)

