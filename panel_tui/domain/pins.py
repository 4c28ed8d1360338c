"""PINs kept only as salted scrypt hashes.

A PIN separates panel members sharing one terminal; it is not a password
against an attacker with the file, but the file still never holds it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from .errors import InvalidValue

_N, _R, _P = 2**14, 8, 1


def check_pin_format(pin: str) -> str:
    pin = pin.strip()
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise InvalidValue("A PIN is 4 to 8 numbers.")
    return pin


def hash_pin(pin: str) -> str:
    pin = check_pin_format(pin)
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=_N, r=_R, p=_P)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(
        pin.strip().encode(), salt=bytes.fromhex(salt_hex), n=_N, r=_R, p=_P
    )
    return hmac.compare_digest(digest, bytes.fromhex(digest_hex))


class PinGuard:
    """Three wrong tries, then a short wait: slows guessing without locking anyone out.

    The clock is passed in so the rule can be tested without sleeping.
    """

    TRIES = 3
    WAIT_SECONDS = 30.0

    def __init__(self) -> None:
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}

    def wait_left(self, member_id: str, clock: float) -> float:
        return max(0.0, self._until.get(member_id, 0.0) - clock)

    def failed(self, member_id: str, clock: float) -> None:
        count = self._failures.get(member_id, 0) + 1
        self._failures[member_id] = count
        if count >= self.TRIES:
            self._failures[member_id] = 0
            self._until[member_id] = clock + self.WAIT_SECONDS

    def succeeded(self, member_id: str) -> None:
        self._failures.pop(member_id, None)
        self._until.pop(member_id, None)
