"""An interview timer: optional, shown as minutes and seconds, never a popup."""

from __future__ import annotations

import time

from textual.reactive import reactive
from textual.widgets import Static


class InterviewTimer(Static):
    running: reactive[bool] = reactive(False)
    """Counting now; pressing the timer key again pauses it."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__("", id=id)
        self._elapsed = 0.0
        self._since: float | None = None

    def on_mount(self) -> None:
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

    def _tick(self) -> None:
        if not self.running and not self._elapsed:
            self.update("")
            return
        minutes, seconds = divmod(self.seconds, 60)
        state = "⏱" if self.running else "⏸ paused"
        self.update(f"{state} {minutes:02d}:{seconds:02d}")
