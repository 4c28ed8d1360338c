"""Flesch reading ease on sentences whose value can be worked out by hand.

Tolerance: the formula is plain arithmetic on three counts (words,
sentences, syllables), so once the counts are right the result is exact; the
tests allow 0.01 only for floating-point rounding. Each expected value below
is worked out from counts made by hand. Online calculators disagree with one
another by several points on longer words because their syllable counters
differ, so they are not used as a reference; the syllable counter is tested
on its own against dictionary syllable counts instead.
"""

from __future__ import annotations

import pytest

from panel_tui.domain.readability import HARD_BELOW, flesch_reading_ease, reading_hint, syllables

ROUNDING = 0.01


def flesch(words: int, sentences: int, syllable_count: int) -> float:
    return 206.835 - 1.015 * (words / sentences) - 84.6 * (syllable_count / words)


@pytest.mark.parametrize(
    ("text", "words", "sentences", "syllable_count"),
    [
        # The textbook example: six words of one syllable in one sentence = 116.145.
        ("The cat sat on the mat.", 6, 1, 6),
        # Two sentences of three one-syllable words.
        ("I like tea. You like jam.", 6, 2, 6),
        # re-co-ve-ry (4), is, pos-si-ble (3), for, ev-ery-one (3): 12 syllables.
        ("Recovery is possible for everyone.", 5, 1, 12),
        # A question mark ends a sentence too; lis-ten, a-bout, some-one have two, helped one: 13 in 10 words.
        ("How do you listen? Tell us about someone you helped.", 10, 2, 13),
    ],
)
def test_reading_ease_on_sentences_with_known_values(text: str, words: int, sentences: int, syllable_count: int) -> None:
    assert flesch_reading_ease(text) == pytest.approx(flesch(words, sentences, syllable_count), abs=ROUNDING)


def test_the_cat_sat_on_the_mat_is_116() -> None:
    assert flesch_reading_ease("The cat sat on the mat.") == pytest.approx(116.145, abs=ROUNDING)


def test_syllables_on_everyday_words() -> None:
    words = {
        "cat": 1, "make": 1, "see": 1, "table": 2, "listen": 2, "people": 2,
        "someone": 2, "recovery": 4, "possible": 3, "everyone": 3, "boundaries": 3,
        "helped": 1, "listened": 2, "used": 1, "wanted": 2, "needed": 2, "agreed": 2, "red": 1,
    }
    assert {w: syllables(w) for w in words} == words


def test_text_without_words_reads_easily_rather_than_failing() -> None:
    assert flesch_reading_ease("") == 100.0
    assert flesch_reading_ease("?!") == 100.0
    assert flesch_reading_ease("No full stop at the end") == pytest.approx(flesch(6, 1, 6), abs=ROUNDING)


def test_hard_questions_get_a_hint_and_plain_ones_do_not() -> None:
    hard = "Describe a situation in which you demonstrated organisational accountability regarding safeguarding responsibilities."
    plain = "Tell us about a time you helped a friend."
    assert flesch_reading_ease(hard) < HARD_BELOW
    assert reading_hint(flesch_reading_ease(hard)) == "This may be hard to read. Try shorter sentences and everyday words."
    assert reading_hint(flesch_reading_ease(plain)) is None
    assert reading_hint(HARD_BELOW) is None and reading_hint(HARD_BELOW - 0.1) is not None
