"""The panel's make-up at a glance: a count per group, and any warning.

Warnings carry a symbol and words, never colour alone.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...domain.panel import composition, describe_composition
from ...domain.state import SessionState


class CompositionBar(Static):
    def show(self, state: SessionState) -> None:
        comp = composition(state.session, state.members)
        line = Text("Panel: ", style="bold")
        line.append(Text(describe_composition(state.session, comp)))
        for warning in comp.warnings:
            line.append("\n")
            line.append("⚠ Warning: ", style="bold")
            line.append(Text(warning))
        self.set_class(bool(comp.warnings), "has-warning")
        self.update(line)
