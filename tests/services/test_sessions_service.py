"""Making, listing and checking session files, and signing in with a PIN."""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed, WrongPin
from panel_tui.domain.models import Group, Role
from panel_tui.services import Actor, OpenedSession, check_session, list_sessions, new_session
from panel_tui.store import SessionFile, StoreError

# new_session -----------------------------------------------------------------------------------------


def test_a_new_session_with_a_chair(tmp_path: Path) -> None:
    opened, chair = new_session(tmp_path, "Peer Mentor (part time)", organisation="Recovery Co", chair_name=" Sam Chair ", chair_group="member")
    assert opened.path == tmp_path / "peer-mentor-part-time.json"
    session_file = SessionFile.open(opened.path)
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
    opened, chair = new_session(tmp_path, "Peer mentor", chair_name="   ")
    assert chair is None
    session_file = SessionFile.open(opened.path)
    assert session_file.state().members == ()
    (created,) = session_file.audit_events()
    assert (created.actor_id, created.actor_name) == ("tool", "set-up")
    other, _ = new_session(tmp_path, "Peer mentor", by="panel-tui new")
    assert other.path == tmp_path / "peer-mentor-2.json", "never overwrites a session of the same name"
    assert SessionFile.open(other.path).audit_events()[0].actor_name == "panel-tui new"


def test_an_empty_vacancy_makes_no_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue) as caught:
        new_session(tmp_path, "  ", chair_name="Sam")
    assert str(caught.value) == "The vacancy cannot be empty."
    assert list(tmp_path.iterdir()) == []


# list_sessions and check_session ------------------------------------------------------------------------


def test_the_list_shows_a_damaged_file_with_its_problem(tmp_path: Path) -> None:
    sound, chair = new_session(tmp_path, "Peer mentor", chair_name="Sam")
    assert chair is not None
    sound.sign_in(chair.id).add_candidate("Casey")
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
    assert chair is not None
    svc = session_file.sign_in(chair.id)
    svc.add_member("Ann", "member")
    svc.add_candidate("Casey")
    svc.propose_question("Why this role?")
    assert check_session(session_file.path) == (
        f"{session_file.path} is sound: 'Peer mentor', 2 panel members, 1 candidates, 1 questions, "
        "0 of 2 sheets submitted, 5 audit events.\nNo retention date yet. Personal details will be kept for 6 months "
        "after the round's last final outcome, and no outcome is final yet."
    )


def test_check_on_a_damaged_file_names_the_problem(tmp_path: Path) -> None:
    damaged = tmp_path / "broken.json"
    damaged.write_text("not a session")
    with pytest.raises(StoreError) as caught:
        check_session(damaged)
    assert str(caught.value).startswith(f"The session file {damaged} is damaged: ")
    assert damaged.read_text() == "not a session"


# Signing in: wrong PINs are counted in the session, so every terminal and process continues the count ---------

DEE_PIN = "24681357"
CHAIR_PIN = "55667788"
START = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return START + timedelta(seconds=seconds)


@pytest.fixture
def with_pins(panel):  # type: ignore[no-untyped-def]
    """The panel with PINs in use: the chair's first (required), then Dee's; Ann and Bob have none."""
    chair = panel.svc
    chair.edit_member(panel.chair.id, pin=CHAIR_PIN)
    panel.dee = chair.add_member("Dee Morgan", "member", pin=DEE_PIN)
    return panel


def refused(opened: OpenedSession, member_id: str, pin: str, when: datetime) -> str:
    with pytest.raises(WrongPin) as caught:
        opened.sign_in(member_id, pin, at=when)
    return str(caught.value)


def test_a_member_without_a_pin_signs_in_directly_and_nothing_is_written(panel) -> None:  # type: ignore[no-untyped-def]
    before = panel.on_disk()
    assert panel.opened.sign_in(panel.ann.id).actor == Actor(panel.ann.id, "Ann Member", Role.PANEL)
    assert panel.opened.sign_in(panel.ann.id, "whatever").actor == Actor.of(panel.ann)
    assert not panel.opened.needs_pin(panel.ann.id)
    assert panel.on_disk() == before


