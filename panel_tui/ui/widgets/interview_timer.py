"""An interview timer: optional, shown as minutes and seconds, never a popup.

A panel member's access profile says whether it is there at all and how
much extra time they have. With a planned length (none yet: the session
has no interview length), it shows the time so far against that length
plus their extra time.
"""

from __future__ import annotations

import time

from textual.reactive import reactive
from textual.widgets import Static


class InterviewTimer(Static):
    running: reactive[bool] = reactive(False)
    """Counting now; pressing the timer key again pauses it."""

    def __init__(
        self, id: str | None = None, *, shown: bool = True, extra_minutes: int = 0, length_minutes: int | None = None
    ) -> None:
        super().__init__("", id=id)
        self.shown = shown
        """Whether the person wants a timer at all (their access profile): hidden, it takes no room."""
        self.extra_minutes = extra_minutes
        """Minutes added for this person (their access profile)."""
        self.length_minutes = length_minutes
        """The planned length of an interview, when known: shown with the extra time added."""
        self._elapsed = 0.0
        self._since: float | None = None

    def on_mount(self) -> None:
        self.display = self.shown
        self.set_interval(1.0, self._tick)

    def toggle(self) -> None:
        if self.running:
            assert self._since is not None
            self._elapsed += time.monotonic() - self._since
            self._since = None
        else:
            self._since = time.monotonic()
        self.running = not self.running
        self._tick()

    @property
    def seconds(self) -> int:
        extra = time.monotonic() - self._since if self._since is not None else 0.0
        return int(self._elapsed + extra)

    @property
    def allowed_minutes(self) -> int | None:
        """The planned length plus this person's extra time; None while no length is planned."""
        return None if self.length_minutes is None else self.length_minutes + self.extra_minutes

    def _tick(self) -> None:
        if not self.running and not self._elapsed:
            self.update("")
            return
        minutes, seconds = divmod(self.seconds, 60)
        state = "⏱" if self.running else "⏸ paused"
        line = f"{state} {minutes:02d}:{seconds:02d}"
        allowed = self.allowed_minutes
        if allowed is not None:
            line += f" of {allowed:02d}:00"
        if self.extra_minutes:
            line += f" (+{self.extra_minutes} min for you)"
        self.update(line)
