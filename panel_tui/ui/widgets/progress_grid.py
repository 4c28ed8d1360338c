"""Who has submitted what, candidate by panel member: statuses, never scores.

Rule 1 of DESIGN.md: this grid is safe for anyone to see, so it shows only
'submitted', 'draft n/m' or 'not started', each with a symbol.
"""

from __future__ import annotations

from rich.text import Text

from ...services import SessionView
from ..text import cell
from .tables import KeyedTable


class ProgressGrid(KeyedTable):
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shape: tuple[str, ...] = ()

    def on_mount(self) -> None:
        pass

    def show(self, view: SessionView) -> None:
        """Statuses from the read model's progress (counts only); names only where the viewer may see them."""
        state = view.state
        show_names = view.shows_candidate_names
        scorers = sorted(state.scorers, key=lambda m: m.name.casefold())
        shape = tuple(m.id for m in scorers)
        if shape != self._shape:
            self.clear(columns=True)
            self.add_column("Candidate", key="candidate")
            self.add_column("Done", key="done")  # beside the name: on a narrow screen the panel's columns scroll, this never does
            for m in scorers:
                short = m.name.split()[0] if m.name.split() else m.name
                self.add_column(cell(f"{short} ({state.group_label(m.group)[0]})"), key=m.id)
            self._shape = shape
        rows = []
        for c in state.candidates_in_order:
            label = f"{c.code} {c.name}" if show_names else c.code
            progress = [view.progress(m.id, c.id) for m in scorers]
            statuses = [Text(p.short_label) for p in progress]
            done = sum(1 for p in progress if p.status == "submitted")
            rows.append((c.id, [cell(label), Text(f"{done}/{len(scorers)}"), *statuses]))
        self.fill(rows)
