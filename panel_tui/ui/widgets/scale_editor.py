"""Choose a scale and word a label for every point."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from ...domain.models import SCALE_PRESETS, Scale


def _preset_of(scale: Scale) -> str:
    return f"{scale.low}-{scale.high}"


class ScaleEditor(VerticalScroll):
    def __init__(self, scale: Scale, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scale = scale

    def compose(self) -> ComposeResult:
        options = [(f"{p.low} to {p.high}", key) for key, p in SCALE_PRESETS.items()]
        current = _preset_of(self.scale)
        if current not in SCALE_PRESETS:
            options.append((f"{self.scale.low} to {self.scale.high}", current))
        yield Static("The scale every score is given on. It cannot change once anyone has scored.", classes="hint")
        yield Label("Scale")
        yield Select(options, value=current, allow_blank=False, id="preset", compact=True)
        yield Vertical(id="labels")

    async def on_mount(self) -> None:
        await self._show_labels(self.scale)

    @on(Select.Changed, "#preset")
    async def _preset_changed(self, event: Select.Changed) -> None:
        key = str(event.value)
        if key == _preset_of(self.scale):
            await self._show_labels(self.scale)
        elif key in SCALE_PRESETS:
            await self._show_labels(SCALE_PRESETS[key])

    async def _show_labels(self, scale: Scale) -> None:
        box = self.query_one("#labels", Vertical)
        await box.remove_children()
        widgets: list[Widget] = []
        for point in scale.points:
            widgets.append(Label(f"Label for {point}"))
            widgets.append(Input(compact=True, value=scale.label(point), id=f"point-{point}", classes="scale-label"))
        self._shown = scale
        await box.mount_all(widgets)

    def values(self) -> tuple[int, int, list[str]]:
        scale = self._shown
        labels = [self.query_one(f"#point-{p}", Input).value for p in scale.points]
        return scale.low, scale.high, labels
