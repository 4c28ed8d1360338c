"""PINs: kept only as salted hashes, four to eight numbers, and a short wait after three wrong tries.

scrypt is slow on purpose (about 50 ms), so one hash is shared by the module.
"""

from __future__ import annotations

import pytest

from panel_tui.domain.errors import InvalidValue
from panel_tui.domain.pins import PinGuard, check_pin_format, hash_pin, verify_pin

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


# The wait after three wrong tries: the clock is passed in, nothing sleeps ---------------------------


def test_two_wrong_tries_bring_no_wait_and_the_third_brings_thirty_seconds() -> None:
    guard = PinGuard()
    guard.failed("ann", 100.0)
    guard.failed("ann", 101.0)
    assert guard.wait_left("ann", 101.0) == 0.0
    guard.failed("ann", 102.0)
    assert guard.wait_left("ann", 102.0) == PinGuard.WAIT_SECONDS == 30.0
    assert guard.wait_left("ann", 112.0) == 20.0
    assert guard.wait_left("ann", 132.0) == 0.0
    assert guard.wait_left("ann", 500.0) == 0.0


def test_after_the_wait_there_are_three_fresh_tries() -> None:
    guard = PinGuard()
    for clock in (0.0, 1.0, 2.0):
        guard.failed("ann", clock)
    guard.failed("ann", 40.0)
    guard.failed("ann", 41.0)
    assert guard.wait_left("ann", 41.0) == 0.0
    guard.failed("ann", 42.0)
    assert guard.wait_left("ann", 42.0) == 30.0


def test_success_resets_the_count_and_the_wait() -> None:
    guard = PinGuard()
    guard.failed("ann", 0.0)
    guard.failed("ann", 1.0)
    guard.succeeded("ann")
    guard.failed("ann", 2.0)
    guard.failed("ann", 3.0)
    assert guard.wait_left("ann", 3.0) == 0.0, "two after a success are not three"
    guard.failed("ann", 4.0)
    assert guard.wait_left("ann", 4.0) == 30.0
    guard.succeeded("ann")
    assert guard.wait_left("ann", 4.0) == 0.0


def test_one_persons_wrong_tries_never_slow_another() -> None:
    guard = PinGuard()
    for clock in (0.0, 1.0, 2.0):
        guard.failed("ann", clock)
    assert guard.wait_left("bob", 2.0) == 0.0
    guard.failed("bob", 2.0)
    assert guard.wait_left("bob", 2.0) == 0.0
