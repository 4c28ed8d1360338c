"""HR's "Thanks and payments": each panel member's offer, choice, time given, expenses and payment.

HR only (`Right.KEEP_RECIPROCITY`): the read model (`PanelService.reciprocity_book`)
refuses anyone else. The table shows one panel member a row; the lines
under it show the chosen person in full, and the totals. Each key opens a
form for the chosen person (`reciprocity_form`); E writes payments.csv for
finance, in the save queue (it records the export), and says where it went.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ...domain.reciprocity import Choice, minutes_in_words, pounds
from ...services import PanelService
from ...services.reciprocity import PaymentsWritten, ReciprocityBook, ReciprocityLine
from ..text import cell, plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.tables import KeyedTable
from .base import PanelModal, PanelScreen
from .reciprocity_form import (
    ADVICE_WORDS,
    CHOICE_WORDS,
    AdviceForm,
    ChoiceForm,
    ExpensesForm,
    OfferForm,
    PaymentForm,
    TimeForm,
)
from .recognition import RecognitionScreen

COLUMNS = ("Name", "Group", "Choice", "Time", "Due", "Expenses", "Payment")
FORMS = (
    ("offer", "The written offer (O)"),
    ("choice", "Their choice (C)"),
    ("time", "Time given (T)"),
    ("expenses", "Expenses (X)"),
    ("payment", "Payment (P)"),
    ("advice", "Benefits advice offered (A)"),
    ("recognition", "Recognition record (R)"),
)


def _short_time(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours else f"{rest}m"


def _row(line: ReciprocityLine) -> list[Text]:
    kept = line.kept
    return [
        cell(line.name),
        cell(line.group),
        Text(CHOICE_WORDS[kept.choice] if kept.choice is not Choice.NOT_ASKED else "not asked"),
        Text(_short_time(line.time.total)),
        Text(pounds(line.due_pence) if line.has_offer else "no offer"),
        Text(pounds(line.expenses_pence) + (" +?" if line.not_receipted else "")),
        Text(kept.payment_status.value),
    ]


def line_in_full(line: ReciprocityLine) -> Text:
    """The chosen person in full, in sentences: nothing a narrow column cut is lost."""
    kept = line.kept
    text = plain(line.name, "bold")
    text.append(f" · {line.group} · {line.role}\n")
    if line.has_offer:
        per = "an hour" if kept.rate_per.value == "hour" else "a session"
        text.append(f"Offer: {pounds(kept.rate_pence)} {per}, {minutes_in_words(kept.expected_minutes)} expected")
        text.append(f", given {kept.offered_on:%d/%m/%Y}" if kept.offered_on else "")
        text.append(". Expenses covered: ")
        text.append_text(plain(kept.expenses_covered or "not said"))
        text.append(".\n")
    else:
        text.append("No written offer yet. Press O to record it.\n")
    choice = CHOICE_WORDS[kept.choice]
    if kept.choice is Choice.LOWER and kept.lower_amount_pence is not None:
        choice += f" ({pounds(kept.lower_amount_pence)})"
    text.append(f"Choice: {choice}")
    if kept.choice is Choice.CHARITY:
        text.append(": ")
        text.append_text(plain(kept.charity))
    text.append(f". Due for their time: {pounds(line.due_pence)}.\n")
    parts = [f"{p.label.lower()} {minutes_in_words(p.minutes)}{'' if p.measured else ' (typed in)'}" for p in line.time.parts]
    text.append(f"Time given: {minutes_in_words(line.time.total)} ({'; '.join(parts)}).\n")
    text.append(f"Expenses with receipts: {pounds(line.expenses_pence)}")
    if line.not_receipted:
        text.append("; no receipt yet: ")
        text.append_text(plain(", ".join(f"{e.what} {pounds(e.amount_pence)}" for e in line.not_receipted)))
    text.append(".\n")
    paid = f" on {kept.paid_on:%d/%m/%Y}" if kept.paid_on else ""
    advice = f"offered {kept.advice_offered_on:%d/%m/%Y}" if kept.advice_offered_on else "not offered yet"
    text.append(f"Payment: {kept.payment_status.value}{paid}. Benefits advice: {advice}.")
    return text


def totals_line(book: ReciprocityBook) -> Text:
    t = book.totals
    text = Text(f"In all: due {pounds(t.due)}", style="bold")
    if t.to_charity or t.as_vouchers:
        text.append(f" (to charities {pounds(t.to_charity)}, as vouchers {pounds(t.as_vouchers)})")
    text.append(f"; expenses {pounds(t.expenses)}")
    if t.not_receipted:
        text.append(f" and {pounds(t.not_receipted)} waiting for receipts")
    text.append(f"; paid so far {pounds(t.paid)}.")
    return text


class MemberFormsMenu(PanelModal[str | None]):
    """Enter on a row: the forms for that person, in a list."""

    HELP = "Choose what to record for this person, then press Enter. Escape goes back."
    BINDINGS = [Binding("escape", "back", "Back", id="back")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.person = name

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(Text("Record for ").append_text(cell(self.person)), classes="dialog-title")
            yield OptionList(*[Option(label, id=key) for key, label in FORMS], id="forms")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#forms", OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)


class ReciprocityScreen(PanelScreen):
    BINDING_GROUP_TITLE = "Thanks and payments"
    DEFAULT_CSS = """
    ReciprocityScreen KeyedTable {
        height: auto;
        max-height: 45%;
    }
    ReciprocityScreen #detail-box {
        height: 1fr;
        padding: 0 1;
    }
    ReciprocityScreen #totals, ReciprocityScreen #advice {
        height: auto;
        padding: 0 1;
    }
    """
    HELP = (
        "Thanks and payments is for HR. It keeps what each panel member was offered for their time, "
        "what they chose, the time they gave, their expenses and their payment.\n\n"
        "Move to a person with the arrows. Press Enter to choose what to record, or use a key:\n"
        "O: the written offer. C: their choice. T: time given. X: expenses. P: payment. "
        "A: the date you offered benefits advice. R: their recognition record, to print.\n"
        "E: write payments.csv for finance.\n\n"
        "Time given starts from the session's own records. You can change it.\n"
        "Only expenses with a receipt seen are paid as expenses.\n"
        "We never record which benefits anyone gets.\n\n"
        "Escape goes back."
    )
    BINDINGS = [
        Binding("enter", "forms", "Record", id="forms", priority=True, tooltip="Choose what to record for the chosen person"),
        Binding("o", "open('offer')", "Offer", id="offer", tooltip="The written offer"),
        Binding("c", "open('choice')", "Choice", id="choice", tooltip="What they chose to do with the offer"),
        Binding("t", "open('time')", "Time", id="time", tooltip="Time given in each part of the round"),
        Binding("x", "open('expenses')", "Expenses", id="expenses", tooltip="Expenses lines and receipts"),
        Binding("p", "open('payment')", "Payment", id="payment", tooltip="Payment status and date paid"),
        Binding("a", "open('advice')", "Advice", id="advice", tooltip="When benefits advice was offered"),
        Binding("r", "open('recognition')", "Recognition", id="recognition", tooltip="Their recognition record, to print"),
        Binding("e", "export", "payments.csv", id="export", tooltip="Write payments.csv for finance"),
        Binding("escape", "back", "Back", id="back"),
    ]
    FOOTER_KEEP = (
        "forms", "export", "back", "help", "open('offer')", "open('choice')", "open('time')", "open('expenses')",
        "open('payment')", "open('advice')", "open('recognition')",
    )
    """Kept first when the footer is narrow: Enter lists every form, so its letters go first (F1 lists every key)."""
    AUTO_FOCUS = "#people"

    def __init__(self, service: PanelService) -> None:
        super().__init__()
        self.service = service
        self.book: ReciprocityBook | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Thanks and payments", classes="screen-title")
        yield KeyedTable(*COLUMNS, id="people")
        with VerticalScroll(id="detail-box", can_focus=False):
            yield Static("", id="detail")
        yield Static("", id="totals")
        yield Static(Text("ⓘ " + ADVICE_WORDS.split(". ")[0] + ". Press F1 for more."), id="advice", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        book = self.attempt(self.service.reciprocity_book)
        if book is None:
            return
        self.book = book
        table = self.query_one("#people", KeyedTable)
        table.fill([(line.member_id, _row(line)) for line in book.lines])
        self.query_one("#totals", Static).update(totals_line(book))
        self._show_detail()

    def on_data_table_row_highlighted(self) -> None:
        self._show_detail()

    def _chosen(self) -> ReciprocityLine | None:
        key = self.query_one("#people", KeyedTable).highlighted_key
        if key is None or self.book is None:
            return None
        return next((line for line in self.book.lines if line.member_id == key), None)

    def _show_detail(self) -> None:
        line = self._chosen()
        self.query_one("#detail", Static).update(line_in_full(line) if line else Text("Nobody on the panel yet."))

    def action_forms(self) -> None:
        line = self._chosen()
        if line is None:
            return

        def chosen(form: str | None) -> None:
            if form:
                self.action_open(form)

        self.app.push_screen(MemberFormsMenu(line.name), chosen)

    def action_open(self, form: str) -> None:
        line = self._chosen()
        if line is None:
            self.app.notify("Nobody is chosen. Move to a person first.", markup=False)
            return
        line = self.attempt(self.service.reciprocity_of, line.member_id) or line  # the record as it is now
        screens: dict[str, Callable[[], Screen[Any]]] = {
            "offer": lambda: OfferForm(self.service, line),
            "choice": lambda: ChoiceForm(self.service, line),
            "time": lambda: TimeForm(self.service, line),
            "payment": lambda: PaymentForm(self.service, line),
            "advice": lambda: AdviceForm(self.service, line),
            "expenses": lambda: ExpensesForm(self.service, line.member_id),
            "recognition": lambda: RecognitionScreen(self.service, line.member_id),
        }
        self.app.push_screen(screens[form](), lambda _: self.refresh_data())

    def action_export(self) -> None:
        def written(result: PaymentsWritten) -> None:
            waiting = f" {result.not_receipted} expenses line(s) have no receipt yet: listed, not paid." if result.not_receipted else ""
            self.app.notify(f"payments.csv for {result.rows} panel member(s) is in {result.path.parent}.{waiting}",
                            title="Written", markup=False, timeout=12)

        self.act("payments.csv", self.service.export_payments, done=written)

    def action_back(self) -> None:
        self.app.pop_screen()
