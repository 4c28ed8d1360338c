"""Text people typed is shown as typed: escape codes become visible text, never terminal commands."""

from __future__ import annotations

import pytest

from panel_tui.domain.text import one_line, printable


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("\x1b[31m", "\\x1b[31m"),
        ("Ann \x1b[31mLee\x1b[0m", "Ann \\x1b[31mLee\\x1b[0m"),
        ("\x1b]0;new title\x07", "\\x1b]0;new title\\x07"),
        ("back\x08space", "back\\x08space"),
        ("carriage\rreturn", "carriage\\x0dreturn"),
        ("nul\x00", "nul\\x00"),
        ("delete\x7f", "delete\\x7f"),
        ("c1 csi \x9b31m", "c1 csi \\x9b31m"),
        ("two\nlines", "two\nlines"),
        ("tab\tkept", "tab\tkept"),
        ("[bold]markup[/bold] stays as typed", "[bold]markup[/bold] stays as typed"),
        ("Zoë, Łukasz, 李, emoji 🙂", "Zoë, Łukasz, 李, emoji 🙂"),
        ("", ""),
    ],
)
def test_printable_shows_control_characters_as_visible_text(typed: str, shown: str) -> None:
    assert printable(typed) == shown


def test_printable_output_holds_no_control_character_but_newline_and_tab() -> None:
    every = "".join(chr(n) for n in range(0x00, 0xA0))
    shown = printable(every)
    assert {ch for ch in shown if ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0} == {"\n", "\t"}


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("two\nlines", "two lines"),
        ("a\tb", "a b"),
        ("red \x1b[31m\nnext", "red \\x1b[31m next"),
        ("plain", "plain"),
    ],
)
def test_one_line_puts_everything_on_one_line(typed: str, shown: str) -> None:
    assert one_line(typed) == shown
    assert "\n" not in one_line(typed)
