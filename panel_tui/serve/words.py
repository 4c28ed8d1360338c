"""Round passwords: a few plain words a chair can read out and a panel member can type.

A hub's round password keeps out everyone who is not in the room. It is made
of words from `wordlist.txt` (common, short, easy to spell and to say aloud),
chosen with `secrets`, so four words from the 1,100 or so give about 40 bits:
far more than anyone can guess through the door, which slows wrong tries down.

What a person types is compared kindly: capital letters, spaces, dashes or
any other marks between the words, blanks around them and accents are all
ignored. Only the letters a to z count, in order, so "Maple otter  Cloud-seven",
"maple-otter-cloud-seven" and "mapleottercloudseven" are the same password.
Dropping the word breaks costs next to nothing: of all pairs of words, fewer
than 1 in 50,000 spell the same letters as another pair.
"""

from __future__ import annotations

import hmac
import math
import re
import secrets
import unicodedata
from functools import cache
from importlib import resources

SEPARATOR = "-"
"""Between the words of a password as it is made, shown in a link and printed."""
DEFAULT_WORDS = 4
LONGEST_TYPED = 200
"""Characters: anything longer is not a round password, and is refused without more work."""
_LETTERS = re.compile(r"[a-z]+")


@cache
def word_list() -> tuple[str, ...]:
    """The words passwords are made from: shipped as package data (pyproject's package-data)."""
    text = resources.files("panel_tui.serve").joinpath("wordlist.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def round_password(words: int = DEFAULT_WORDS) -> str:
    """A new round password: `words` words joined by dashes, e.g. "maple-otter-cloud-seven"."""
    if words < 1:
        raise ValueError("A round password needs at least one word.")
    choices = word_list()
    return SEPARATOR.join(secrets.choice(choices) for _ in range(words))


def password_bits(words: int = DEFAULT_WORDS) -> float:
    """How hard a password of `words` words is to guess, in bits (each word is chosen freely)."""
    return words * math.log2(len(word_list()))


def normalise(typed: str) -> str:
    """The letters a to z of what was typed, in lower case and in order; everything else dropped.

    Accents and wide characters from a phone's keyboard become their plain letters first.
    """
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", typed).casefold())
    return "".join(_LETTERS.findall(folded))


def matches(typed: str, password: str) -> bool:
    """Whether `typed` is `password`, compared kindly (see `normalise`) and in constant time."""
    if len(typed) > LONGEST_TYPED:
        return False
    expected = normalise(password)
    if not expected:
        return False
    return hmac.compare_digest(normalise(typed).encode("ascii"), expected.encode("ascii"))
