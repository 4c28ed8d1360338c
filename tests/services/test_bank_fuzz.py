"""Fuzzing the question bank loader: any file is a bank, or one `BankError` that names the file.

Three kinds of input: TOML-ish text made of the pieces banks are written
with; the shipped starter banks damaged line by line and byte by byte;
and well-formed TOML holding random values where a bank's fields go. No
other exception may escape `load_bank`, and a bank it accepts writes back
(`bank_to_toml`) to a file that loads as the same bank.

Run longer with: HYPOTHESIS_PROFILE=long python3 -m pytest tests/services/test_bank_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import tomli_w
from hypothesis import event, given
from hypothesis import strategies as st

from panel_tui.locations import starter_banks_dir
from panel_tui.services import Bank, BankError, bank_to_toml, load_bank
from panel_tui.services.bank_file import BANK_FIELDS, QUESTION_FIELDS

QUESTIONS_DIR = starter_banks_dir()
REAL_BANKS = [p.read_bytes() for p in sorted(QUESTIONS_DIR.glob("*.toml"))]
FILE_NAME = "fuzzed bank.toml"

HEADERS = ("[[question]]", "[question.anchors]", "[scale]", "[[question.anchors]]", "[question]", "[[scale]]", "")
KEYS = (
    "title", "description", "id", "text", "plain_text", "anchors", "author_groups", "authors", "labels", "low",
    "high", "guidance", "follow_ups", "criterion", "0", "4", "5", '"-1"', "colour", "question.id", "a.b.c",
)
VALUES = (
    '"listening-well"', '"Bad Id"', '"Tell us about a time."', "0", "4", "-1", "99", "1e999", "nan", "true",
    "2024-01-01", "2024-13-45T25:00:00", '["member"]', '["boss"]', '"member"', "[]", "{}", '[""]', '"   "',
    r'"\u0000"', r'"\x1b[2J"', '"[bold]"', "'''multi\nline'''", '"""', "1" * 5000, "[" * 3000,
    "{a=" * 1000 + "1" + "}" * 1000, "[" * 300 + "]" * 300, "0x" + "f" * 600, '"\u202e"', "{0 = 'x', 9 = 'y'}",
    '[1, "a", [2]]',
)
PIECES = (*HEADERS, *KEYS, *VALUES, "=", "[", "]", "{", "}", ",", ".", "#", '"', "'", "\\", "\n", "\r\n", "\t", "\x00")
line = st.one_of(
    st.sampled_from(HEADERS),
    st.tuples(st.sampled_from(KEYS), st.sampled_from(VALUES)).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=8).map("".join),
)
toml_ish = st.lists(line, max_size=30).map("\n".join)
"""TOML-ish text: mostly the lines a bank is made of (headers, `key = value`), some of them broken."""

scalars = st.one_of(
    st.text(max_size=20), st.sampled_from(["listening-well", "member", "volunteer", "staff", "", " ", "[bold]"]),
    st.integers(-3, 12), st.integers(), st.booleans(), st.floats(), st.dates(), st.datetimes(),
    st.datetimes(timezones=st.just(dt.UTC)), st.times(),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
field_values = st.one_of(
    values,
    st.dictionaries(st.sampled_from(["0", "1", "4", "5", "-1", "x", " 2"]), values, max_size=4),  # anchors-shaped
)


@st.composite
def random_banks(draw: st.DrawFn) -> str:
    """Well-formed TOML with a bank's shape and random values in its fields."""
    bank = draw(st.dictionaries(st.sampled_from([*BANK_FIELDS[:3], "extra"]), field_values, max_size=3))
    bank.setdefault("title", "A bank")
    questions = draw(
        st.lists(st.dictionaries(st.sampled_from([*QUESTION_FIELDS, "colour"]), field_values, max_size=5), max_size=3)
    )
    for question in questions:
        if draw(st.booleans()):
            question.setdefault("id", "listening-well")
            question.setdefault("text", "Tell us about listening.")
    bank["question"] = questions
    return tomli_w.dumps(bank)


@st.composite
def damaged_real_banks(draw: st.DrawFn) -> bytes:
    """A shipped bank with lines dropped, repeated or replaced, and bytes broken."""
    lines = draw(st.sampled_from(REAL_BANKS)).split(b"\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "repeat", "replace", "cut"]))
        if action == "drop":
            del lines[at]
        elif action == "repeat":
            lines.insert(at, lines[at])
        elif action == "replace":
            lines[at] = draw(toml_ish).encode("utf-8", "surrogatepass")
        else:
            lines[at] = lines[at][: draw(st.integers(0, max(0, len(lines[at]) - 1)))]
    raw = bytearray(b"\n".join(lines))
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(raw)))
        raw[at:at] = draw(st.binary(min_size=1, max_size=4))
    return bytes(raw)


def _load(raw: bytes) -> str:
    """Load the bytes as a bank file: a Bank that writes back the same, or a BankError naming the file."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / FILE_NAME
        path.write_bytes(raw)
        try:
            bank = load_bank(path)
        except BankError as error:
            assert str(path) in str(error), f"the message names the file: {error}"
            assert "Traceback" not in str(error)
            return "refused"
        assert isinstance(bank, Bank) and bank.questions
        again = Path(scratch) / "again.toml"
        again.write_text(bank_to_toml(bank), encoding="utf-8")
        assert load_bank(again).model_dump() == bank.model_dump(), "a loaded bank writes back as the same bank"
        return "loaded"


@given(text=toml_ish)
def test_toml_ish_text_is_a_bank_or_a_bank_error(text: str) -> None:
    event(_load(text.encode("utf-8", "surrogatepass")))


@given(raw=damaged_real_banks())
def test_damaged_shipped_banks_are_refused_by_file_name(raw: bytes) -> None:
    event(_load(raw))


@given(text=random_banks())
def test_random_values_in_a_banks_fields_are_refused_by_file_name(text: str) -> None:
    event(_load(text.encode("utf-8")))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("title = " + "[" * 3000, "nested too deeply"),
        ("title = " + "{a=" * 1000 + "1" + "}" * 1000, "nested too deeply"),
        ("title = 'x'\nlow = 1" + "0" * 5000, "number"),
    ],
    ids=["deep-arrays", "deep-tables", "huge-number"],
)
def test_what_tomllib_cannot_read_is_a_bank_error_too(text: str, words: str, tmp_path: Path) -> None:
    """Found by the fuzzing: tomllib raised RecursionError and ValueError, not TOMLDecodeError."""
    path = tmp_path / FILE_NAME
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BankError) as raised:
        load_bank(path)
    assert str(path) in str(raised.value) and words in str(raised.value)
    assert str(raised.value).endswith("Nothing was imported.")


def test_every_shipped_bank_loads() -> None:
    assert REAL_BANKS and all(_load(raw) == "loaded" for raw in REAL_BANKS)
