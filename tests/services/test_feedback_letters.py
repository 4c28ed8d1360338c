"""Feedback letters through the services: the chair drafts, edits and marks sent; the text is kept everywhere it must be.

Kept in the session, in the audit trail (each event carries the letter's
text and names the candidate) and in that candidate's subject access export.
Only the chair may write letters; a letter needs the candidate's outcome;
once marked sent it no longer changes.
"""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from panel_tui.domain.errors import InvalidValue, NotAllowed
from panel_tui.services import ChangedElsewhere, version_of
from panel_tui.store import SessionFile
from tests.closing_round import MEMBER_NAMES, Finished, build_finished


@pytest.fixture
def done(tmp_path: Path) -> Finished:
    return build_finished(tmp_path / "sessions")


def _events(done: Finished, action: str) -> list:  # type: ignore[type-arg]
    return [e for e in SessionFile.open(done.path).audit_events() if e.action == action]


def test_the_chair_drafts_edits_and_marks_sent_and_every_step_is_kept(done: Finished) -> None:
    chair = done.chair
    c02 = done.candidates["C02"]
    assert chair.feedback_letter(c02).status == "No letter yet"
    drafted = chair.draft_feedback_letter(c02)
    assert chair.feedback_letter(c02).status == "Draft"
    edited_text = drafted.text.replace("Dear Sam Okafor,", "Dear Sam,") + "\nP.S. Good luck.\n"
    edited = chair.edit_feedback_letter(c02, edited_text, version=version_of(drafted))
    assert edited.edited_by == done.people["chair"].id and edited.text == edited_text.strip()
    sent = chair.mark_letter_sent(c02, date(2025, 3, 3), version=version_of(edited))
    assert sent.sent_on == date(2025, 3, 3) and sent.sent_by == done.people["chair"].id
    assert chair.feedback_letter(c02).status == "Sent on 3 March 2025"

    kept = SessionFile.open(done.path).state().letters
    assert [(f.candidate_id, f.text, f.sent_on) for f in kept] == [(c02, edited_text.strip(), date(2025, 3, 3))]
    [draft_event] = _events(done, "drafted a feedback letter")
    [edit_event] = _events(done, "edited a feedback letter")
    [sent_event] = _events(done, "marked a feedback letter sent")
    assert draft_event.after["text"] == drafted.text
    assert edit_event.before["text"] == drafted.text and edit_event.after["text"] == edited_text.strip()
    assert sent_event.after["sent_on"] == "2025-03-03"
    assert {e.candidate_id for e in (draft_event, edit_event, sent_event)} == {c02}
    assert draft_event.target == "C02"


def test_a_sent_letter_no_longer_changes(done: Finished) -> None:
    chair = done.chair
    c01 = done.candidates["C01"]
    chair.draft_feedback_letter(c01)
    chair.mark_letter_sent(c01)
    before = done.path.read_bytes()
    with pytest.raises(NotAllowed, match="marked sent on"):
        chair.edit_feedback_letter(c01, "Something else")
    with pytest.raises(NotAllowed, match="marked sent on"):
        chair.draft_feedback_letter(c01, replace=True)
    with pytest.raises(NotAllowed, match="marked sent on"):
        chair.mark_letter_sent(c01)
    assert done.path.read_bytes() == before


def test_drafting_again_needs_replace_and_keeps_the_old_text_in_the_audit(done: Finished) -> None:
    chair = done.chair
    c01 = done.candidates["C01"]
    first = chair.draft_feedback_letter(c01)
    chair.edit_feedback_letter(c01, "My own words.")
    with pytest.raises(NotAllowed, match="already has a letter"):
        chair.draft_feedback_letter(c01)
    again = chair.draft_feedback_letter(c01, replace=True)
    assert again.text == first.text
    assert _events(done, "drafted a feedback letter")[-1].before["text"] == "My own words."


def test_no_letter_without_an_outcome(tmp_path: Path) -> None:
    done = build_finished(tmp_path / "s")
    c03 = done.chair.add_candidate("Riley Chen").id
    with pytest.raises(NotAllowed, match="C03 has no outcome yet"):
        done.chair.draft_feedback_letter(c03)
    assert done.chair.feedback_letter(c03).status == "No outcome yet"


