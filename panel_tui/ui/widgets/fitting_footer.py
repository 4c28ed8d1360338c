"""The footer every screen and dialog uses: whole keys only, so nothing a person reads is cut in half."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel


class FittingFooter(Footer):
    """A footer of whole keys: what does not fit is left out, never cut in half.

    Textual's footer clips at the screen's edge, so at 60 columns people read
    "^t Colour" or a stray "C" beside the command palette's key. This footer
    leaves out whole keys instead, least needed first: the command palette's
    key (Ctrl+P is in every screen's help), then the keys the screen does not
    name in `FOOTER_KEEP`, from the right, then the named ones from the end of
    that list. A key left out still works; F1 lists every key of the screen.
    """

    _shown: tuple[object, ...] | None = None
    """The keys as last composed: moving the cursor rarely changes them, and rebuilding costs time."""

    def _signature(self) -> tuple[object, ...]:
        return tuple(
            (b.key, b.action, b.description, b.key_display, enabled, tooltip)
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
            if b.show
        )

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild only when the keys shown would change (a Tab in Set-up spent most of its time rebuilding the same keys)."""
        if self._bindings_ready and self.is_attached and screen is self.screen and self._signature() == self._shown:
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._signature()
        keys: list[FooterKey] = []
        labels: list[FooterLabel] = []
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                keys.append(widget)
            elif isinstance(widget, FooterLabel):
                labels.append(widget)
            yield widget
        self._fit(keys, labels)

    def on_resize(self) -> None:
        self._fit(list(self.query(FooterKey)), list(self.query(FooterLabel)))

    def _width(self, key: FooterKey) -> int:
        """Columns the key takes, its margin included (the footer's compact or roomy style)."""
        words = cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
        if key.has_class("-command-palette"):
            return 1 + words + 1 + (0 if self.compact else 1)
        return words + 1 if self.compact else words + 3

    def _fit(self, keys: Sequence[FooterKey], labels: Sequence[FooterLabel]) -> None:
        room = self.size.width or self.app.size.width
        palette = [k for k in keys if k.has_class("-command-palette")]
        plain = [k for k in keys if not k.has_class("-command-palette")]
        for key in keys:
            key.display = True
        used = sum(cell_len(str(label.render())) + 1 for label in labels) + sum(self._width(k) for k in plain)
        if used + sum(self._width(k) for k in palette) <= room:
            return
        for key in palette:
            key.display = False
        keep: tuple[str, ...] = getattr(self.screen, "FOOTER_KEEP", ())
        droppable = [k for k in plain if not k.has_class("-grouped")]
        order = [k for k in reversed(droppable) if k.action not in keep]
        order += sorted((k for k in droppable if k.action in keep), key=lambda k: -keep.index(k.action))
        for key in order[:-1]:  # one key always stays
            if used <= room:
                break
            key.display = False
            used -= self._width(key)
