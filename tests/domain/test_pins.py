"""PINs: kept only as salted hashes, four to eight numbers, a wait after every three wrong tries, chairs first.

scrypt is slow on purpose (about 50 ms), so one hash is shared by the module.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from panel_tui.domain.errors import InvalidValue
from panel_tui.domain.models import Group, PanelMember, PinAttempts, Role, revise
from panel_tui.domain.pins import (
    TRIES,
    WAITS_SECONDS,
    after_wrong_pin,
    check_pin_format,
    check_pins_in_use,
    hash_pin,
    verify_pin,
    wait_left,
)

PIN = "90817263"  # eight digits: a chance match inside the hex of a hash is negligible


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN)


def test_the_hash_never_contains_the_pin(stored: str) -> None:
    assert PIN not in stored
    scheme, salt, digest = stored.split("$")
    assert scheme == "scrypt" and len(bytes.fromhex(salt)) == 16 and len(bytes.fromhex(digest)) == 64


def test_the_right_pin_verifies_and_a_wrong_one_does_not(stored: str) -> None:
    assert verify_pin(PIN, stored)
    assert verify_pin(f" {PIN} ", stored), "spaces typed around it are ignored, as when it was set"
    assert not verify_pin("90817264", stored)
    assert not verify_pin("9081726", stored)
    assert not verify_pin("", stored)


def test_something_that_is_not_a_hash_never_verifies() -> None:
    assert not verify_pin(PIN, "")
    assert not verify_pin(PIN, PIN)
    assert not verify_pin(PIN, "md5$00$00")


@pytest.mark.parametrize(("typed", "kept"), [("1234", "1234"), ("12345678", "12345678"), (" 0042 ", "0042")])
def test_a_pin_is_four_to_eight_numbers(typed: str, kept: str) -> None:
    assert check_pin_format(typed) == kept


@pytest.mark.parametrize("typed", ["", "123", "123456789", "12a4", "12 34", "-1234", "1234.5", "    "])
def test_anything_else_is_refused_in_plain_words(typed: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        check_pin_format(typed)
    assert str(caught.value) == "A PIN is 4 to 8 numbers."


def test_a_badly_formed_pin_is_never_hashed() -> None:
    with pytest.raises(InvalidValue, match=r"^A PIN is 4 to 8 numbers\.$"):
        hash_pin("12")


# The wait after three wrong tries: the time is passed in, nothing sleeps ---------------------------

START = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


def wrong(attempts: PinAttempts | None, *seconds: float, member_id: str = "ann") -> PinAttempts:
    for second in seconds:
        attempts = after_wrong_pin(attempts, member_id, at(second))
    assert attempts is not None
    return attempts


def test_nobody_waits_before_a_wrong_try() -> None:
    assert wait_left(None, at(0)) == 0.0
    assert wait_left(PinAttempts(member_id="ann"), at(0)) == 0.0


def test_two_wrong_tries_bring_no_wait_and_the_third_brings_thirty_seconds() -> None:
    attempts = wrong(None, 100, 101)
    assert (attempts.member_id, attempts.failures, attempts.wait_until) == ("ann", 2, None)
    assert wait_left(attempts, at(101)) == 0.0
    attempts = wrong(attempts, 102)
    assert wait_left(attempts, at(102)) == WAITS_SECONDS[0] == 30.0
    assert wait_left(attempts, at(112)) == 20.0
    assert wait_left(attempts, at(132)) == 0.0
    assert wait_left(attempts, at(500)) == 0.0


def test_after_the_wait_there_are_three_fresh_tries_and_the_next_wait_is_longer() -> None:
    attempts = wrong(None, 0, 1, 2)
    assert (attempts.failures, attempts.waits) == (0, 1)
    attempts = wrong(attempts, 40, 41)
    assert wait_left(attempts, at(41)) == 0.0, "two more after a wait are not three"
    attempts = wrong(attempts, 42)
    assert wait_left(attempts, at(42)) == 60.0


def test_the_waits_grow_and_the_longest_repeats() -> None:
    attempts: PinAttempts | None = None
    clock, waits = 0.0, []
    for _ in range(7):
        attempts = wrong(attempts, clock, clock + 1, clock + 2)
        waits.append(wait_left(attempts, at(clock + 2)))
        clock += 2 + waits[-1]
    assert waits == [30, 60, 120, 300, 600, 600, 600]
    assert list(WAITS_SECONDS) == [30, 60, 120, 300, 600] and TRIES == 3


def test_the_count_is_a_new_record_each_time_and_never_changed_in_place() -> None:
    first = wrong(None, 0)
    second = after_wrong_pin(first, "ann", at(1))
    assert (first.failures, second.failures) == (1, 2)


def test_one_persons_wrong_tries_are_their_own() -> None:
    ann = wrong(None, 0, 1, 2)
    bob = wrong(None, 2, member_id="bob")
    assert ann.member_id == "ann" and wait_left(ann, at(2)) == 30.0
    assert bob.member_id == "bob" and wait_left(bob, at(2)) == 0.0


# Once anyone has a PIN, every chair needs one ------------------------------------------------------------

CHAIR_PIN_FIRST = (
    "Set the chair's PIN first. Once anyone has a PIN, signing in as the chair needs the chair's PIN."
)


def test_pins_in_use_need_every_chair_to_have_one(stored: str) -> None:
    chair = PanelMember(name="Chair", group=Group.STAFF, role=Role.CHAIR)
    ann = PanelMember(name="Ann", group=Group.MEMBER)
    hr = PanelMember(name="HR", group=Group.STAFF, role=Role.OBSERVER)
    check_pins_in_use([chair, ann, hr])  # nobody has a PIN
    check_pins_in_use([])
    for with_pin in (revise(ann, pin_hash=stored), revise(hr, pin_hash=stored)):
        with pytest.raises(InvalidValue) as caught:
            check_pins_in_use([chair, with_pin])
        assert str(caught.value) == CHAIR_PIN_FIRST
    chair_with = revise(chair, pin_hash=stored)
    check_pins_in_use([chair_with, ann])
    check_pins_in_use([chair_with, revise(ann, pin_hash=stored)])
    second_chair = PanelMember(name="Second chair", group=Group.STAFF, role=Role.CHAIR)
    with pytest.raises(InvalidValue, match="^Set the chair's PIN first"):
        check_pins_in_use([chair_with, second_chair])
    check_pins_in_use([revise(ann, pin_hash=stored), hr])  # no chair yet: nobody can sign in as one
