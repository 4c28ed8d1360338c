"""The panel's make-up, PINs and the three-tries wait, and text shown as typed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from panel_tui.domain.models import Group, PanelMember, Role, Session
from panel_tui.domain.panel import composition, describe_composition
from panel_tui.domain.pins import after_wrong_pin, hash_pin, verify_pin, wait_left
from panel_tui.domain.text import one_line, printable

SESSION = Session(vacancy="Peer mentor")


def people(*groups: str, observer: str | None = None) -> list[PanelMember]:
    members = [PanelMember(name=f"P{n}", group=g) for n, g in enumerate(groups)]
    if observer:
        members.append(PanelMember(name="HR", group=observer, role=Role.OBSERVER))
    return members


def test_a_balanced_panel_has_no_warning() -> None:
    comp = composition(SESSION, people("member", "member", "volunteer", "staff", "staff"))
    assert comp.counts == {Group.MEMBER: 2, Group.VOLUNTEER: 1, Group.STAFF: 2}
    assert comp.warnings == ()
    assert describe_composition(SESSION, comp) == "2 Member, 1 Volunteer, 2 Staff"


def test_a_staff_only_panel_warns_twice_but_never_blocks() -> None:
    comp = composition(SESSION, people("staff", "staff"))
    assert comp.warnings == ("No member or volunteer is on this panel.", "Staff are more than half of this panel.")


def test_observers_do_not_count_towards_the_panel() -> None:
    comp = composition(SESSION, people("member", "staff", observer="staff"))
    assert comp.total == 2 and comp.warnings == ()


def test_warnings_use_the_organisations_own_words() -> None:
    renamed = Session(vacancy="X", group_labels={"member": "Expert by experience", "volunteer": "Peer volunteer", "staff": "Employee"})
    comp = composition(renamed, people("staff"))
    assert comp.warnings[0] == "No expert by experience or peer volunteer is on this panel."


def test_a_pin_is_kept_only_as_a_salted_hash() -> None:
    pin = "24681357"  # eight digits: a four-digit PIN can turn up by chance in a hash's hex
    first, second = hash_pin(pin), hash_pin(pin)
    assert first != second, "salted: the same PIN hashes differently"
    assert pin not in first and first.startswith("scrypt$")
    assert verify_pin(pin, first) and not verify_pin("13572468", first)
    assert not verify_pin(pin, "not a hash")


def test_three_wrong_tries_bring_a_short_wait_for_that_person_only() -> None:
    start = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    ann = None
    for second in (0, 1):
        ann = after_wrong_pin(ann, "ann", start + timedelta(seconds=second))
        assert wait_left(ann, start + timedelta(seconds=second)) == 0
    ann = after_wrong_pin(ann, "ann", start + timedelta(seconds=2))
    assert wait_left(ann, start + timedelta(seconds=2)) == pytest.approx(30.0)
    assert wait_left(ann, start + timedelta(seconds=31)) == pytest.approx(1.0)
    assert wait_left(ann, start + timedelta(seconds=40)) == 0
    assert wait_left(None, start + timedelta(seconds=2)) == 0, "someone with no wrong tries never waits"


def test_escape_codes_are_shown_not_sent_to_the_terminal() -> None:
    assert printable("Red \x1b[31mtext\x1b[0m") == "Red \\x1b[31mtext\\x1b[0m"
    assert printable("two\nlines\tand a bell\x07") == "two\nlines\tand a bell\\x07"
    assert one_line("two\nlines") == "two lines"
    assert printable("[bold]stays[/bold]") == "[bold]stays[/bold]"
