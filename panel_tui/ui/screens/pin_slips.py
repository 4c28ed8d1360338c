"""PIN slips: the chair ticks who gets a new PIN, and gets a page of slips to print, cut and hand out.

The PINs are made, saved (only as hashes) and the page written by the
services (`PanelService.print_pin_slips`), in the save queue: scrypt is slow
and the save takes the session's lock, so none of it runs on the event loop.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.models import PanelMember
from ...services import PanelService, PrintedPinSlips
from ..text import cell
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import TickList
from .base import FormModal


def _line(member: PanelMember, group: str) -> Text:
    """'Dee Morgan  (Member)  · no PIN yet': short enough that whether they have a PIN shows at 60 columns."""
    line = cell(member.name)
    line.append(f"  ({group})")
    line.append("  · has a PIN" if member.pin_hash else "  · no PIN yet")
    return line


class PinSlipsScreen(FormModal[PrintedPinSlips | None]):
    HELP = (
        "Tick the panel members who should get a new PIN. People without a PIN are ticked already.\n\n"
        "Each person ticked gets 4 random numbers as their new PIN. Their old PIN stops working. "
        "You get a page to print, with one slip for each person: cut along the dashed lines and "
        "give each person their own slip.\n\n"
        "The page holds everyone's PIN: print it, then delete it.\n\n"
        "Space ticks or unticks the person under the cursor. Ctrl+S makes the slips; Escape goes back."
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Make slips", id="save", tooltip="New PINs for the people ticked, on a page to print"),
        Binding("escape", "cancel", "Back", id="cancel", tooltip="Back to Set-up: nobody's PIN changes"),
    ]

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self._save_label = "Make PIN slips"

    def compose(self) -> ComposeResult:
        state = self.service.state
        session = state.session
        people = sorted(state.members, key=lambda m: (m.name.casefold(), m.id))
        with VerticalScroll(classes="dialog"):
            yield Static("PIN slips", classes="dialog-title")
            yield Static("Tick who gets a new PIN. You get a page to print, with one slip for each person.")
            yield Static(Text("⚠ A ticked person's old PIN stops working.", style="bold"), id="pin-warning")
            yield TickList[str](
                *[(_line(m, session.group_label(m.group)), m.id, m.pin_hash is None) for m in people],
                id="people",
            )
            yield from self.buttons(self._save_label)
        yield FittingFooter(compact=True)

    def action_save(self) -> None:
        chosen = list(self.query_one("#people", TickList).selected)
        self.save_with(self.service.print_pin_slips, chosen)
