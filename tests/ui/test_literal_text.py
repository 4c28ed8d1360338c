"""Scale labels are shown exactly as the chair typed them, square brackets and all.

A label is a person's text, so it is never read as Rich or Textual markup:
`[/]` used to stop the question form opening (MarkupError) and
`Strong [top band]` showed as "Strong ". Each check looks at what is painted
on the screen at 80x24, scrolling the line into view first where the dialog is
taller than the screen.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

import panel_tui.ui
from panel_tui.domain.models import Question, Scale
from panel_tui.ui.screens.question_form import QuestionForm
from panel_tui.ui.widgets.scale_editor import ScaleEditor
from panel_tui.ui.widgets.scale_view import ScaleView

from .conftest import SIZE

LABELS = ["[/]", "[link=https://x]", "Strong [top band]", "Some [b]bold[/b] words", "[@click=app.quit]Quit[/]"]
"""One label per point of a 1 to 5 scale, each of them markup if read as markup."""
SCALE = Scale(low=1, high=5, labels=LABELS)
QUESTION = Question(
    text="Tell us about [b]a time[/b] you helped.",
    anchors={1: "[/]", 3: "Clear [example] given", 5: "[red]Strong[/red] and [i]specific"},
)

ESCAPE_CODES = Scale(low=0, high=1, labels=["Bell\x07 and clear\x1b[2J", "Fine"])
"""A label with control characters: shown as visible escapes, as the anchors already are."""


class ShowScreen(App[None]):
    """The smallest app that shows one screen, styled as the real app is."""

    CSS_PATH = Path(panel_tui.ui.__file__).parent / "app.tcss"

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.shown = screen

    def on_mount(self) -> None:
        self.push_screen(self.shown)


class EditorScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield ScaleEditor(SCALE, id="editor")


class ScaleScreen(Screen[None]):
    def __init__(self, scale: Scale, question: Question, selected: int | None) -> None:
        super().__init__()
        self.scale, self.question, self.selected = scale, question, selected

    def compose(self) -> ComposeResult:
        yield ScaleView(id="scale")

    def on_mount(self) -> None:
        self.query_one(ScaleView).show(self.scale, self.question, self.selected)


def painted(app: App[Any]) -> str:
    """The characters painted on the screen, row by row, as a person sees them.

    Built as `App.export_screenshot` builds its picture, but kept as text: a
    widget's own content would still say "Strong [top band]" when the screen
    shows "Strong ".
    """
    console = Console(
        width=app.size.width, height=app.size.height, file=io.StringIO(), record=True,
        force_terminal=True, color_system=None, legacy_windows=False,
    )
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def scroll_to(pilot: Pilot[None], widget: Widget) -> None:
    """Bring a line of a tall dialog into view, as a person would by scrolling."""
    widget.scroll_visible(animate=False, immediate=True)
    await pilot.pause()


@pytest.mark.parametrize("question", [None, QUESTION], ids=["propose", "improve"])
async def test_question_form_shows_scale_labels_as_typed(question: Question | None) -> None:
    app = ShowScreen(QuestionForm(SCALE, question))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionForm), "the form opened"
        for point, label in zip(SCALE.points, LABELS, strict=True):
            await scroll_to(pilot, app.screen.query_one(f"#anchor-{point}"))
            assert f"What a {point} ({label}) looks like (optional)" in painted(app)


async def test_question_form_shows_control_characters_in_a_label_as_escapes() -> None:
    app = ShowScreen(QuestionForm(ESCAPE_CODES))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await scroll_to(pilot, app.screen.query_one("#anchor-1"))
        screen = painted(app)
        assert "What a 0 (Bell\\x07 and clear\\x1b[2J) looks like (optional)" in screen
        assert "\x1b" not in screen and "\x07" not in screen


async def test_scale_view_shows_labels_and_anchors_as_typed() -> None:
    app = ShowScreen(ScaleScreen(SCALE, QUESTION, selected=5))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = painted(app)
        for point, label in zip(SCALE.points, LABELS, strict=True):
            assert f"{point}  {label}" in screen
        assert "3  Strong [top band]: Clear [example] given" in screen
        assert "5  [@click=app.quit]Quit[/]: [red]Strong[/red] and [i]specific  ← your score" in screen
        assert "1  [/]: [/]" in screen


async def test_scale_view_shows_control_characters_in_a_label_as_escapes() -> None:
    app = ShowScreen(ScaleScreen(ESCAPE_CODES, Question(text="Q"), selected=None))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = painted(app)
        assert "0  Bell\\x07 and clear\\x1b[2J" in screen
        assert "\x1b" not in screen and "\x07" not in screen


async def test_scale_editor_offers_labels_for_editing_as_typed() -> None:
    app = ShowScreen(EditorScreen())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        editor = app.screen.query_one(ScaleEditor)
        assert editor.values() == (1, 5, LABELS)
        await scroll_to(pilot, app.screen.query_one("#point-5"))
        screen = painted(app)
        assert "Strong [top band]" in screen
        assert "[@click=app.quit]Quit[/]" in screen
