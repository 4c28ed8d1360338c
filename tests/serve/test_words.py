"""Round passwords: made of the shipped words, chosen with `secrets`, and compared kindly."""

from __future__ import annotations

import collections
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panel_tui.serve import words
from panel_tui.serve.words import matches, normalise, password_bits, round_password, word_list

WORDS = word_list()
a_word = st.sampled_from(WORDS)
a_password = st.lists(a_word, min_size=1, max_size=6).map("-".join)
between = st.text(alphabet=" -_.,;:/\t\n\u2013\u00a0", min_size=0, max_size=3)
blanks = st.text(alphabet=" \t\n\u00a0", max_size=3)


# The word list ----------------------------------------------------------------


def test_every_word_is_short_plain_and_lower_case() -> None:
    odd = [w for w in WORDS if not re.fullmatch(r"[a-z]{3,6}", w)]
    assert odd == []


def test_no_word_is_listed_twice() -> None:
    assert [w for w, n in collections.Counter(WORDS).items() if n > 1] == []


def test_four_words_give_more_than_39_bits() -> None:
    assert len(WORDS) >= 1000
    assert password_bits(4) > 39


def test_words_that_sound_alike_or_hurt_are_left_out() -> None:
    # A sample of each kind the list's notes rule out: if one is added by mistake, this says so.
    left_out = {
        "sea", "see", "pair", "pear", "sun", "son", "bear", "bare", "flour", "flower", "knight", "night",
        "grey", "gray", "colour", "color", "tyre", "centre", "seven", "ten", "two", "four", "eight",
        "cub", "dock", "tin", "chair", "pin", "score", "panel", "member",
        "beer", "wine", "pill", "needle", "rope", "knife", "dice", "mad", "crazy", "slow", "normal", "ape",
    }
    assert sorted(left_out & set(WORDS)) == []


@pytest.mark.parametrize("pair", [("cup", "cub"), ("dog", "dock"), ("card", "cart"), ("moon", "noon"), ("sing", "sink")])
def test_words_heard_as_one_another_are_not_both_listed(pair: tuple[str, str]) -> None:
    assert not set(pair) <= set(WORDS)


def test_dropping_the_breaks_between_words_costs_next_to_nothing() -> None:
    # "mapleotter" and "maple otter" are the same password; two pairs of words that spell the same
    # letters would make one guess cover both. Fewer than 1 pair in 20,000 may do so.
    spelled = collections.Counter(a + b for a in WORDS for b in WORDS)
    same = len(WORDS) ** 2 - len(spelled)
    assert same * 20_000 < len(WORDS) ** 2


# Making a password ------------------------------------------------------------


@given(st.integers(min_value=1, max_value=8))
def test_a_password_is_that_many_listed_words_joined_by_dashes(count: int) -> None:
    password = round_password(count)
    parts = password.split("-")
    assert len(parts) == count
    assert set(parts) <= set(WORDS)


def test_the_default_is_four_words() -> None:
    assert len(round_password().split("-")) == 4


@pytest.mark.parametrize("count", [0, -1])
def test_a_password_needs_a_word(count: int) -> None:
    with pytest.raises(ValueError, match="at least one word"):
        round_password(count)


def test_words_are_chosen_with_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    chosen: list[int] = []

    def choice(seq: tuple[str, ...]) -> str:
        chosen.append(len(seq))
        return seq[len(chosen)]

    monkeypatch.setattr(words.secrets, "choice", choice)
    assert round_password(3) == "-".join(WORDS[1:4])
    assert chosen == [len(WORDS)] * 3


def test_two_passwords_differ() -> None:
    # The same four words twice in a row would happen once in 1.6 million million tries.
    assert round_password() != round_password()


# Comparing what was typed -----------------------------------------------------


def test_the_example_from_the_issue() -> None:
    assert normalise("Maple otter  Cloud-seven") == normalise("maple-otter-cloud-seven")
    assert matches("Maple otter  Cloud-seven", "maple-otter-cloud-seven")


@given(a_password, st.data())
def test_case_separators_and_blanks_do_not_matter(password: str, data: st.DataObject) -> None:
    typed_words = [
        "".join(c.upper() if data.draw(st.booleans()) else c for c in word) for word in password.split("-")
    ]
    typed = data.draw(blanks)
    for i, word in enumerate(typed_words):
        typed += word if i == 0 else data.draw(between) + word
    typed += data.draw(blanks)
    assert matches(typed, password)


@given(a_password, a_password)
def test_different_words_do_not_match(password: str, other: str) -> None:
    assert matches(other, password) == (other.replace("-", "") == password.replace("-", ""))


@given(a_password, st.integers(min_value=0, max_value=100), st.sampled_from("abcxyz"))
def test_one_letter_wrong_does_not_match(password: str, where: int, letter: str) -> None:
    letters = [i for i, c in enumerate(password) if c != "-"]
    i = letters[where % len(letters)]
    typed = password[:i] + letter + password[i + 1:]
    assert matches(typed, password) == (typed == password)


@given(a_password)
def test_a_missing_or_extra_word_does_not_match(password: str) -> None:
    assert not matches(password + "-cat", password)
    if "-" in password:
        assert not matches(password.rsplit("-", 1)[0], password)


def test_accents_and_wide_letters_from_a_phone_keyboard_count_as_plain_letters() -> None:
    assert matches("Mäple ÒTTER cloud\u2010sëven", "maple-otter-cloud-seven")
    assert matches("\uff4d\uff41\uff50\uff4c\uff45 otter cloud seven", "maple-otter-cloud-seven")


@given(st.text())
def test_normalise_keeps_only_letters_a_to_z_and_is_stable(typed: str) -> None:
    once = normalise(typed)
    assert re.fullmatch(r"[a-z]*", once)
    assert normalise(once) == once


def test_nothing_typed_never_matches() -> None:
    assert not matches("", "maple-otter-cloud-seven")
    assert not matches("   - ", "maple-otter-cloud-seven")
    assert not matches("", "")
    assert not matches("---", "-")


def test_something_very_long_is_refused_without_more_work() -> None:
    password = "maple-otter-cloud-seven"
    assert not matches(password + " " * 1000, password)


def test_the_comparison_takes_the_same_time_however_much_is_right(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = words.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(words.hmac, "compare_digest", spy)
    assert matches("Maple Otter", "maple-otter")
    assert compared == [(b"mapleotter", b"mapleotter")]