@pytest.mark.parametrize("who", ["dee", "vic", "hr"])
def test_only_the_chair_writes_letters(done: Finished, who: str) -> None:
    chair = done.chair
    c02 = done.candidates["C02"]
    chair.draft_feedback_letter(c02)
    before = done.path.read_bytes()
    other = done.as_(who)
    for attempt in (
        lambda: other.draft_feedback_letter(c02, replace=True),
        lambda: other.edit_feedback_letter(c02, "Hello"),
        lambda: other.mark_letter_sent(c02),
        lambda: other.feedback_letters(),
        lambda: other.print_feedback_letter(c02),
    ):
        with pytest.raises(NotAllowed, match="Only the chair can write candidates' feedback letters"):
            attempt()
    assert done.path.read_bytes() == before


def test_an_edit_over_someone_else_s_newer_edit_is_refused(done: Finished) -> None:
    chair = done.chair
    c02 = done.candidates["C02"]
    drafted = chair.draft_feedback_letter(c02)
    opened_version = version_of(drafted)
    done.as_("chair").edit_feedback_letter(c02, "Another terminal's words.", version=opened_version)
    with pytest.raises(ChangedElsewhere):
        chair.edit_feedback_letter(c02, "My words.", version=opened_version)
    assert SessionFile.open(done.path).state().letters[0].text == "Another terminal's words."


def test_an_empty_letter_or_a_date_to_come_is_refused(done: Finished) -> None:
    chair = done.chair
    c02 = done.candidates["C02"]
    chair.draft_feedback_letter(c02)
    with pytest.raises(InvalidValue, match="empty"):
        chair.edit_feedback_letter(c02, "  \n ")
    with pytest.raises(InvalidValue, match="future"):
        chair.mark_letter_sent(c02, date.today() + timedelta(days=1))


def test_a_letter_that_names_a_panel_member_is_flagged(done: Finished) -> None:
    chair = done.chair
    c02 = done.candidates["C02"]
    chair.draft_feedback_letter(c02)
    assert chair.feedback_letter(c02).names_panel_members == ()
    chair.edit_feedback_letter(c02, "Dear Sam, Dee Morgan enjoyed meeting you.")
    assert chair.feedback_letter(c02).names_panel_members == ("Dee Morgan",)


def test_the_candidate_s_subject_access_export_carries_their_letter_and_no_one_else_s(done: Finished, tmp_path: Path) -> None:
    chair = done.chair
    c01, c02 = done.candidates["C01"], done.candidates["C02"]
    chair.draft_feedback_letter(c01)
    chair.draft_feedback_letter(c02)
    chair.edit_feedback_letter(c02, "Dear Sam, thank you. Letterword-for-C02.")
    chair.mark_letter_sent(c02, date(2025, 3, 4))
    out = tmp_path / "sar"
    done.opened.as_tool("HR").export_subject_access("C02", out, formats=["json"])
    [json_file] = out.glob("*.json")
    data = json.loads(json_file.read_text())
    assert [(f["candidate_id"], f["text"], f["sent_on"]) for f in data["letters"]] == [
        (c02, "Dear Sam, thank you. Letterword-for-C02.", "2025-03-04")
    ]
    trail = json.dumps(data["audit"]) if "audit" in data else json_file.read_text()
    assert "Letterword-for-C02" in trail
    assert "Dear Jordan Ellis" not in json_file.read_text()
    assert stat.S_IMODE(json_file.stat().st_mode) == 0o600


def test_a_printed_letter_is_a_page_and_plain_text_in_the_exports_folder_for_the_owner_only(done: Finished) -> None:
    chair = done.chair
    c02 = done.candidates["C02"]
    chair.draft_feedback_letter(c02)
    chair.edit_feedback_letter(c02, "Dear Sam,\n\n<b>Thank</b> you.\n- one\n- two\n\nWith best wishes")
    printed = chair.print_feedback_letter(c02)
    exports = done.path.parent / "exports"
    assert printed.html.parent == exports / done.path.stem
    assert printed.html.name == "feedback-letter-C02.html" and printed.text.name == "feedback-letter-C02.txt"
    assert (exports / ".gitignore").exists()
    for path in (printed.html, printed.text):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert printed.text.read_text() == "Dear Sam,\n\n<b>Thank</b> you.\n- one\n- two\n\nWith best wishes\n"
    page = printed.html.read_text()
    assert "&lt;b&gt;Thank&lt;/b&gt; you." in page and "<b>" not in page
    assert "<ul><li>one</li><li>two</li></ul>" in page
    assert '<html lang="en-GB">' in page and "<script" not in page
    for name in MEMBER_NAMES:
        assert name not in page


def test_no_letter_to_print_says_so(done: Finished) -> None:
    with pytest.raises(NotAllowed, match="C01 has no letter yet"):
        done.chair.print_feedback_letter(done.candidates["C01"])
