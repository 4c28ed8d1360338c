"""HR's forms for one panel member's thanks and payment: offer, choice, time given, expenses, payment, advice.

Each form saves through one service method (`PanelService.set_offer`,
`record_choice`, `set_time_given`, `set_payment`, `set_advice_offered`,
and `add_expense` / `remove_expense` / `mark_receipt`), in the save queue,
with the version of the record it opened: a newer change made meanwhile is
shown, never overwritten. What was typed is checked by the services, and a
refusal is shown beside the buttons with everything typed kept.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from ...domain.reciprocity import (
    DATE_EXAMPLE,
    PARTS,
    Choice,
    PaymentStatus,
    RatePer,
    Reciprocity,
    minutes_in_words,
    money,
    pounds,
)
from ...services import PanelService
from ...services.reciprocity import ReciprocityLine
from ..text import cell
from ..widgets.details_form import FieldsForm
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import TickBox
from .base import FormModal, PanelModal

ADVICE_WORDS = (
    "We never record which benefits anyone gets. There is no box for it. If someone gets benefits, "
    "payment may affect them. Offer them free, independent advice, for example from Citizens Advice "
    "or a local welfare rights service, before they choose."
)
"""Said on the advice form and HR's screen."""


def _day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _today() -> str:
    return date.today().strftime("%d/%m/%Y")


class _LineForm(FormModal[Reciprocity | None]):
    """A form for one person's record: it opens at the record's version, so a newer change is never overwritten."""

    TITLE_WORDS: ClassVar[str] = ""

    def __init__(self, service: PanelService, line: ReciprocityLine) -> None:
        super().__init__()
        self.service = service
        self.line = line
        self.version = line.version

    def _title(self) -> Static:
        return Static(Text(f"{self.TITLE_WORDS}: ").append_text(cell(self.line.name)), classes="dialog-title")


class OfferForm(_LineForm):
    TITLE_WORDS = "The written offer"
    HELP = (
        "The offer you gave this person in writing, before the round.\n\n"
        "Type the rate, like 20.00, and choose per hour or per session. "
        "Type the time you expect them to give, like 3:00 for three hours. "
        "Say what expenses are paid, like travel with receipts. "
        "The date is the day you gave them the offer.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )
    LABELS: ClassVar[dict[str, str]] = {
        "rate": "Rate", "per": "Per", "expected": "Time expected", "expenses_covered": "Expenses covered",
        "offered_on": "Date offered",
    }

    def compose(self) -> ComposeResult:
        kept = self.line.kept
        with FieldsForm(classes="dialog"):
            yield self._title()
            yield Label("Rate, in pounds (like 20.00)")
            yield Input(compact=True, value=money(kept.rate_pence) if kept.rate_pence else "", id="rate")
            yield Label("Per")
            yield Select(
                [("per hour", RatePer.HOUR.value), ("per session", RatePer.SESSION.value)],
                value=kept.rate_per.value, allow_blank=False, compact=True, id="per",
            )
            yield Label("Time expected (like 3:00 or 180 minutes)")
            expected = f"{kept.expected_minutes // 60}:{kept.expected_minutes % 60:02d}" if kept.expected_minutes else ""
            yield Input(compact=True, value=expected, id="expected")
            yield Label("Expenses covered (like travel, with receipts)")
            yield Input(compact=True, value=kept.expenses_covered, id="expenses_covered")
            yield Label(f"Date offered. {DATE_EXAMPLE}")
            yield Input(compact=True, value=_day(kept.offered_on) or _today(), id="offered_on")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted)
    def action_save(self) -> None:
        fields = {name: self.query_one(f"#{name}", Input).value for name in ("rate", "expected", "expenses_covered", "offered_on")}
        per = str(self.query_one("#per", Select).value)
        self.save_with(self.service.set_offer, self.line.member_id, labels=self.LABELS, per=per, **fields)


CHOICE_WORDS: dict[Choice, str] = {
    Choice.NOT_ASKED: "Not asked yet",
    Choice.ACCEPT: "Accept the offer",
    Choice.DECLINE: "Decline: no payment",
    Choice.LOWER: "A lower amount",
    Choice.CHARITY: "Paid to a charity",
    Choice.VOUCHERS: "Vouchers",
}


