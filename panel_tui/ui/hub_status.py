"""The hub status file: who is signed in on this browser tab, for the hub's terminal to show.

The contract with `panel-tui serve` (the hub), which starts one app process
per browser tab:

- The hub sets `PANEL_TUI_HUB_DIR` (a folder it made) and `PANEL_TUI_HUB_TAB`
  (this tab's id) in each tab's environment. Without both, nothing is written.
- The tab id must be a safe file name: 1 to 64 letters, digits or '-'.
  Anything else (a '/', '..', a space, a dot) and nothing is written.
- The app writes `<PANEL_TUI_HUB_DIR>/<PANEL_TUI_HUB_TAB>.json` when a
  session is opened (nobody signed in yet), when someone signs in and when
  they sign out, each time whole: a temporary file (a hidden name starting
  with '.', ending '.tmp') renamed over the old one, readable by its owner
  only (0600). A reader never sees half a file.
- The file holds exactly: `{"name": "Ana Lopez" or null, "role": "chair" |
  "panel member" | "HR / observer" or null, "vacancy": the session's vacancy
  or null, "at": the time of the change, ISO 8601 with its UTC offset}`.
  `name` is null while nobody is signed in. Never a network address.
- The app removes the file when it exits. A process that is killed leaves its
  file behind: the hub knows which tabs it still runs.

A problem with the folder (missing, full, not writable) never stops the app
or slows a key: writes run one at a time on a small thread of their own, in
the order asked for, and an OSError there is ignored.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..domain.models import Role, now
from ..safe_files import write_atomic

HUB_DIR_ENV = "PANEL_TUI_HUB_DIR"
HUB_TAB_ENV = "PANEL_TUI_HUB_TAB"
SAFE_TAB = re.compile(r"[A-Za-z0-9-]{1,64}")
"""A tab id that is safe as a file name: no path, no dot, nothing hidden."""

ROLE_WORDS: dict[Role, str] = {
    Role.CHAIR: "chair",
    Role.PANEL: "panel member",
    Role.OBSERVER: "HR / observer",
}
"""A role as the hub's terminal shows it."""


class HubStatus:
    """Writes this tab's status file in the background; `close` removes it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="panel-tui-hub-status")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> HubStatus | None:
        """The status file for this process, or None when the hub did not ask for one (or asked unsafely)."""
        environ = os.environ if environ is None else environ
        folder = environ.get(HUB_DIR_ENV, "")
        tab = environ.get(HUB_TAB_ENV, "")
        if not folder or not SAFE_TAB.fullmatch(tab):
            return None
        return cls(Path(folder) / f"{tab}.json")

    def show(self, name: str | None, role: Role | None, vacancy: str | None) -> None:
        """Who is signed in now (`name` None: nobody), written soon, off the event loop."""
        record = {
            "name": name,
            "role": ROLE_WORDS[role] if name is not None and role is not None else None,
            "vacancy": vacancy,
            "at": now().isoformat(timespec="seconds"),
        }
        payload = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
        self._submit(self._write, payload)

    def close(self) -> None:
        """Remove the file once the writes before it are done; the thread then ends."""
        self._submit(self._remove)
        self._writer.shutdown(wait=True)

    def _submit(self, job: object, *args: object) -> None:
        try:
            self._writer.submit(job, *args)  # type: ignore[arg-type]
        except RuntimeError:  # already closed: nothing more to say to the hub
            pass

    def _write(self, payload: bytes) -> None:
        try:
            write_atomic(self.path, payload)
        except OSError:
            pass

    def _remove(self) -> None:
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass
