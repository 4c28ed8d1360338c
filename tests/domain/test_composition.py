"""The panel's make-up: counts per group, observers left out, gentle warnings; candidate codes."""

from __future__ import annotations

import pytest

from panel_tui.domain.errors import DuplicateCode
from panel_tui.domain.models import Candidate, Group, PanelMember, Role, Session
from panel_tui.domain.panel import check_code_free, composition, describe_composition, next_code

SESSION = Session(vacancy="Peer mentor")
NO_LIVED = "No member or volunteer is on this panel."
STAFF_MAJORITY = "Staff are more than half of this panel."


def panel(*groups: str, observers: tuple[str, ...] = ()) -> list[PanelMember]:
    people = [PanelMember(name=f"P{n}", group=g) for n, g in enumerate(groups)]
    people += [PanelMember(name=f"HR{n}", group=g, role=Role.OBSERVER) for n, g in enumerate(observers)]
    return people


def test_counts_every_group_even_when_nobody_is_in_it() -> None:
    comp = composition(SESSION, panel("member", "member", "volunteer"))
    assert comp.counts == {Group.VOLUNTEER: 1, Group.MEMBER: 2, Group.STAFF: 0}
    assert comp.total == 3


def test_the_chair_counts_and_observers_do_not() -> None:
    chair = PanelMember(name="Chair", group="staff", role=Role.CHAIR)
    comp = composition(SESSION, [chair, *panel("member", "volunteer", observers=("staff", "staff", "member"))])
    assert comp.counts == {Group.VOLUNTEER: 1, Group.MEMBER: 1, Group.STAFF: 1}
    assert comp.total == 3 and comp.warnings == ()


def test_an_empty_panel_has_no_warning() -> None:
    comp = composition(SESSION, [])
    assert comp.total == 0 and comp.warnings == ()
    assert composition(SESSION, panel(observers=("staff",))).warnings == (), "observers alone are not a panel"


@pytest.mark.parametrize(
    ("groups", "warnings"),
    [
        (("member", "volunteer", "staff"), ()),
        (("member", "member", "volunteer", "staff", "staff"), ()),
        (("member", "staff"), ()),  # staff exactly half: not more than half
        (("member", "member", "staff", "staff"), ()),
        (("volunteer",), ()),
        (("member", "staff", "staff"), (STAFF_MAJORITY,)),
        (("volunteer", "member", "staff", "staff", "staff"), (STAFF_MAJORITY,)),
        (("staff",), (NO_LIVED, STAFF_MAJORITY)),
        (("staff", "staff", "staff"), (NO_LIVED, STAFF_MAJORITY)),
    ],
)
def test_warnings_for_the_balance_of_the_panel(groups: tuple[str, ...], warnings: tuple[str, ...]) -> None:
    assert composition(SESSION, panel(*groups)).warnings == warnings


def test_a_staff_observer_does_not_tip_the_balance() -> None:
    assert composition(SESSION, panel("member", "staff", observers=("staff", "staff"))).warnings == ()


def test_the_description_uses_the_sessions_own_words() -> None:
    renamed = Session(vacancy="X", group_labels={"member": "Expert by experience", "volunteer": "Peer", "staff": "Worker"})
    comp = composition(renamed, panel("staff", "staff"))
    assert describe_composition(renamed, comp) == "0 Expert by experience, 0 Peer, 2 Worker"
    assert comp.warnings == ("No expert by experience or peer is on this panel.", "Worker are more than half of this panel.")


# Candidate codes ----------------------------------------------------------------------------------


def cands(*codes: str) -> list[Candidate]:
    return [Candidate(name=f"Candidate {code}", code=code) for code in codes]


@pytest.mark.parametrize(
    ("codes", "expected"),
    [((), "C01"), (("C01",), "C02"), (("C01", "C02"), "C03"), (("C01", "C03"), "C02"), (("c01",), "C02"),
     (("A7", "Z"), "C01"), (tuple(f"C{n:02d}" for n in range(1, 100)), "C100")],
)
def test_next_code_is_the_first_free_one(codes: tuple[str, ...], expected: str) -> None:
    assert next_code(cands(*codes)) == expected


@pytest.mark.parametrize("typed", ["C01", "c01", " C01 ", "c01\t"])
def test_a_code_already_used_is_refused_whatever_the_case(typed: str) -> None:
    existing = cands("C01", "C02")
    with pytest.raises(DuplicateCode) as caught:
        check_code_free(typed, existing)
    assert str(caught.value) == f"The code {typed.strip()} is already used by another candidate."


def test_a_free_code_and_a_candidates_own_code_are_accepted() -> None:
    existing = cands("C01", "C02")
    check_code_free("C03", existing)
    check_code_free("c01", existing, except_id=existing[0].id)
    with pytest.raises(DuplicateCode):
        check_code_free("c02", existing, except_id=existing[0].id)