def test_wrong_pins_then_a_wait_then_the_right_pin_across_two_terminals(with_pins) -> None:  # type: ignore[no-untyped-def]
    dee = with_pins.dee
    first, second = OpenedSession.open(with_pins.path), OpenedSession.open(with_pins.path)
    assert first.needs_pin(dee.id) and second.needs_pin(dee.id)

    assert refused(first, dee.id, "11111111", at(0)) == "That PIN is not right. Please try again."
    assert refused(second, dee.id, "", at(1)) == "That PIN is not right. Please try again."
    assert refused(first, dee.id, "2468", at(2)) == (
        "That PIN is not right. Please wait 30 seconds before trying again."
    ), "the third wrong try counts the two before it, whichever terminal they were typed on"
    assert refused(second, dee.id, DEE_PIN, at(2.5)) == (
        "Too many wrong tries. Please wait 30 seconds and try again."
    ), "even the right PIN waits, on the other terminal too"
    assert refused(first, dee.id, DEE_PIN, at(22.5)) == "Too many wrong tries. Please wait 10 seconds and try again."
    signed_in = second.sign_in(dee.id, f" {DEE_PIN} ", at=at(32))
    assert signed_in.actor == Actor(dee.id, "Dee Morgan", Role.PANEL)
    assert with_pins.raw().pin_attempts == (), "a right PIN forgets the wrong ones"
    assert refused(first, dee.id, "11111111", at(33)) == "That PIN is not right. Please try again.", (
        "success starts the count again, on every terminal"
    )


def test_each_wait_is_longer_than_the_last_and_the_longest_repeats(with_pins) -> None:  # type: ignore[no-untyped-def]
    dee = with_pins.dee
    terminals = [OpenedSession.open(with_pins.path), OpenedSession.open(with_pins.path)]
    clock, tries = 0.0, 0
    waits = []
    for _ in range(6):
        for _ in range(3):
            message = refused(terminals[tries % 2], dee.id, "11111111", at(clock))
            tries += 1
            clock += 1
        waits.append(int(message.removeprefix("That PIN is not right. Please wait ").split()[0]))
        clock += waits[-1]
    assert waits == [30, 60, 120, 300, 600, 600]
    assert with_pins.raw().pin_attempts_of(dee.id).waits == 6


def test_wrong_pins_typed_in_another_process_are_counted(with_pins) -> None:  # type: ignore[no-untyped-def]
    dee = with_pins.dee
    here = OpenedSession.open(with_pins.path)
    assert refused(here, dee.id, "11111111", at(0)) == "That PIN is not right. Please try again."
    script = (
        "import sys\n"
        "from datetime import datetime\n"
        "from panel_tui.domain.errors import WrongPin\n"
        "from panel_tui.services import OpenedSession\n"
        "try:\n"
        "    OpenedSession.open(sys.argv[1]).sign_in(sys.argv[2], '11111111', at=datetime.fromisoformat(sys.argv[3]))\n"
        "except WrongPin as error:\n"
        "    print(error)\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script, str(with_pins.path), dee.id, at(1).isoformat()],
        capture_output=True, text=True, timeout=60, check=True, cwd=Path(__file__).parents[2],
    )
    assert other.stdout.strip() == "That PIN is not right. Please try again."
    assert refused(here, dee.id, "11111111", at(2)) == (
        "That PIN is not right. Please wait 30 seconds before trying again."
    ), "the other process's wrong try was the second of three"


