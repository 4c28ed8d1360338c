"""The reconciliation grid: questions down, panel members across, flags and agreed scores.

Divergent questions carry "⚑ differs" (a symbol and a word). The heat map
adds a background shade to each score taken from the theme's own colours,
so it follows the high-contrast theme, and the number is always shown too.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.color import Color

from ...domain.models import Scale
from ...domain.reconcile import GridRow
from .tables import KeyedTable

FLAG = "⚑"


class ReconcileGrid(KeyedTable):
    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.header_height = 2
        self.heat_map = False
        self._columns_for: tuple[str, ...] = ()

    def on_mount(self) -> None:
        pass

    def _shade(self, score: int, scale: Scale) -> Style:
        """Low scores toward the theme's error colour, high toward success, middle toward warning."""
        variables = self.app.get_css_variables()
        low, mid, high = (Color.parse(variables[name]) for name in ("error", "warning", "success"))
        span = max(1, scale.high - scale.low)
        position = (score - scale.low) / span
        colour = low.blend(mid, position * 2) if position <= 0.5 else mid.blend(high, (position - 0.5) * 2)
        return Style(bgcolor=colour.rich_color, color=colour.get_contrast_text().rich_color, bold=True)

    def show(self, rows: list[tuple[int, GridRow]], member_ids: list[str], headers: dict[str, Text], scale: Scale) -> None:
        """`headers`: two lines per member column, e.g. "A" over "Mem"."""
        shape = tuple(member_ids)
        if shape != self._columns_for:
            self.clear(columns=True)
            self.add_column("#", key="number", width=2)
            self.add_column("⚑", key="flag", width=1)
            for member_id in member_ids:
                self.add_column(headers[member_id], key=member_id, width=3)
            self.add_column("Spread", key="spread")
            self.add_column("Median", key="median")
            self.add_column("Agreed", key="agreed")
            self._columns_for = shape
        table_rows = []
        for number, row in rows:
            cells: list[Text] = [Text(str(number)), Text(FLAG if row.divergent else "", style="bold")]
            for member_id in member_ids:
                score = row.scores.get(member_id)
                if score is None:
                    cells.append(Text("·", style="dim"))
                elif self.heat_map:
                    cells.append(Text(f" {score} ", style=self._shade(score, scale)))
                else:
                    cells.append(Text(str(score)))
            stats = row.stats
            cells.append(Text(str(stats.spread) if stats else "·"))
            cells.append(Text(f"{stats.median:g}" if stats else "·"))
            if row.agreed is not None:
                cells.append(Text(f"✓ {row.agreed.score}", style="bold"))
            else:
                cells.append(Text(f"({row.prefill})" if row.prefill is not None else "·", style="dim"))
            table_rows.append((row.question.id, cells))
        self.fill(table_rows)
