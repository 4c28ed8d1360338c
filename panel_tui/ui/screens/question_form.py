"""Propose or improve a question: the words, a plain version, an Easy Read version, what a good answer shows.

The Easy Read box has the checker's one-line hint under it
(`domain.easy_read`), updated as the person types.

Guidance and follow-up prompts are typed one per line; the anchors are one
short line per point of the scale ("what a 4 looks like"), all optional.

Scale labels and the titles callers pass in are people's words, so they are
shown with markup off: a label such as "Strong [top band]" or "[/]" is shown
as typed rather than read as styling (or refused as broken markup).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ...domain.easy_read import check_easy_read
from ...domain.models import Question, Scale
from ..text import plain
from ..widgets.fitting_footer import FittingFooter
from ..widgets.toggles import TickBox
from .base import FormModal, PanelModal


def _lines(text: str) -> list[str]:
    return [line.strip(" •-\t") for line in text.splitlines() if line.strip(" •-\t")]


class QuestionForm(FormModal[dict[str, Any] | None]):
    HELP = (
        "Write the question as you would ask it. A plain-words version helps panel members "
        "and candidates who find long sentences hard.\n\n"
        "An Easy Read version uses short sentences, one idea in each, and everyday words. "
        "The line under its box says what to change.\n\n"
        "'What a good answer shows': a few points, one per line. The criterion is the value "
        "or skill the question tests. Follow-up prompts: one per line.\n\n"
        "For each score you can say what an answer at that level looks like.\n\n"
        "Tick 'Sift question' for a question asked in the written application. "
        "The panel scores its answers in the sift, before the interviews.\n\n"
        "Press Ctrl+S to save, Escape to go back. When you improve a question, your change "
        "is kept beside the old words and you become a co-author."
    )
    def __init__(self, scale: Scale, question: Question | None = None, *, sift_only: bool = False) -> None:
        super().__init__()
        self.scale = scale
        self.question = question
        self.sift_only = sift_only
        """The interview questions are locked: a new question can only be a sift question."""

    def compose(self) -> ComposeResult:
        q = self.question
        with VerticalScroll(classes="dialog"):
            yield Static("Improve this question" if q else "Propose a question", classes="dialog-title")
            yield Label("The question")
            if q:
                yield Static(plain(f"Now: {q.text}"), classes="now")
            yield TextArea(q.text if q else "", id="text", soft_wrap=True, classes="short-text")
            if q is None:  # a question is a sift question or not from the start; improving keeps it
                yield TickBox("Sift question (for written applications)", value=self.sift_only, id="sift", disabled=self.sift_only)
                if self.sift_only:
                    yield Static("The interview questions are locked, so a new question is a sift question.", classes="now")
            elif q.sift:
                yield Static("[Sift] A sift question, for written applications.", classes="now", markup=False)
            yield Label("In plain words (optional)")
            yield Input(q.plain_text if q else "", id="plain", compact=True)
            yield Label("Easy Read version (optional)")
            easy_read = q.easy_read if q else ""
            yield TextArea(easy_read, id="easy-read", soft_wrap=True, classes="short-text")
            yield Static(Text(check_easy_read(easy_read).summary), id="easy-read-hint", classes="hint")
            yield Label("What a good answer shows (one point per line)")
            yield TextArea("\n".join(q.guidance) if q else "", id="guidance", soft_wrap=True, classes="short-text")
            yield Label("What it tests (the criterion or value)")
            yield Input(q.criterion if q else "", id="criterion", compact=True)
            yield Label("Follow-up prompts (one per line, optional)")
            yield TextArea("\n".join(q.follow_ups) if q else "", id="follow-ups", soft_wrap=True, classes="short-text")
            for point in self.scale.points:
                yield Label(plain(f"What a {point} ({self.scale.label(point)}) looks like (optional)"))
                yield Input((q.anchors.get(point, "") if q else ""), id=f"anchor-{point}", compact=True)
            yield from self.buttons()
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        text = self.query_one("#text", TextArea)
        text.move_cursor(text.document.end)  # improving starts after the last word, never mid-sentence
        text.focus()

    @on(TextArea.Changed, "#easy-read")
    def _easy_read_typed(self, event: TextArea.Changed) -> None:
        hint = self.query_one("#easy-read-hint", Static)
        hint.update(Text(check_easy_read(event.text_area.text).summary))
        if event.text_area.has_focus:
            self.call_after_refresh(hint.scroll_visible, animate=False)  # keep the hint in sight under the box

    def action_save(self) -> None:
        text = self.query_one("#text", TextArea).text.strip()
        if not text:
            self.app.notify("Please write the question first.", severity="warning", markup=False)
            self.query_one("#text", TextArea).focus()
            return
        anchors = {}
        for point in self.scale.points:
            value = self.query_one(f"#anchor-{point}", Input).value.strip()
            if value:
                anchors[point] = value
        sift = {"sift": True} if self.query("#sift") and self.query_one("#sift", TickBox).value else {}
        self.dismiss(
            {
                **sift,
                "text": text,
                "plain_text": self.query_one("#plain", Input).value,
                "easy_read": self.query_one("#easy-read", TextArea).text,
                "guidance": _lines(self.query_one("#guidance", TextArea).text),
                "criterion": self.query_one("#criterion", Input).value,
                "follow_ups": _lines(self.query_one("#follow-ups", TextArea).text),
                "anchors": anchors,
            }
        )


class LineForm(PanelModal[str | None]):
    """One line of text: a comment, or the reason for unlocking the question set."""

    BINDINGS = [
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def __init__(self, title: str, label: str, help_text: str) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.help_text = help_text

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Label(self.label, markup=False)
            yield Input(id="line", compact=True)
            yield Static("Press Enter to save, Escape to go back.", classes="hint")
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#line", Input).focus()

    @on(Input.Submitted, "#line")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.app.notify("Please type something first.", severity="warning", markup=False)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceMenu(PanelModal[str | None]):
    """A short list of choices; Enter picks one. Returns the chosen action."""

    HELP = "Move to a choice with the arrow keys and press Enter. Escape goes back."
    BINDINGS = [
        Binding("escape", "cancel", "Back", id="cancel"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield OptionList(*[Option(label, id=action) for action, label in self.choices], id="choices", markup=False)
        yield FittingFooter(compact=True)

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @classmethod
    def then_run(cls, screen: Screen[Any], title: str, choices: list[tuple[str, str]]) -> None:
        """Show the menu over `screen`, then run the chosen action there (as if its key were pressed)."""

        def chosen(action: str | None) -> None:
            if action:
                screen.call_later(screen.run_action, action)

        screen.app.push_screen(cls(title, choices), chosen)
