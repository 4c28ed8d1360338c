"""Easy Read versions of questions through the application layer: proposed, improved, audited, in banks.

The starter banks' Easy Read versions are checked by the Easy Read checker
itself: every starter question has one, and it has no findings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.domain.easy_read import check_easy_read
from panel_tui.locations import starter_banks_dir
from panel_tui.services import bank_to_toml, load_bank, new_session
from panel_tui.services.banks import bank_from_state, import_bank

STARTER_BANKS = sorted(starter_banks_dir().glob("*.toml"))


@pytest.fixture
def panel(tmp_path: Path, store_of):  # type: ignore[no-untyped-def]
    opened, chair = new_session(tmp_path, "Support worker", chair_name="Chair", chair_group="staff")
    assert chair is not None
    svc = opened.sign_in(chair.id)
    ann = svc.add_member("Ann Member", "member")
    vic = svc.add_member("Vic Volunteer", "volunteer")
    return store_of(opened), svc, opened.sign_in(ann.id), opened.sign_in(vic.id)


def test_a_question_is_proposed_with_its_easy_read_version(panel) -> None:  # type: ignore[no-untyped-def]
    f, _, ann, _ = panel
    q = ann.propose_question("Describe your approach to planning?", plain_text="How do you plan?", easy_read=" What do you do first? ")
    saved = f.state().question(q.id)
    assert (saved.text, saved.plain_text, saved.easy_read) == (
        "Describe your approach to planning?", "How do you plan?", "What do you do first?",
    )
    assert f.audit_events()[-1].after["easy_read"] == "What do you do first?"


def test_improving_the_easy_read_version_makes_a_co_author_and_audits_only_that(panel) -> None:  # type: ignore[no-untyped-def]
    f, _, ann, vic = panel
    q = ann.propose_question("How do you listen?", plain_text="How do you listen well?")
    events = len(f.audit_events())
    improved = vic.improve_question(q.id, text="How do you listen?", plain_text="How do you listen well?", easy_read="Tell us how you listen.")
    assert improved.easy_read == "Tell us how you listen."
    assert improved.authors == [ann.actor.id, vic.actor.id]
    assert improved.revisions == [], "a revision holds the question's text or plain words only"
    last = f.audit_events()[-1]
    assert len(f.audit_events()) == events + 1
    assert (last.action, last.before, last.after) == ("improved question", {"easy_read": ""}, {"easy_read": "Tell us how you listen."})
    assert f.state().question(q.id).easy_read == "Tell us how you listen."

    assert ann.improve_question(q.id, easy_read="  Tell us how you listen.  ") == improved, "the same words change nothing"
    assert len(f.audit_events()) == events + 1
    both = ann.improve_question(q.id, text="How do you really listen?", easy_read="How do you listen?")
    last = f.audit_events()[-1]
    assert last.before == {"text": "How do you listen?", "easy_read": "Tell us how you listen."}
    assert last.after == {"text": "How do you really listen?", "easy_read": "How do you listen?"}
    assert [r.before for r in both.revisions] == ["How do you listen?"]


def test_an_easy_read_version_can_be_taken_away(panel) -> None:  # type: ignore[no-untyped-def]
    f, _, ann, _ = panel
    q = ann.propose_question("Q?", easy_read="What would you do?")
    assert ann.improve_question(q.id, easy_read="").easy_read == ""
    assert f.state().question(q.id).wordings == (q.wordings[0],)


# Banks ------------------------------------------------------------------------


def test_a_bank_file_keeps_the_easy_read_version_and_an_older_bank_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(
        'title = "Ours"\n\n[[question]]\nid = "one"\ntext = "First question?"\neasy_read = "What would you do?"\n\n'
        '[[question]]\nid = "two"\ntext = "Second question?"\n',
        encoding="utf-8",
    )
    bank = load_bank(path)
    assert [q.easy_read for q in bank.questions] == ["What would you do?", ""]
    written = bank_to_toml(bank)
    assert 'easy_read = "What would you do?"' in written and written.count("easy_read") == 1, "empty fields are left out"
    again = tmp_path / "again.toml"
    again.write_text(written, encoding="utf-8")
    assert load_bank(again).questions == bank.questions


def test_a_misspelt_easy_read_field_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('title = "Ours"\n\n[[question]]\nid = "one"\ntext = "Q?"\neasy-read = "Hi."\n', encoding="utf-8")
    with pytest.raises(Exception, match="'easy-read' is not part of a question. A question can have: .*easy_read"):
        load_bank(path)


def test_importing_a_bank_keeps_the_easy_read_version(panel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f, chair, _, _ = panel
    bank = load_bank(STARTER_BANKS[0])
    imported = import_bank(chair, bank, [bank.questions[0].id])
    assert imported[0].easy_read == bank.questions[0].easy_read != ""


def test_the_agreed_set_written_as_a_bank_keeps_the_easy_read_version(panel) -> None:  # type: ignore[no-untyped-def]
    f, chair, ann, _ = panel
    q = ann.propose_question("Q?", easy_read="What would you do?")
    chair.set_question_status(q.id, "agreed")
    assert [b.easy_read for b in bank_from_state(f.state()).questions] == ["What would you do?"]


@pytest.mark.parametrize("path", STARTER_BANKS, ids=lambda p: p.stem)
def test_every_starter_question_has_an_easy_read_version_that_passes_the_checker(path: Path) -> None:
    bank = load_bank(path)
    for q in bank.questions:
        assert q.easy_read, f"{path.name}: '{q.id}' has no Easy Read version"
        check = check_easy_read(q.easy_read)
        assert check.passes, f"{path.name}: '{q.id}': {check.summary}"
        assert q.easy_read not in (q.text, q.plain_text), f"{path.name}: '{q.id}' Easy Read is a copy"


def test_every_demo_question_has_an_easy_read_version_that_passes_the_checker() -> None:
    from panel_tui.domain.easy_read import check_easy_read
    from panel_tui.services.demo import EASY_READ, QUESTIONS

    assert len(EASY_READ) == len(QUESTIONS)
    for words in EASY_READ:
        assert not check_easy_read(words).findings, (words, check_easy_read(words).summary)
