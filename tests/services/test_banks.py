"""Question banks: export then import, the shipped starter banks, damaged banks change nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from panel_tui.domain.errors import NotAllowed, PanelError
from panel_tui.domain.models import AuditEvent, Group, PanelMember, Question, QuestionStatus
from panel_tui.domain.questions import group_balance
from panel_tui.domain.readability import flesch_reading_ease, reading_hint
from panel_tui.domain.state import SessionState
from panel_tui.locations import starter_banks_dir
from panel_tui.services import (
    Bank,
    BankError,
    BankExists,
    OpenedSession,
    PanelService,
    bank_to_toml,
    export_bank,
    load_bank,
    new_session,
)
from panel_tui.services.banks import bank_from_state, copy_questions, import_bank, scale_note
from panel_tui.store import SessionFile
from tests.folders import folder_bytes

QUESTIONS_DIR = starter_banks_dir()
STARTER_BANKS = sorted(QUESTIONS_DIR.glob("*.toml"))


@dataclass
class Panel:
    opened: OpenedSession
    chair: PanelService
    dee: PanelMember
    vic: PanelMember

    @property
    def path(self) -> Path:
        return self.opened.path

    def as_member(self, member: PanelMember) -> PanelService:
        return self.opened.sign_in(member.id)

    def state(self) -> SessionState:
        """The whole session, read by the store."""
        return SessionFile.open(self.path).state()

    def audit_events(self) -> list[AuditEvent]:
        return SessionFile.open(self.path).audit_events()


def make_panel(folder: Path, vacancy: str = "Peer mentor") -> Panel:
    opened, chair = new_session(folder, vacancy, chair_name="Priya Shah", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    return Panel(opened, svc, svc.add_member("Dee Morgan", "member"), svc.add_member("Vic Taylor", "volunteer"))


@pytest.fixture
def panel(tmp_path: Path) -> Panel:
    return make_panel(tmp_path / "a")


@pytest.fixture
def agreed_panel(panel: Panel) -> Panel:
    """Three agreed questions by different groups (one co-written), one proposed, one withdrawn."""
    dee, vic = panel.as_member(panel.dee), panel.as_member(panel.vic)
    q1 = dee.propose_question(
        "How would you use your own story to help someone?",
        plain_text="How would you use your story to help?",
        guidance=["Shares with a purpose", "Knows the limits"],
        criterion="Lived experience, used safely",
        follow_ups=["When would you not share?"],
        anchors={0: "Nothing said.", 2: "Some purpose.", 4: "Clear purpose and limits."},
    )
    q2 = vic.propose_question("Someone asks to be your friend. What do you do?", criterion="Boundaries")
    panel.chair.improve_question(q2.id, text="Someone you support asks to be your friend. What do you do?")
    q3 = panel.chair.propose_question("Tell us about listening.", guidance=["A real example"], anchors={3: "Good."})
    dee.propose_question("Still only an idea?")
    q5 = vic.propose_question("Withdrawn one?")
    for q in (q1, q2, q3):
        panel.chair.set_question_status(q.id, "agreed")
    panel.chair.set_question_status(q5.id, "withdrawn")
    panel.chair.move_question(q3.id, -2)
    return panel




WORDS = ("text", "plain_text", "guidance", "criterion", "follow_ups", "anchors")


def words_of(question: Question) -> tuple[object, ...]:
    return tuple(getattr(question, field) for field in WORDS)


# Export, then import ---------------------------------------------------------


def test_export_then_import_gives_equal_questions(agreed_panel: Panel, tmp_path: Path) -> None:
    source = agreed_panel.state()
    out = tmp_path / "banks" / "ours.toml"
    written = export_bank(source, out)
    assert [q.text for q in written.questions] == [q.text for q in source.agreed_questions]

    target = make_panel(tmp_path / "b", "Peer mentor again")
    imported = target.chair.import_bank(load_bank(out))

    assert [words_of(q) for q in imported] == [words_of(q) for q in source.agreed_questions]
    groups = {q.text: q.imported_groups for q in imported}
    assert groups == {
        "Tell us about listening.": [Group.STAFF],
        "How would you use your own story to help someone?": [Group.MEMBER],
        "Someone you support asks to be your friend. What do you do?": [Group.VOLUNTEER, Group.STAFF],
    }
    saved = target.state().questions
    assert all(q.status is QuestionStatus.PROPOSED and q.authors == [] for q in saved)
    assert [q.position for q in saved] == [1, 2, 3]

    # Agreed again in the new session, the set exports to the same bank: groups travel on.
    for q in imported:
        target.chair.set_question_status(q.id, "agreed")
    assert bank_from_state(target.state()).questions == written.questions


def test_an_import_is_one_audit_event_per_question(agreed_panel: Panel, tmp_path: Path) -> None:
    out = tmp_path / "ours.toml"
    export_bank(agreed_panel.state(), out)
    target = make_panel(tmp_path / "b")
    before = len(target.audit_events())
    imported = target.chair.import_bank(load_bank(out), ["boundaries", "lived-experience-used-safely"])
    events = target.audit_events()[before:]
    assert [e.action for e in events] == ["imported question", "imported question"]
    assert [e.target for e in events] == [q.text for q in imported]
    assert events[0].before == {"bank": load_bank(out).title, "id": "lived-experience-used-safely"}
    assert {e.actor_name for e in events} == {"Priya Shah"}


def test_a_question_already_in_the_session_is_not_added_twice(agreed_panel: Panel, tmp_path: Path) -> None:
    out = tmp_path / "ours.toml"
    bank = export_bank(agreed_panel.state(), out)
    target = make_panel(tmp_path / "b")
    assert len(target.chair.import_bank(bank)) == 3
    assert target.chair.import_bank(bank) == []
    assert len(target.state().questions) == 3


def test_copy_the_agreed_set_of_an_earlier_session(agreed_panel: Panel, tmp_path: Path) -> None:
    earlier = agreed_panel.state()
    target = make_panel(tmp_path / "b", "Peer mentor 2027")
    before = folder_bytes(target.path.parent)
    for member in (target.dee, target.vic):
        with pytest.raises(NotAllowed, match=r"^Only the chair can do this\.$"):
            target.as_member(member).copy_questions_from(earlier)
    assert folder_bytes(target.path.parent) == before, "only the chair (or a tool) decides what the panel considers"
    copied = target.chair.copy_questions_from(earlier)
    assert [words_of(q) for q in copied] == [words_of(q) for q in earlier.agreed_questions]
    assert all(q.status is QuestionStatus.PROPOSED and q.authors == [] for q in copied)
    assert copied[2].imported_groups == [Group.VOLUNTEER, Group.STAFF]
    assert target.audit_events()[-1].action == "copied question from an earlier session"


def test_copying_an_empty_set_is_refused_plainly(panel: Panel, tmp_path: Path) -> None:
    target = make_panel(tmp_path / "b")
    with pytest.raises(BankError, match="no agreed questions yet"):
        target.chair.copy_questions_from(panel.state())


# Names and overwriting ------------------------------------------------------


def test_names_are_written_only_when_asked_for(agreed_panel: Panel, tmp_path: Path) -> None:
    state = agreed_panel.state()
    names = ["Priya Shah", "Dee Morgan", "Vic Taylor"]
    plain = tmp_path / "groups-only.toml"
    export_bank(state, plain)
    text = plain.read_text(encoding="utf-8")
    assert not [n for n in names if n in text]
    assert "authors =" not in text
    assert '"member"' in text and '"volunteer"' in text and '"staff"' in text

    named = tmp_path / "with-names.toml"
    export_bank(state, named, include_names=True)
    text = named.read_text(encoding="utf-8")
    assert all(n in text for n in names)
    # Names in a bank are never imported as authors.
    target = make_panel(tmp_path / "b")
    assert all(q.authors == [] for q in target.chair.import_bank(load_bank(named)))


def test_only_the_chair_or_hr_exports_names(agreed_panel: Panel, tmp_path: Path) -> None:
    dee = agreed_panel.as_member(agreed_panel.dee)
    with pytest.raises(NotAllowed, match="names"):
        dee.export_questions(tmp_path / "x.toml", include_names=True)
    assert not (tmp_path / "x.toml").exists()
    bank = dee.export_questions(tmp_path / "x.toml")
    event = agreed_panel.audit_events()[-1]
    assert event.action == "exported the agreed questions as a bank"
    assert event.after == {"file": str(tmp_path / "x.toml"), "questions": len(bank.questions), "names": False}


def test_an_existing_file_is_replaced_only_with_force(agreed_panel: Panel, tmp_path: Path) -> None:
    state = agreed_panel.state()
    out = tmp_path / "ours.toml"
    out.write_text("# keep me\n", encoding="utf-8")
    with pytest.raises(BankExists, match="already a file") as refused:
        export_bank(state, out)
    assert str(out) in str(refused.value)
    assert out.read_text(encoding="utf-8") == "# keep me\n"
    export_bank(state, out, force=True)
    assert len(load_bank(out).questions) == 3


def test_nothing_agreed_means_nothing_to_export(panel: Panel, tmp_path: Path) -> None:
    with pytest.raises(BankError, match="no agreed questions"):
        export_bank(panel.state(), tmp_path / "empty.toml")
    assert not (tmp_path / "empty.toml").exists()


# The starter banks ----------------------------------------------------------


def test_the_three_starter_banks_are_shipped() -> None:
    assert {p.name for p in STARTER_BANKS} >= {
        "peer-mentor-recovery.toml",
        "support-worker-learning-disability.toml",
        "volunteer-coordinator.toml",
    }


@pytest.mark.parametrize("path", STARTER_BANKS, ids=lambda p: p.stem)
def test_every_starter_bank_loads_validates_and_imports(path: Path, tmp_path: Path) -> None:
    bank = load_bank(path)
    assert 8 <= len(bank.questions) <= 12
    assert bank.scale is not None and list(bank.scale.points) == [0, 1, 2, 3, 4]
    for q in bank.questions:
        assert q.plain_text and q.criterion and q.follow_ups, q.id
        assert 2 <= len(q.guidance) <= 4, q.id
        assert sorted(q.anchors) == [0, 1, 2, 3, 4], q.id
        assert q.author_groups and not q.authors, q.id
    assert len({g for q in bank.questions for g in q.author_groups}) == 3
    assert " ".join(["service", "user"]) not in path.read_text(encoding="utf-8").lower()

    opened, _ = new_session(tmp_path, "Fresh", by="test")
    imported = opened.as_tool("test").import_bank(bank)
    assert len(imported) == len(bank.questions)
    assert [q.anchors for q in imported] == [q.anchors for q in bank.questions]

    # What panel-tui writes reads back the same.
    again = tmp_path / "again.toml"
    again.write_text(bank_to_toml(bank), encoding="utf-8")
    assert load_bank(again).questions == bank.questions


@pytest.mark.parametrize("path", STARTER_BANKS, ids=lambda p: p.stem)
def test_the_plain_words_of_every_starter_question_read_easily(path: Path) -> None:
    bank = load_bank(path)
    hard = [q.id for q in bank.questions if reading_hint(flesch_reading_ease(q.plain_text))]
    assert hard == []
    plain = sum(flesch_reading_ease(q.plain_text) for q in bank.questions)
    assert plain >= sum(flesch_reading_ease(q.text) for q in bank.questions), "plain words read more easily on the whole"


def test_the_example_in_the_readme_is_a_valid_bank(tmp_path: Path) -> None:
    readme = (QUESTIONS_DIR / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```toml\n(.*?)```", readme, re.S)
    assert example
    path = tmp_path / "example.toml"
    path.write_text(example.group(1), encoding="utf-8")
    bank = load_bank(path)
    assert bank.questions[0].id == "boundaries" and bank.questions[0].authors == ["Dee Morgan"]


# Damaged banks and refused imports change nothing ---------------------------

GOOD = '''title = "Test bank"

[[question]]
id = "one"
text = "First question?"

[[question]]
id = "two"
text = "Second question?"
'''


@dataclass(frozen=True)
class Damage:
    name: str
    toml: str
    ids: list[str] | None
    expect: list[str]


DAMAGES = [
    Damage(
        "bad-syntax",
        GOOD + '\n[[question]]\nid = "three"\ntext = "Not closed\n',
        None,
        ["bad-syntax.toml, line 13:", "quotes is not closed"],
    ),
    Damage(
        "no-text",
        GOOD + '\n[[question]]\nid = "listening"\nplain_text = "Words"\n',
        None,
        ["no-text.toml, line 11: question 3 ('listening') has no 'text'."],
    ),
    Damage(
        "empty-text",
        GOOD.replace('"Second question?"', '"   "'),
        None,
        ["empty-text.toml, line 9: question 2 ('two'): 'text' cannot be empty."],
    ),
    Damage(
        "anchor-seven-on-bank-scale",
        'title = "T"\n[scale]\nlow = 0\nhigh = 4\nlabels = ["a", "b", "c", "d", "e"]\n'
        '[[question]]\nid = "one"\ntext = "Q?"\n[question.anchors]\n4 = "Strong"\n7 = "Too high"\n',
        None,
        ["anchor-seven-on-bank-scale.toml, line 11:", "'anchors' has the point 7", "(0 to 4)"],
    ),
    Damage(
        "anchor-seven-on-session-scale",
        GOOD + '\n[question.anchors]\n0 = "None"\n7 = "Too high"\n',
        None,
        ["anchor-seven-on-session-scale.toml, line 7: question 'two': in 'anchors', 7 is not on the scale.", "0 to 4", "Nothing was imported."],
    ),
    Damage(
        "anchor-not-a-number",
        GOOD + '\n[question.anchors]\nfour = "Strong"\n',
        None,
        ["anchor-not-a-number.toml, line 12: question 2 ('two'):", "'four'", "not a whole number"],
    ),
    Damage(
        "duplicate-id",
        GOOD + '\n[[question]]\nid = "one"\ntext = "Third?"\n',
        None,
        ["duplicate-id.toml, line 12: question 3 has the id 'one', which question 1 already uses."],
    ),
    Damage("unknown-id", GOOD, ["two", "nope"], ["unknown-id.toml has no question with the id 'nope'", "one, two"]),
    Damage(
        "bad-group",
        GOOD + 'author_groups = ["member", "admin"]\n',
        None,
        ["bad-group.toml, line 10: question 2 ('two'): item 2 of 'author_groups' is 'admin'", "member, volunteer and staff"],
    ),
    Damage(
        "misspelt-table",
        GOOD.replace("[[question]]", "[[questions]]"),
        None,
        ["misspelt-table.toml, line 3: 'questions' is not part of a question bank."],
    ),
    Damage(
        "misspelt-field",
        GOOD.replace("text = \"Second", "plain-text = \"Second"),
        None,
        ["misspelt-field.toml, line 9: question 2 ('two'): 'plain-text' is not part of a question."],
    ),
    Damage("no-title", GOOD.replace('title = "Test bank"', ""), None, ["no-title.toml: the bank has no 'title'."]),
    Damage("bad-id", GOOD.replace('id = "one"', 'id = "Question One"'), None, ["line 4", "'id' must be a short name"]),
    Damage("not-a-list", GOOD + 'guidance = "One point"\n', None, ["line 10", "'guidance' must be a list"]),
]


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda d: d.name)
def test_a_damaged_bank_changes_nothing_and_says_where(damage: Damage, panel: Panel, tmp_path: Path) -> None:
    panel.chair.propose_question("Already here?")
    path = tmp_path / f"{damage.name}.toml"
    path.write_text(damage.toml, encoding="utf-8")
    folder = panel.path.parent
    before, events = folder_bytes(folder), panel.audit_events()

    with pytest.raises(BankError) as refused:
        panel.chair.import_bank(load_bank(path), damage.ids)

    message = str(refused.value)
    for part in damage.expect:
        assert part in message, message
    assert "Traceback" not in message and "pydantic" not in message
    assert folder_bytes(folder) == before
    assert panel.audit_events() == events


def test_a_locked_set_refuses_an_import_and_changes_nothing(agreed_panel: Panel) -> None:
    agreed_panel.chair.lock_questions()
    bank = load_bank(STARTER_BANKS[0])
    folder = agreed_panel.path.parent
    before = folder_bytes(folder)
    with pytest.raises(NotAllowed, match="locked"):
        agreed_panel.chair.import_bank(bank)
    assert folder_bytes(folder) == before


def test_no_bank_file_is_a_plain_message(tmp_path: Path) -> None:
    with pytest.raises(PanelError, match=r"There is no question bank at .*missing\.toml"):
        load_bank(tmp_path / "missing.toml")
    with pytest.raises(PanelError, match="is a folder"):
        load_bank(tmp_path)
    (tmp_path / "latin1.toml").write_bytes('title = "Caf\xe9"'.encode("latin-1"))
    with pytest.raises(PanelError, match="UTF-8"):
        load_bank(tmp_path / "latin1.toml")


def test_choosing_keeps_the_banks_order_and_refuses_an_empty_choice() -> None:
    bank = load_bank(STARTER_BANKS[0])
    last, first = bank.questions[-1].id, bank.questions[0].id
    assert [q.id for q in bank.choose([last, first, last])] == [first, last]
    with pytest.raises(BankError, match="No questions were chosen"):
        bank.choose([])
    assert isinstance(bank, Bank)


# The module functions, and the session's scale ------------------------------


def test_import_and_copy_as_functions_take_the_service(agreed_panel: Panel, tmp_path: Path) -> None:
    earlier = agreed_panel.state()
    target = make_panel(tmp_path / "b", "Peer mentor 2027")
    bank = load_bank(STARTER_BANKS[0])
    chosen = [bank.questions[1].id, bank.questions[0].id]
    imported = import_bank(target.chair, bank, chosen)
    assert [q.text for q in imported] == [bank.questions[0].text, bank.questions[1].text]
    copied = copy_questions(target.chair, earlier)
    assert [q.text for q in copied] == [q.text for q in earlier.agreed_questions]
    assert [q.position for q in target.state().questions] == [1, 2, 3, 4, 5]


def test_a_starter_bank_does_not_fit_a_one_to_five_scale_and_nothing_is_imported(tmp_path: Path) -> None:
    panel = make_panel(tmp_path / "a")
    panel.chair.set_scale(1, 5, ["No evidence", "Limited", "Some", "Good", "Strong"])
    bank = load_bank(QUESTIONS_DIR / "volunteer-coordinator.toml")
    folder = panel.path.parent
    before, events = folder_bytes(folder), panel.audit_events()
    with pytest.raises(BankError) as refused:
        import_bank(panel.chair, bank)
    message = str(refused.value)
    assert re.search(r"volunteer-coordinator\.toml, line \d+: question '[a-z-]+': in 'anchors', 0 is not on the scale\.", message)
    assert "Scores on this panel go from 1 to 5." in message and message.endswith("Nothing was imported.")
    assert folder_bytes(folder) == before and panel.audit_events() == events
    assert "0 to 4" in scale_note(bank, panel.state().session.scale)


def test_balance_counts_imported_groups_once_agreed(tmp_path: Path) -> None:
    panel = make_panel(tmp_path / "a")
    bank = load_bank(QUESTIONS_DIR / "peer-mentor-recovery.toml")
    imported = import_bank(panel.chair, bank)
    state = panel.state()
    assert group_balance(state) == dict.fromkeys(Group, 0), "proposed questions do not count"
    for q in imported:
        panel.chair.set_question_status(q.id, "agreed")
    expected = {g: sum(1 for q in bank.questions if g in q.author_groups) for g in Group}
    assert group_balance(panel.state()) == expected


def test_copy_the_agreed_set_of_another_session_file_without_changing_it(agreed_panel: Panel, tmp_path: Path) -> None:
    source = agreed_panel.path.parent
    untouched = folder_bytes(source)
    target = make_panel(tmp_path / "b", "Peer mentor 2027")
    copied = target.chair.copy_questions_from_file(agreed_panel.path)
    assert [words_of(q) for q in copied] == [words_of(q) for q in agreed_panel.state().agreed_questions]
    assert folder_bytes(source) == untouched, "the earlier session is only read"
    with pytest.raises(NotAllowed):
        target.as_member(target.vic).copy_questions_from_file(agreed_panel.path)
