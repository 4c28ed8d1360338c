"""Reading what people type, and the menus, on their own: no session, no process."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panel_tui.plain.prompts import (
    EndOfInput,
    Lines,
    Stop,
    and_list,
    looks_like_a_number,
    parse_command,
    parse_number,
    parse_yes_no,
)

spaces = st.text(alphabet=" \t", max_size=4)


def lines_for(*typed: str) -> tuple[Lines, io.StringIO]:
    out = io.StringIO()
    return Lines(io.StringIO("".join(f"{t}\n" for t in typed)), out), out


@given(st.integers(min_value=0, max_value=10_000), spaces, spaces)
def test_a_number_is_read_whatever_the_spaces_around_it(number: int, before: str, after: str) -> None:
    assert parse_number(f"{before}{number}{after}") == number
    assert parse_number(f"{before}{number}.{after}") == number  # a full stop, as a dictated number may end


@given(st.sampled_from(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]), spaces)
def test_a_number_may_be_typed_as_a_word(word: str, before: str) -> None:
    assert parse_number(f"{before}{word.upper()}") == parse_number(word) is not None


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz-+*/?!", min_size=0, max_size=8), spaces)
def test_anything_without_a_digit_is_not_a_number(text: str, around: str) -> None:
    if text in ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"):
        return
    assert parse_number(f"{around}{text}{around}") is None


@pytest.mark.parametrize("typed", ["2.5", "-1", " 3 4", "1e3", "3rd"])
def test_numbers_that_are_not_whole_are_not_read_as_a_choice_but_look_like_a_score(typed: str) -> None:
    assert parse_number(typed) is None
    assert looks_like_a_number(typed)  # so the services judge it and say why, in their words


@given(st.sampled_from(["y", "yes", "Yes", "YES", "yeah", "ok", "okay"]), spaces, st.sampled_from(["", ".", "!"]))
def test_yes_in_its_usual_forms(word: str, around: str, stop: str) -> None:
    assert parse_yes_no(f"{around}{word}{stop}{around}") is True


@given(st.sampled_from(["n", "no", "No", "NO", "nope"]), spaces, st.sampled_from(["", ".", "!"]))
def test_no_in_its_usual_forms(word: str, around: str, stop: str) -> None:
    assert parse_yes_no(f"{around}{word}{stop}{around}") is False


@given(spaces)
def test_an_empty_line_is_neither_yes_nor_no_nor_a_number(blank: str) -> None:
    assert parse_yes_no(blank) is None
    assert parse_number(blank) is None
    assert parse_command(blank) == ("", "")


def test_a_command_and_what_follows_it() -> None:
    assert parse_command("  G   3 ") == ("g", "3")
    assert parse_command("N") == ("n", "")


def test_lists_in_words() -> None:
    assert and_list(["2"]) == "2"
    assert and_list(["2", "5"]) == "2 and 5"
    assert and_list(["2", "3", "5"]) == "2, 3 and 5"


def test_a_menu_numbers_its_choices_says_them_and_asks_again_until_one_is_chosen() -> None:
    lines, out = lines_for("", "seven", "9", "  2 ")
    assert lines.choose("Who are you?", ["Ann", "Bob"], "your name") == 1
    said = out.getvalue()
    assert "1. Ann\n2. Bob\n" in said
    assert "Type the number of your name, then press Enter. Or type b to go back, or q to stop." in said
    assert "Nothing was typed." in said
    assert "There is no number 7 here. The numbers go from 1 to 2." in said
    assert "There is no number 9 here." in said


def test_a_menu_goes_back_with_b_only_when_it_offers_it() -> None:
    lines, _ = lines_for("B")
    assert lines.choose("Choose", ["One"], "a thing") is None
    lines, out = lines_for("b", "1")
    assert lines.choose("Choose", ["One"], "a thing", back=None) == 0
    assert '"b" is not one of the choices.' in out.getvalue()


def test_q_stops_and_the_end_of_the_input_ends() -> None:
    lines, _ = lines_for(" Q ")
    with pytest.raises(Stop):
        lines.choose("Choose", ["One"], "a thing")
    lines, _ = lines_for()
    with pytest.raises(EndOfInput):
        lines.ask("Anything?")


def test_yes_or_no_is_asked_again_until_answered() -> None:
    lines, out = lines_for("maybe", "", "Yes.")
    assert lines.confirm("Submit?") is True
    assert out.getvalue().count("Please type y for yes, or n for no.") == 2


def test_a_pin_from_a_pipe_is_read_as_a_line_and_not_said_back() -> None:
    lines, out = lines_for("1234")
    assert lines.ask_secret("PIN:") == "1234"
    assert "1234" not in out.getvalue()


def test_control_characters_in_what_is_said_are_made_visible() -> None:
    lines, out = lines_for()
    lines.say("Name\x1b[31m red")
    assert "\x1b" not in out.getvalue()
    assert "Name\\x1b[31m red" in out.getvalue()
