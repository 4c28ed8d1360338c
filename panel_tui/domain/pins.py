"""PINs kept only as salted scrypt hashes.

A PIN separates panel members sharing one terminal; it is not a password
against an attacker with the file, but the file still never holds it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from .errors import InvalidValue
from .models import PanelMember, PinAttempts, Role, revise

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


TRIES = 3
"""Wrong tries allowed before a wait."""
WAITS_SECONDS = (30, 60, 120, 300, 600)
"""The first wait, then each longer one; the last repeats. Slows guessing without locking anyone out for good."""


def wait_left(attempts: PinAttempts | None, at: datetime) -> float:
    """Seconds until this member may try again (0 when they may now)."""
    if attempts is None or attempts.wait_until is None:
        return 0.0
    return max(0.0, (attempts.wait_until - at).total_seconds())


def after_wrong_pin(attempts: PinAttempts | None, member_id: str, at: datetime) -> PinAttempts:
    """The count after one more wrong try: every third starts a wait, each longer than the last."""
    current = attempts or PinAttempts(member_id=member_id)
    failures = current.failures + 1
    if failures < TRIES:
        return revise(current, failures=failures)
    wait = WAITS_SECONDS[min(current.waits, len(WAITS_SECONDS) - 1)]
    return revise(current, failures=0, waits=current.waits + 1, wait_until=at + timedelta(seconds=wait))


def check_pins_in_use(members: Sequence[PanelMember]) -> None:
    """Once anyone has a PIN, every chair needs one: otherwise anyone could sign in as the chair."""
    chairs = [m for m in members if m.role is Role.CHAIR]
    if any(m.pin_hash for m in members) and any(not c.pin_hash for c in chairs):
        raise InvalidValue(
            "Set the chair's PIN first. Once anyone has a PIN, signing in as the chair needs the chair's PIN."
        )