class ChoiceForm(_LineForm):
    TITLE_WORDS = "Their choice"
    HELP = (
        "What the person chose to do with the offer. It is their choice.\n\n"
        "They may accept it, decline it, take a lower amount, have it paid to a charity, or take vouchers. "
        "Vouchers count as income, like money. For a lower amount, type the amount. "
        "For a charity, type its name.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )
    LABELS: ClassVar[dict[str, str]] = {"choice": "Choice", "lower_amount": "Lower amount", "charity": "Charity"}

    def compose(self) -> ComposeResult:
        kept = self.line.kept
        with FieldsForm(classes="dialog"):
            yield self._title()
            offer = pounds(self.line.offer_pence) if self.line.has_offer else "no offer recorded yet"
            yield Static(f"The offer: {offer}.")
            yield Label("They chose")
            yield Select([(CHOICE_WORDS[c], c.value) for c in Choice], value=kept.choice.value, allow_blank=False, compact=True, id="choice")
            yield Label("The lower amount, if they chose one (like 15.00)")
            lower = money(kept.lower_amount_pence) if kept.lower_amount_pence is not None else ""
            yield Input(compact=True, value=lower, id="lower_amount")
            yield Label("The charity's name, if they chose one")
            yield Input(compact=True, value=kept.charity, id="charity")
            yield Static("Vouchers count as income, like money.", classes="hint")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save_with(
            self.service.record_choice, self.line.member_id, labels=self.LABELS,
            choice=str(self.query_one("#choice", Select).value),
            lower_amount=self.query_one("#lower_amount", Input).value,
            charity=self.query_one("#charity", Input).value,
        )


TIME_ARGS = {"preparation_minutes": "preparation", "interview_minutes": "interviews", "agreement_minutes": "agreement"}
"""TimeGiven's fields and `set_time_given`'s keywords."""


class TimeForm(_LineForm):
    TITLE_WORDS = "Time given"
    HELP = (
        "The time this person gave to each part of the round.\n\n"
        "Each box starts empty when the time comes from the session's own records: "
        "when they worked on questions, scored and agreed scores. The time it shows is under each box. "
        "Type a time to change it, like 1:30 or 90. Empty a box to use the session's time again.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )
    LABELS: ClassVar[dict[str, str]] = {"preparation": "Preparation", "interviews": "Interviews", "agreement": "Agreeing scores"}

    def compose(self) -> ComposeResult:
        with FieldsForm(classes="dialog"):
            yield self._title()
            yield Static("Leave a box empty to use the time the session's own records show.", classes="hint")
            for part in self.line.time.parts:
                yield Label(part.label)
                typed = getattr(self.line.kept.time, part.field)
                value = f"{typed // 60}:{typed % 60:02d}" if typed is not None else ""
                yield Input(compact=True, value=value, placeholder=minutes_in_words(part.minutes), id=TIME_ARGS[part.field])
                if part.measured:
                    yield Static(f"The session's records show {minutes_in_words(part.minutes)}.", classes="hint")
                else:
                    yield Static("Typed in by HR.", classes="hint")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted)
    def action_save(self) -> None:
        typed = {arg: self.query_one(f"#{arg}", Input).value for arg in (TIME_ARGS[f] for f, _ in PARTS)}
        self.save_with(self.service.set_time_given, self.line.member_id, labels=self.LABELS, **typed)


class PaymentForm(_LineForm):
    TITLE_WORDS = "Payment"
    HELP = (
        "Whether this person has been paid.\n\n"
        "Not due: nothing to pay yet. To pay: finance should pay it. Paid: it is done. "
        "For paid, type the date it was paid. Leave it empty for today.\n\n"
        "Press Ctrl+S to save, Escape to go back."
    )
    LABELS: ClassVar[dict[str, str]] = {"status": "Payment", "paid_on": "Date paid"}

    def compose(self) -> ComposeResult:
        kept = self.line.kept
        with FieldsForm(classes="dialog"):
            yield self._title()
            yield Static(f"Due for their time: {pounds(self.line.due_pence)}. Expenses with receipts: {pounds(self.line.expenses_pence)}.")
            yield Label("Payment")
            yield Select([(s.value.capitalize(), s.value) for s in PaymentStatus], value=kept.payment_status.value,
                         allow_blank=False, compact=True, id="status")
            yield Label(f"Date paid (empty for today). {DATE_EXAMPLE}")
            yield Input(compact=True, value=_day(kept.paid_on), id="paid_on")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save_with(
            self.service.set_payment, self.line.member_id, labels=self.LABELS,
            status=str(self.query_one("#status", Select).value), paid_on=self.query_one("#paid_on", Input).value,
        )


class AdviceForm(_LineForm):
    TITLE_WORDS = "Benefits advice"
    HELP = (
        "The date you offered this person free, independent advice about benefits.\n\n"
        "We never record which benefits anyone gets. There is no box for it. "
        "Point them to advice, for example Citizens Advice, before they choose.\n\n"
        "Empty the box to clear the date. Press Ctrl+S to save, Escape to go back."
    )
    LABELS: ClassVar[dict[str, str]] = {"on": "Advice offered on"}

    def compose(self) -> ComposeResult:
        with FieldsForm(classes="dialog"):
            yield self._title()
            yield Static(ADVICE_WORDS)
            yield Label(f"Advice offered on. {DATE_EXAMPLE}")
            yield Input(compact=True, value=_day(self.line.kept.advice_offered_on) or _today(), id="on")
            yield from self.buttons()
        yield FittingFooter(compact=True)

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.save_with(self.service.set_advice_offered, self.line.member_id, labels=self.LABELS,
                       on=self.query_one("#on", Input).value)


class ExpensesForm(PanelModal[None]):
    """Expenses lines: add one at the bottom; remove or mark the receipt of the chosen line. Each change saves at once."""

    HELP = (
        "The expenses this person paid, line by line.\n\n"
        "To add a line, type what it was for and how much, tick the box if you saw the receipt, "
        "and press Ctrl+S. Only lines with a receipt seen are paid as expenses.\n"
        "In the list, R marks the receipt as seen or not seen. Delete takes the line away.\n\n"
        "Escape goes back."
    )
    BINDINGS = [
        Binding("ctrl+s", "add", "Add line", id="add", tooltip="Add the expenses line typed below"),
        Binding("r", "receipt", "Receipt", id="receipt", tooltip="Mark the chosen line's receipt as seen, or not"),
        Binding("delete", "remove", "Remove", id="remove", tooltip="Take the chosen line away"),
        Binding("escape", "back", "Back", id="back"),
    ]

    def __init__(self, service: PanelService, member_id: str) -> None:
        super().__init__()
        self.service = service
        self.member_id = member_id
        self.line = service.reciprocity_of(member_id)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text("Expenses: ").append_text(cell(self.line.name)), classes="dialog-title")
            yield OptionList(id="lines")
            yield Static("", id="expenses-total")
            yield Label("What it was for (like Bus fare)")
            yield Input(compact=True, id="what")
            yield Label("How much (like 4.50)")
            yield Input(compact=True, id="amount")
            yield TickBox("I saw the receipt", id="receipt_seen")
            yield Static("", id="form-problem", classes="error-text")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self._show()
        self.query_one("#what", Input).focus()

    def _show(self) -> None:
        lines = self.query_one("#lines", OptionList)
        at = lines.highlighted
        lines.clear_options()
        for e in self.line.kept.expenses:
            mark = "✓ receipt seen" if e.receipt_seen else "✗ no receipt yet"
            lines.add_option(Option(cell(f"{e.what}  {pounds(e.amount_pence)}  {mark}"), id=e.id))
        if not self.line.kept.expenses:
            lines.add_option(Option("No expenses yet.", id="none", disabled=True))
        elif at is not None:
            lines.highlighted = min(at, lines.option_count - 1)
        waiting = sum(e.amount_pence for e in self.line.not_receipted)
        total = f"Paid as expenses (receipt seen): {pounds(self.line.expenses_pence)}."
        if waiting:
            total += f" Waiting for a receipt: {pounds(waiting)}."
        self.query_one("#expenses-total", Static).update(total)

    def _reload(self, _: object = None) -> None:
        self.line = self.service.reciprocity_of(self.member_id)
        self._show()

    def on_session_changed(self) -> None:
        self._reload()

    def _chosen(self) -> str | None:
        lines = self.query_one("#lines", OptionList)
        if lines.highlighted is None or not self.line.kept.expenses:
            self.app.notify("Choose a line in the list first (Tab, then the arrows).", markup=False)
            return None
        return lines.get_option_at_index(lines.highlighted).id

    @on(Input.Submitted)
    def action_add(self) -> None:
        what, amount = self.query_one("#what", Input), self.query_one("#amount", Input)
        seen = self.query_one("#receipt_seen", TickBox)

        def added(_: object) -> None:
            what.value = amount.value = ""
            seen.value = False
            self.query_one("#form-problem", Static).update("")
            self._reload()
            what.focus()

        def failed(message: object) -> None:
            problem = getattr(message, "error", None) or "That could not be saved."
            self.query_one("#form-problem", Static).update(Text(f"✗ Not saved: {problem}"))
            self.say_problem(problem, "Not saved")

        self.act("expense", self.service.add_expense, self.member_id, what.value, amount.value, seen.value,
                 version=self.line.version, done=added, failed=failed)

    def action_receipt(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        line = next(e for e in self.line.kept.expenses if e.id == chosen)
        self.act("receipt", self.service.mark_receipt, self.member_id, chosen, not line.receipt_seen,
                 version=self.line.version, done=self._reload)

    def action_remove(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        self.act("remove expense", self.service.remove_expense, self.member_id, chosen,
                 version=self.line.version, done=self._reload)

    def action_back(self) -> None:
        self.dismiss(None)
