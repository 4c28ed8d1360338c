"""Flesch reading ease, in a few lines, so the panel can see when a question is hard to read.

    score = 206.835 - 1.015 x (words / sentences) - 84.6 x (syllables / words)

(Flesch, 1948). Higher is easier: 90-100 very easy, 60-70 plain English,
below 50 hard. Syllables are counted as groups of vowels (y counts as one),
less a silent final "e" ("make") or a silent "-ed" ("helped", but not
"wanted" or "agreed"): right for most everyday words, close enough for a
hint, and no heavy language library is needed. A text with no sentence mark
counts as one sentence; a text with no words scores 100 (nothing hard in it).
"""

from __future__ import annotations

import re

HARD_BELOW = 60.0

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?]+")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def syllables(word: str) -> int:
    word = word.lower()
    count = len(_VOWEL_GROUP.findall(word))
    if count > 1 and word.endswith("e") and not word.endswith(("le", "ee", "ye")):
        count -= 1
    elif count > 1 and word.endswith("ed") and len(word) > 3 and word[-3] not in "aeiouytd":
        count -= 1
    return max(1, count)


def flesch_reading_ease(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 100.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip())))
    total_syllables = sum(syllables(w) for w in words)
    return 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (total_syllables / len(words))


def reading_hint(score: float) -> str | None:
    """A plain hint when a question may be hard to read; None when it reads easily."""
    if score < HARD_BELOW:
        return "This may be hard to read. Try shorter sentences and everyday words."
    return None
