"""Who has submitted what, candidate by panel member: statuses, never scores.

Rule 1 of DESIGN.md: this grid is safe for anyone to see, so it shows only
'submitted', 'draft n/m' or 'not started', each with a symbol.
"""

from __future__ import annotations

from rich.text import Text

from ...domain.progress import sheet_progress
from ...domain.state import SessionState
from ..text import cell
from .tables import KeyedTable


class ProgressGrid(KeyedTable):
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shape: tuple[str, ...] = ()

    def on_mount(self) -> None:
        pass

    def show(self, state: SessionState, show_names: bool) -> None:
        scorers = sorted(state.scorers, key=lambda m: m.name.casefold())
        shape = tuple(m.id for m in scorers)
        if shape != self._shape:
            self.clear(columns=True)
            self.add_column("Candidate", key="candidate")
            for m in scorers:
                short = m.name.split()[0] if m.name.split() else m.name
                self.add_column(cell(f"{short} ({state.group_label(m.group)[0]})"), key=m.id)
            self.add_column("Done", key="done")
            self._shape = shape
        rows = []
        for c in state.candidates_in_order:
            label = f"{c.code} {c.name}" if show_names else c.code
            statuses = [Text(sheet_progress(state, m, c).short_label) for m in scorers]
            done = sum(1 for m in scorers if (s := state.sheet(m.id, c.id)) is not None and s.submitted)
            rows.append((c.id, [cell(label), *statuses, Text(f"{done}/{len(scorers)}")]))
        self.fill(rows)