def test_one_persons_wrong_tries_never_slow_another(with_pins) -> None:  # type: ignore[no-untyped-def]
    dee = with_pins.dee
    ann = with_pins.as_(with_pins.chair, CHAIR_PIN).edit_member(with_pins.ann.id, pin="13572468")
    for second in range(3):
        refused(with_pins.opened, dee.id, "11111111", at(second))
    assert with_pins.opened.sign_in(ann.id, "13572468", at=at(3)).actor.id == ann.id
    assert refused(with_pins.opened, ann.id, "11111111", at(4)) == "That PIN is not right. Please try again."
    assert with_pins.opened.sign_in(with_pins.bob.id, at=at(4)).actor.id == with_pins.bob.id, "no PIN, no wait"
    assert with_pins.opened.sign_in(with_pins.chair.id, CHAIR_PIN, at=at(5)).actor.role is Role.CHAIR


def test_wrong_pins_are_audited_and_never_shown_to_anyone(with_pins) -> None:  # type: ignore[no-untyped-def]
    dee = with_pins.dee
    start = len(with_pins.events())
    refused(with_pins.opened, dee.id, "11111111", at(0))
    (wrong,) = with_pins.events()[start:]
    assert (wrong.action, wrong.actor_name, wrong.target) == ("a wrong PIN was typed", "sign-in", "Dee Morgan")
    assert (wrong.record, wrong.member_id, wrong.after) == (f"pin_attempts:{dee.id}", dee.id, {"failures": 1, "waits": 0})
    assert "11111111" not in wrong.model_dump_json()
    assert with_pins.raw().pin_attempts_of(dee.id).failures == 1
    readers = [with_pins.as_(with_pins.chair, CHAIR_PIN), with_pins.as_(with_pins.hr), with_pins.tool()]
    assert all(r.state.pin_attempts == () for r in readers), "the count stays in the file, out of every read model"
    with_pins.opened.sign_in(dee.id, DEE_PIN, at=at(1))
    forgot = with_pins.events()[-1]
    assert (forgot.action, forgot.actor_id, forgot.record) == ("signed in after wrong PINs", dee.id, f"pin_attempts:{dee.id}")


def test_a_right_pin_first_time_writes_nothing(with_pins) -> None:  # type: ignore[no-untyped-def]
    before = with_pins.on_disk()
    assert with_pins.opened.sign_in(with_pins.dee.id, DEE_PIN, at=at(0)).actor.id == with_pins.dee.id
    assert with_pins.on_disk() == before


# Who are you? and the organiser ----------------------------------------------------------------------------------


def test_who_are_you_lists_people_alphabetically_without_their_pins(with_pins) -> None:  # type: ignore[no-untyped-def]
    who = with_pins.opened.who_are_you()
    assert who.vacancy == "Peer mentor"
    assert [p.name for p in who.people] == ["Ann Member", "Bob Volunteer", "Chair Person", "Dee Morgan", "Hana HR"]
    assert {p.name: p.has_pin for p in who.people} == {
        "Ann Member": False, "Bob Volunteer": False, "Chair Person": True, "Dee Morgan": True, "Hana HR": False,
    }
    assert {p.name: p.role_label for p in who.people}["Hana HR"] == "HR / observer"
    assert "scrypt" not in repr(who)
    assert not who.organiser_allowed


def test_the_organiser_may_set_up_only_while_there_is_no_chair_and_no_pin(tmp_path: Path) -> None:
    opened, _ = new_session(tmp_path, "Peer mentor", by="panel-tui new")
    assert opened.who_are_you().organiser_allowed
    organiser = opened.as_organiser()
    assert organiser.actor == Actor.tool("Organiser")
    chair = organiser.add_member("Sam Chair", "staff", role="chair")
    assert SessionFile.open(opened.path).audit_events()[-1].actor_name == "Organiser"
    assert not opened.who_are_you().organiser_allowed
    with pytest.raises(NotAllowed) as caught:
        opened.as_organiser()
    assert str(caught.value) == "This session has a chair, or uses PINs, so please choose your own name."
    assert opened.sign_in(chair.id).actor.role is Role.CHAIR
