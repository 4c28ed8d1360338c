"""Asking and reading lines: the whole of plain mode's input and output.

Everything goes through `Lines`, on the streams it is given: plain text, one
thing a line, no colour, no cursor movement, no escape codes (a person's own
text is shown with its control characters made visible, never sent raw).
Each question says what may be typed. What people type is read generously
(spaces, capitals, "yes" or "y", "three" or "3") by the small parsers here,
which are plain functions so they can be tested on their own.

The end of the input (Ctrl+D, or a script that stops typing) raises
`EndOfInput`, and typing q where a prompt offers it raises `Stop`: both end
the session cleanly, because every change was saved as it was typed.
"""

from __future__ import annotations

import getpass
import re
import shutil
import textwrap
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from ..domain.errors import PanelError
from ..domain.text import one_line, printable
from ..services import explain_problem

T = TypeVar("T")

STOP = "q"
BACK = "b"
OR_STOP = "Or type q to stop."


class EndOfInput(Exception):
    """Nothing more to read: the person pressed Ctrl+D, or the typed script ended."""


class Stop(Exception):
    """The person typed q to stop."""


NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    )
}
YES = frozenset({"y", "yes", "yeah", "yep", "ok", "okay", "sure"})
NO = frozenset({"n", "no", "nope", "not yet"})

_EDGES = re.compile(r"^[\s.!,;:]+|[\s.!,;:]+$")


def tidy(text: str) -> str:
    """What was typed, compared as a person means it: no case, no runs of spaces, no full stop at the end."""
    return " ".join(_EDGES.sub("", text).split()).casefold()


def parse_number(text: str) -> int | None:
    """A whole number typed with any spaces around it ("  3 ", "3.", "three"), or None."""
    word = tidy(text)
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if word.isdecimal():
        return int(word)
    return None


def looks_like_a_number(text: str) -> bool:
    """Typed as a number but perhaps not a whole one ("2.5", "-1"): a score the services should judge."""
    return re.match(r"^\s*[-+]?\s*\d", text) is not None


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None for anything else (an empty line too)."""
    word = tidy(text)
    if word in YES:
        return True
    if word in NO:
        return False
    return None


def parse_command(text: str) -> tuple[str, str]:
    """A letter and what follows it: "g 3" gives ("g", "3"), "N" gives ("n", "")."""
    word = tidy(text)
    head, _, rest = word.partition(" ")
    return head, rest.strip()


def and_list(items: Sequence[str]) -> str:
    """"2", "2 and 5", "2, 3 and 5"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


class Lines:
    """One conversation on a pair of streams."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout

    # Saying --------------------------------------------------------------

    def _width(self) -> int | None:
        """At a terminal, its width: long lines are broken between words, never inside one
        (a screen reader that reads the screen line by line would read half a word). Piped: None, never broken."""
        if not self.stdout.isatty():
            return None
        return max(20, shutil.get_terminal_size().columns - 1)

    def say(self, *lines: str) -> None:
        """Each line as it is, its control characters made visible."""
        width = self._width()
        for line in lines:
            text = printable(line)
            if width is not None:
                text = "\n".join(
                    textwrap.fill(part, width, break_long_words=False, break_on_hyphens=False) or part
                    for part in text.split("\n")
                )
            self.stdout.write(text + "\n")
        self.stdout.flush()

    def gap(self) -> None:
        """An empty line between one part and the next: a screen reader passes over it, an eye rests on it."""
        self.stdout.write("\n")

    # Asking --------------------------------------------------------------

    def ask(self, prompt: str) -> str:
        """Say the prompt on its own line, then read one line (without its line ending)."""
        self.say(prompt)
        line = self.stdin.readline()
        if not line:
            raise EndOfInput
        return line.rstrip("\r\n")

    def ask_command(self, prompt: str) -> str:
        """Like `ask`, but typing q stops (the prompt must say so)."""
        answer = self.ask(prompt)
        if tidy(answer) in (STOP, "quit", "stop"):
            raise Stop
        return answer

    def ask_secret(self, prompt: str) -> str:
        """A PIN: not shown as it is typed at a terminal; read as a line from a pipe, where hiding is not possible."""
        if self.stdin.isatty():
            self.say(prompt)
            try:
                return getpass.getpass("PIN (not shown as you type): ", stream=self.stdout)
            except EOFError:
                raise EndOfInput from None
        return self.ask(prompt)

    def confirm(self, question: str) -> bool:
        """Ask until the answer is yes or no."""
        while True:
            answer = parse_yes_no(self.ask_command(f"{question} Type y for yes or n for no. {OR_STOP}"))
            if answer is not None:
                return answer
            self.say("Please type y for yes, or n for no.")

    def choose(self, heading: str, items: Sequence[str], what: str, *, back: str | None = "go back") -> int | None:
        """A numbered menu: the index chosen, or None when the person typed b (offered only with `back`).

        `what` names a thing chosen ("your name", "a candidate"); the prompt says
        "Type the number of your name, then press Enter."
        """
        self.say(heading)
        for place, item in enumerate(items, start=1):
            self.say(f"{place}. {one_line(item)}")
        prompt = f"Type the number of {what}, then press Enter."
        prompt += f" Or type b to {back}, or q to stop." if back else f" {OR_STOP}"
        while True:
            answer = self.ask_command(prompt)
            number = parse_number(answer)
            if number is not None and 1 <= number <= len(items):
                return number - 1
            if back and tidy(answer) in (BACK, "back"):
                return None
            if number is not None:
                self.say(f"There is no number {number} here. The numbers go from 1 to {len(items)}.")
            elif not answer.strip():
                self.say("Nothing was typed.")
            else:
                self.say(f'"{one_line(answer.strip())}" is not one of the choices.')

    # Acting --------------------------------------------------------------

    def attempt(self, call: Callable[[], T], *, path: Path | None = None, after: str = "") -> T | None:
        """Run one service call; a refusal is said as its plain sentence (nothing was changed) and gives None."""
        try:
            return call()
        except PanelError as error:
            message = explain_problem(error, path) if path is not None else str(error)
            self.say(f"{message} {after}".strip())
            return None
