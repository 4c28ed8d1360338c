"""Making, listing and checking session files, and signing in with a PIN."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from panel_tui.domain.errors import InvalidValue, WrongPin
from panel_tui.domain.models import Group, Role
from panel_tui.services import Actor, PanelService, SignIn, check_session, list_sessions, new_session
from panel_tui.store import StoreError

# new_session -----------------------------------------------------------------------------------------


def test_a_new_session_with_a_chair(tmp_path: Path) -> None:
    session_file, chair = new_session(tmp_path, "Peer Mentor (part time)", organisation="Recovery Co", chair_name=" Sam Chair ", chair_group="member")
    assert session_file.path == tmp_path / "peer-mentor-part-time.json"
    assert chair is not None
    assert (chair.name, chair.group, chair.role) == ("Sam Chair", Group.MEMBER, Role.CHAIR)
    state = session_file.state()
    assert state.session.vacancy == "Peer Mentor (part time)" and state.session.organisation == "Recovery Co"
    assert state.members == (chair,)
    created, joined = session_file.audit_events()
    assert (created.action, created.actor_name, created.actor_id, created.target) == (
        "created the session", "Sam Chair", chair.id, "Peer Mentor (part time)",
    )
    assert created.after["vacancy"] == "Peer Mentor (part time)"
    assert (joined.action, joined.target, joined.after["role"]) == ("added panel member", "Sam Chair", "chair")
    assert stat.S_IMODE(session_file.path.stat().st_mode) & 0o077 == 0, "readable by its owner only"


def test_a_new_session_without_a_chair(tmp_path: Path) -> None:
    session_file, chair = new_session(tmp_path, "Peer mentor", chair_name="   ")
    assert chair is None
    assert session_file.state().members == ()
    (created,) = session_file.audit_events()
    assert (created.actor_id, created.actor_name) == ("tool", "set-up")
    other, _ = new_session(tmp_path, "Peer mentor", by="panel-tui new")
    assert other.path == tmp_path / "peer-mentor-2.json", "never overwrites a session of the same name"
    assert other.audit_events()[0].actor_name == "panel-tui new"


def test_an_empty_vacancy_makes_no_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue) as caught:
        new_session(tmp_path, "  ", chair_name="Sam")
    assert str(caught.value) == "The vacancy cannot be empty."
    assert list(tmp_path.iterdir()) == []


# list_sessions and check_session ------------------------------------------------------------------------


def test_the_list_shows_a_damaged_file_with_its_problem(tmp_path: Path) -> None:
    sound, chair = new_session(tmp_path, "Peer mentor", chair_name="Sam")
    PanelService(sound, Actor.of(chair)).add_candidate("Casey")
    damaged = tmp_path / "broken.json"
    damaged.write_bytes(b'{"session": {"session": {"vacancy": "Half writ')
    summaries = {s.path.name: s for s in list_sessions(tmp_path)}
    assert sorted(summaries) == ["broken.json", "peer-mentor.json"]
    good, bad = summaries["peer-mentor.json"], summaries["broken.json"]
    assert (good.vacancy, good.stage, good.problem, good.progress) == ("Peer mentor", "Setting up", "", "0 of 1 sheets submitted")
    assert bad.vacancy == "" and bad.progress == ""
    assert bad.problem.startswith(f"The session file {damaged} is damaged: ")
    assert "It has not been changed." in bad.problem
    assert damaged.read_bytes() == b'{"session": {"session": {"vacancy": "Half writ', "never overwritten"


def test_an_empty_or_missing_folder_lists_nothing(tmp_path: Path) -> None:
    assert list_sessions(tmp_path) == []
    assert list_sessions(tmp_path / "not-there") == []


def test_check_on_a_sound_file(tmp_path: Path) -> None:
    session_file, chair = new_session(tmp_path, "Peer mentor", chair_name="Sam")
    svc = PanelService(session_file, Actor.of(chair))
    svc.add_member("Ann", "member")
    svc.add_candidate("Casey")
    svc.propose_question("Why this role?")
    assert check_session(session_file.path) == (
        f"{session_file.path} is sound: 'Peer mentor', 2 panel members, 1 candidates, 1 questions, "
        "0 of 2 sheets submitted, 5 audit events."
    )


def test_check_on_a_damaged_file_names_the_problem(tmp_path: Path) -> None:
    damaged = tmp_path / "broken.json"
    damaged.write_text("not a session")
    with pytest.raises(StoreError) as caught:
        check_session(damaged)
    assert str(caught.value).startswith(f"The session file {damaged} is damaged: ")
    assert damaged.read_text() == "not a session"


# Signing in ------------------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_member_without_a_pin_signs_in_directly(panel) -> None:  # type: ignore[no-untyped-def]
    def no_clock() -> float:
        raise AssertionError("no PIN, so no clock and no wait")

    sign_in = SignIn(clock=no_clock)
    assert not sign_in.needs_pin(panel.ann)
    assert sign_in.sign_in(panel.ann) == Actor(panel.ann.id, "Ann Member", Role.PANEL)
    assert sign_in.sign_in(panel.ann, "whatever") == Actor.of(panel.ann)


def test_wrong_pins_then_a_wait_then_the_right_pin(panel) -> None:  # type: ignore[no-untyped-def]
    dee = panel.svc.add_member("Dee Morgan", "member", pin="24681357")
    clock = FakeClock()
    sign_in = SignIn(clock=clock)
    assert sign_in.needs_pin(dee)

    def refused(pin: str) -> str:
        with pytest.raises(WrongPin) as caught:
            sign_in.sign_in(dee, pin)
        return str(caught.value)

    assert refused("11111111") == "That PIN is not right. Please try again."
    clock.now += 1
    assert refused("") == "That PIN is not right. Please try again."
    clock.now += 1
    assert refused("2468") == "That PIN is not right. Please wait 30 seconds before trying again."
    clock.now += 0.5
    assert refused("24681357") == "Too many wrong tries. Please wait 30 seconds and try again.", "even the right PIN waits"
    clock.now += 20
    assert refused("24681357") == "Too many wrong tries. Please wait 10 seconds and try again."
    clock.now += 9.5
    assert sign_in.sign_in(dee, " 24681357 ") == Actor(dee.id, "Dee Morgan", Role.PANEL)
    assert refused("11111111") == "That PIN is not right. Please try again.", "success starts the count again"
