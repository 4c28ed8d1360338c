"""Audit events say by id what they are about (issue 9): rules match ids, never the text shown to people.

Every event written by every service action carries `record` and the ids of
the member, candidate and question it concerns. Events from 0.1 files carry
only text: `upgrade_refs` gives them ids only when they are certain, and an
event about a score whose sheet cannot be known is withheld from everyone.
"""

from __future__ import annotations

import csv
import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from panel_tui.domain.audit import event_sheet, upgrade_refs
from panel_tui.domain.errors import WrongPin
from panel_tui.domain.models import AuditEvent, Candidate, PanelMember, Question, sheet_id
from panel_tui.domain.sift import Applicant
from panel_tui.locations import starter_banks_dir
from panel_tui.services import OpenedSession, PanelService, load_bank, new_session, restore_session
from panel_tui.services.views import WITHHELD
from panel_tui.store import SessionFile

BANK = starter_banks_dir() / "peer-mentor-recovery.toml"

Refs = tuple[str | None, str | None, str | None, str | None]
"""(record, member_id, candidate_id, question_id)"""


def refs(event: AuditEvent) -> Refs:
    return event.record, event.member_id, event.candidate_id, event.question_id


def session() -> Refs:
    return "session", None, None, None


def no_record() -> Refs:
    return "", None, None, None


def member(m: PanelMember) -> Refs:
    return f"members:{m.id}", m.id, None, None


def candidate(c: Candidate) -> Refs:
    return f"candidates:{c.id}", None, c.id, None


def question(q: Question) -> Refs:
    return f"questions:{q.id}", None, None, q.id


def sheet(m: PanelMember, c: Candidate, q: Question | None = None) -> Refs:
    return f"sheets:{sheet_id(m.id, c.id)}", m.id, c.id, q.id if q else None


def about(kind: str, key: str, m: PanelMember | None = None, c: Candidate | None = None, q: Question | None = None) -> Refs:
    return f"{kind}:{key}", m.id if m else None, c.id if c else None, q.id if q else None


READS = {
    "audit_trail", "check_purge_allowed", "path", "state", "view", "visible_sheets",
    "reciprocity_book", "reciprocity_of", "payment_lines", "may_read_recognition", "recognition_record",
    "feedback_letters", "feedback_letter", "you_said",
    "applications_view", "identifying_details", "sift_overview", "sift_queue", "sift_progress", "shortlist_view",
}
"""PanelService's reads: they write no audit event (checked below, each one called)."""
PRINTS = {"print_feedback_letter", "print_recognition", "print_you_said"}
"""Pages to print, written from what the actor may read: they change nothing in the session and write no audit event."""
ACTIONS = {
    name for name, _ in inspect.getmembers(PanelService)
    if not name.startswith("_") and name not in READS and name not in PRINTS
}
"""Everything else PanelService offers: an action that writes an audit event."""


class Trail:
    """Runs actions and checks the events each one wrote, as the file holds them."""

    def __init__(self, path: Path, first: list[Refs]) -> None:
        self.path = path
        self.expected: list[Refs] = list(first)
        self.called: set[str] = set()
        self.quietly: set[str] = set()
        assert [refs(e) for e in self.events()] == self.expected

    def events(self) -> list[AuditEvent]:
        return SessionFile.open(self.path).audit_events()

    def applicant(self, code: str) -> Applicant:
        """An applicant as the file holds them (codes are what an import returns)."""
        return next(a for a in SessionFile.open(self.path).state().applicants if a.code == code)

    def quiet(self, service: PanelService, name: str, *args: Any, **kwargs: Any) -> Any:
        """A read or a page to print: it runs, and the trail is as it was."""
        found = getattr(service, name)
        result = found(*args, **kwargs) if callable(found) else found
        self.quietly.add(name)
        assert [refs(e) for e in self.events()] == self.expected, f"{name} wrote an audit event"
        return result

    def did(self, service: PanelService, action: str, *args: Any, expect: Callable[[Any], list[Refs]], **kwargs: Any) -> Any:
        result = getattr(service, action)(*args, **kwargs)
        self.called.add(action)
        self.wrote(expect(result), action)
        return result

    def wrote(self, expected: list[Refs], what: str) -> None:
        new = self.events()[len(self.expected):]
        assert new, f"{what} wrote no audit event"
        assert all(e.record is not None for e in new), what
        assert [refs(e) for e in new] == expected, what
        self.expected += expected


def one(make: Callable[[Any], Refs]) -> Callable[[Any], list[Refs]]:
    """One event, about the record the action returned."""
    return lambda result: [make(result)]


def each(make: Callable[[Any], Refs]) -> Callable[[Any], list[Refs]]:
    """One event for each record the action returned, in order."""
    return lambda results: [make(r) for r in results]


def fixed(*expected: Refs) -> Callable[[Any], list[Refs]]:
    """The events expected, known before the action runs."""
    return lambda _: list(expected)


def test_every_event_of_every_action_names_its_record_and_ids(tmp_path: Path) -> None:
    opened, chair = new_session(tmp_path / "a", "Peer mentor", chair_name="Chair Person", chair_group="staff")
    assert chair is not None
    t = Trail(opened.path, [session(), member(chair)])
    c = opened.sign_in(chair.id)
    ann = t.did(c, "add_member", "Ann Member", "member", expect=one(member))
    bob = t.did(c, "add_member", "Bob Volunteer", "volunteer", expect=one(member))
    hr = t.did(c, "add_member", "Hana HR", "staff", role="observer", expect=one(member))
    dee = t.did(c, "add_member", "Dee Morgan", "member", expect=one(member))
    t.did(c, "edit_member", bob.id, name="Bob Lee", expect=one(member))
    t.did(c, "remove_member", dee.id, expect=one(member))
    cand = t.did(c, "add_candidate", "Casey Candidate", expect=one(candidate))
    other = t.did(c, "add_candidate", "Robin", expect=one(candidate))
    t.did(c, "edit_candidate", other.id, slot="10:00", expect=one(candidate))
    t.did(c, "remove_candidate", other.id, expect=one(candidate))
    t.did(c, "set_scale", 0, 4, ["None", "Little", "Some", "Good", "Strong"], expect=fixed(session()))
    t.did(c, "update_details", organisation="Recovery Co", expect=fixed(session()))
    t.did(c, "move_stage", "questions", expect=fixed(session()))
    h = opened.sign_in(hr.id)
    thanks = about("reciprocity", bob.id, bob)
    t.did(h, "set_offer", bob.id, "25.00", "hour", "3:00", "travel, with receipts", date(2025, 1, 10), expect=fixed(thanks))
    t.did(h, "record_choice", bob.id, "accept", expect=fixed(thanks))

    a, b, tool = opened.sign_in(ann.id), opened.sign_in(bob.id), opened.as_tool("a script")
    q1 = t.did(a, "propose_question", "Tell us about listening?", expect=one(question))
    q2 = t.did(tool, "propose_question", "From a script?", expect=one(question))
    t.did(b, "improve_question", q1.id, text="Tell us about a time you listened?", expect=one(question))
    t.did(b, "comment_on_question", q1.id, "Plainer words?", expect=one(question))
    t.did(c, "support_question", q1.id, expect=one(question))
    t.did(c, "withdraw_support", q1.id, expect=one(question))
    imported = t.did(c, "import_bank", load_bank(BANK), [load_bank(BANK).questions[0].id],
                     expect=each(question))
    earlier, _ = new_session(tmp_path / "b", "Earlier round", by="test")
    e_tool = earlier.as_tool("test")
    for text in ("Earlier one?", "Earlier two?"):
        e_tool.set_question_status(e_tool.propose_question(text).id, "agreed")
    copied = t.did(c, "copy_questions_from", SessionFile.open(earlier.path).state(),
                   expect=each(question))
    for q in [*imported, *copied]:
        t.did(c, "set_question_status", q.id, "withdrawn", expect=one(question))
    t.did(c, "copy_questions_from_file", earlier.path, expect=each(question))
    for q in (q1, q2):
        t.did(c, "set_question_status", q.id, "agreed", expect=one(question))
    t.did(c, "move_question", q2.id, -1, expect=fixed(question(q2)))
    t.did(c, "lock_questions", expect=fixed(session()))
    t.did(c, "unlock_questions", "One word was wrong", expect=fixed(session()))
    t.did(c, "lock_questions", expect=fixed(session()))
    t.did(a, "export_questions", tmp_path / "bank.toml", expect=fixed(no_record()))

    # The sift, before the interviews: sift questions, applications, redaction, blind scoring, the shortlist
    s1 = t.did(a, "propose_question", "Why do you want this role?", sift=True, expect=one(question))
    s2 = t.did(b, "propose_question", "Tell us about listening.", sift=True, expect=one(question))
    for q in (s1, s2):
        t.did(c, "set_question_status", q.id, "agreed", expect=one(question))
    rows = [["Name", "Email", "Phone", s1.text, s2.text, "What would help you on the day?"]]
    for n, (name, email) in enumerate((("Jo Bloggs", "jo@example.org"), ("Sam Lee", ""), ("Kim Po", ""))):
        rows.append([name, email, "", f"Answer one of applicant {n}, I am {name}.", f"Answer two {n}.", "Nothing"])
    with (tmp_path / "applications.csv").open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(rows)

    def applicants_added(result: Any) -> list[Refs]:
        added = SessionFile.open(opened.path).state().questions
        new = [q for q in added if q.sift and q.text in result.new_questions]
        assert [q.text for q in new] == ["What would help you on the day?"] and result.count == 3
        return [*(question(q) for q in new), *(about("applicants", t.applicant(code).id) for code in result.codes), no_record()]

    result = t.did(h, "import_applications", tmp_path / "applications.csv", expect=applicants_added)
    jo, sam, kim = (t.applicant(code) for code in result.codes)
    lou = t.did(c, "add_application", "Lou Fenn", {s1.id: "I listen first.", s2.id: "Call me on 07700 900123."},
                email="lou@example.org", expect=one(lambda ap: about("applicants", ap.id)))
    t.quiet(h, "applications_view")
    assert t.quiet(h, "identifying_details", lou.id), "the phone number in Lou's answer is found"
    t.did(h, "redact", jo.id, s1.id, "Answer one of applicant 0.", expect=fixed(about("applications", jo.id, q=s1)))
    for who in (sam, kim, lou):
        t.did(h, "redact_found", who.id, expect=fixed(about("applications", who.id)))
    t.did(c, "open_sift", expect=fixed(session()))
    applicants = (jo, sam, kim, lou)
    sift_sheet = lambda m, q: about("sift_sheets", f"{m.id}.{q.id}", m, q=q)  # noqa: E731
    t.did(a, "sift_score", s1.id, jo.id, 3, expect=fixed(sift_sheet(ann, s1)))
    t.did(a, "sift_note", s1.id, jo.id, "A clear reason", expect=fixed(sift_sheet(ann, s1)))
    t.did(a, "sift_clear", s1.id, jo.id, expect=fixed(sift_sheet(ann, s1)))
    for reviewer, who in ((a, ann), (b, bob)):
        for q in (s1, s2):
            t.quiet(reviewer, "sift_overview")
            for item in t.quiet(reviewer, "sift_queue", q.id).items:
                score = 4 if item.applicant_id == sam.id else 1
                t.did(reviewer, "sift_score", q.id, item.applicant_id, score, expect=fixed(sift_sheet(who, q)))
            t.did(reviewer, "submit_sift", q.id, expect=fixed(sift_sheet(who, q)))
    t.quiet(c, "sift_progress")
    assert [row.code for row in t.quiet(c, "shortlist_view").rows][0] == sam.code
    for who in applicants:
        shortlisted = who is sam
        t.did(c, "decide_applicant", who.id, shortlisted, "The strongest answers" if shortlisted else "Other answers were stronger",
              expect=fixed(about("sift_decisions", who.id)))
    (sc,) = t.did(c, "make_candidates", expect=lambda made: [*(candidate(m) for m in made), no_record()])
    assert sc.code == sam.code
    t.did(h, "export_sift", tmp_path / "sift", expect=fixed(no_record()))

    t.did(a, "confirm_briefing", expect=fixed(about("briefings", ann.id, ann)))
    t.did(b, "declare_conflict", cand.id, "soft", "peer", expect=fixed(about("conflicts", sheet_id(bob.id, cand.id), bob, cand)))
    t.did(a, "record_score", ann.id, cand.id, q1.id, 3, expect=fixed(sheet(ann, cand, q1)))
    t.did(a, "set_note", ann.id, cand.id, q1.id, "A clear example", expect=fixed(sheet(ann, cand, q1)))
    t.did(a, "clear_score", ann.id, cand.id, q1.id, expect=fixed(sheet(ann, cand, q1)))
    for q, value in ((q1, 3), (q2, 2)):
        t.did(a, "record_score", ann.id, cand.id, q.id, value, expect=fixed(sheet(ann, cand, q)))
    t.did(a, "submit_sheet", ann.id, cand.id, expect=fixed(sheet(ann, cand)))
    for who in (bob, chair):  # Bob's sheet typed in from paper by the chair; then the chair's own
        for q in (q1, q2):
            t.did(c, "record_score", who.id, cand.id, q.id, 2, expect=fixed(sheet(who, cand, q)))
        t.did(c, "submit_sheet", who.id, cand.id, expect=fixed(sheet(who, cand)))

    for who in (ann, bob, chair):  # the shortlisted applicant, typed in from paper by the chair
        for q in (q1, q2):
            t.did(c, "record_score", who.id, sc.id, q.id, 3, expect=fixed(sheet(who, sc, q)))
        t.did(c, "submit_sheet", who.id, sc.id, expect=fixed(sheet(who, sc)))
    t.quiet(c, "visible_sheets", cand.id)

    t.did(c, "open_reconciliation", cand.id, expect=fixed(about("reconciliations", cand.id, c=cand)))
    t.did(c, "set_agreed_score", cand.id, q1.id, 2, expect=fixed(about("agreed", f"{cand.id}.{q1.id}", c=cand, q=q1)))
    t.did(c, "agree_unflagged_at_median", cand.id, expect=each(lambda a: about("agreed", f"{cand.id}.{a.question_id}", c=cand, q=q2)))
    t.did(c, "sign_off", cand.id, "panel consensus", expect=fixed(about("reconciliations", cand.id, c=cand)))
    t.did(c, "record_outcome", cand.id, "appoint", expect=fixed(about("outcomes", cand.id, c=cand)))
    t.did(c, "record_outcome", cand.id, "appoint", final=True, expect=fixed(about("outcomes", cand.id, c=cand)))
    by_id = {q.id: q for q in (q1, q2)}
    t.did(c, "open_reconciliation", sc.id, expect=fixed(about("reconciliations", sc.id, c=sc)))
    t.did(c, "agree_unflagged_at_median", sc.id,
          expect=each(lambda a: about("agreed", f"{sc.id}.{a.question_id}", c=sc, q=by_id[a.question_id])))
    t.did(c, "sign_off", sc.id, "panel consensus", expect=fixed(about("reconciliations", sc.id, c=sc)))
    t.did(c, "record_outcome", sc.id, "not appointed", final=True, expect=fixed(about("outcomes", sc.id, c=sc)))

    # Closing the loop: a feedback letter, "you said, we did", thanks and payment
    letter = about("letters", sc.id, c=sc)
    t.did(c, "draft_feedback_letter", sc.id, expect=fixed(letter))
    t.quiet(c, "feedback_letters")
    draft = t.quiet(c, "feedback_letter", sc.id).letter.text
    t.did(c, "edit_feedback_letter", sc.id, draft + "\nWith best wishes.", expect=fixed(letter))
    t.did(c, "mark_letter_sent", sc.id, expect=fixed(letter))
    assert t.quiet(c, "print_feedback_letter", sc.id, tmp_path / "letter").html.exists()
    t.did(c, "set_panel_difference", "We asked about listening because of you.", expect=fixed(session()))
    assert t.quiet(a, "you_said").ready
    assert t.quiet(a, "print_you_said", tmp_path / "you-said").exists()
    t.did(h, "set_time_given", bob.id, preparation="1:00", expect=fixed(thanks))
    # What an expense was for is longer than what the purge leaves in its place (test_purge_expenses.py)
    bus = t.did(h, "add_expense", bob.id, "Return bus fare from home to the interviews", "4.50", expect=fixed(thanks))
    lunch = t.did(h, "add_expense", bob.id, "Lunch on the day of the interviews, for two", "6.00", expect=fixed(thanks))
    t.did(h, "remove_expense", bob.id, lunch.id, expect=fixed(thanks))
    t.did(h, "mark_receipt", bob.id, bus.id, expect=fixed(thanks))
    t.did(h, "set_payment", bob.id, "paid", expect=fixed(thanks))
    t.did(h, "set_advice_offered", bob.id, date(2025, 1, 10), expect=fixed(thanks))
    t.did(c, "confirm_recognition", bob.id, expect=fixed(thanks))
    t.quiet(h, "reciprocity_book")
    t.quiet(b, "reciprocity_of", bob.id)
    assert t.quiet(h, "payment_lines")
    t.did(h, "export_payments", tmp_path / "finance", expect=fixed(no_record()))
    assert t.quiet(b, "may_read_recognition", bob.id)
    t.quiet(b, "recognition_record", bob.id)
    assert t.quiet(b, "print_recognition", bob.id, tmp_path / "thanks").exists()

    t.did(c, "export", tmp_path / "out", ["json"], expect=fixed(no_record()))
    t.did(h, "export_subject_access", "C01", tmp_path / "sar", ["json"], expect=fixed(candidate(cand)))
    t.did(c, "update_details", retention_until=date(2020, 1, 1), expect=fixed(session()))
    t.quiet(h, "check_purge_allowed")
    t.did(h, "purge_personal_data", reason="Asked for early by the data protection lead", expect=fixed(no_record()))

    t.did(c, "edit_member", chair.id, pin="55667788", expect=one(member))
    t.did(c, "edit_member", ann.id, pin="24681357", expect=one(member))
    at = datetime(2027, 3, 1, 10, 0, tzinfo=UTC)
    with pytest.raises(WrongPin):
        opened.sign_in(ann.id, "11111111", at=at)
    t.wrote([about("pin_attempts", ann.id, ann)], "a wrong PIN")
    opened.sign_in(ann.id, "24681357", at=at)
    t.wrote([about("pin_attempts", ann.id, ann)], "signing in after a wrong PIN")
    t.did(c, "make_pin_slips", [bob.id, hr.id], expect=fixed(member(bob), member(hr)))
    t.did(c, "print_pin_slips", [bob.id], tmp_path / "slips", expect=fixed(member(bob)))

    for name in ("audit_trail", "view", "state", "path"):
        t.quiet(h, name)
    assert t.called == ACTIONS, "every action of PanelService is exercised here (add a new one above)"
    assert t.quietly == READS | PRINTS, "every read and page to print is called here, and wrote no audit event"
    assert [refs(e) for e in t.events()] == t.expected, "the purge rewrote names, never ids"

    restored = restore_session(tmp_path / "out" / "session.json", tmp_path / "restored")
    trail = SessionFile.open(restored.path).audit_events()
    assert trail[-1].action == "restored the session from an export" and refs(trail[-1]) == no_record()
    assert all(e.record is not None for e in trail)


# Events from 0.1 files -----------------------------------------------------------------------------------


def old(action: str, target: str, after: object, actor: PanelMember) -> AuditEvent:
    """An event as panel-tui 0.1 wrote it: readable text, no record, no ids."""
    return AuditEvent(actor_id=actor.id, actor_name=actor.name, action=action, target=target, after=after)


def test_an_old_event_naming_ids_in_its_target_gets_them(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1 = r.questions[0]
    events = [
        old("saved a score", f"{r.ann.id}.{r.cand.id}/{q1.id}", 3, r.ann),
        old("saved a score from paper", f"{r.bob.id}.{r.cand.id}/{q1.id}", 2, r.chair),
        old("submitted a score sheet", f"{r.ann.id}.{r.cand.id}/", "submitted", r.ann),
        old("set an agreed score", f"C01/{q1.id}", {"score": 3}, r.chair),
    ]
    upgraded = upgrade_refs(events, r.raw())
    assert [(e.member_id, e.candidate_id, e.question_id) for e in upgraded] == [
        (r.ann.id, r.cand.id, q1.id), (r.bob.id, r.cand.id, q1.id), (r.ann.id, r.cand.id, None),
        (None, r.cand.id, q1.id),
    ]
    assert [event_sheet(e) for e in upgraded] == [*(sheet_id(m.id, r.cand.id) for m in (r.ann, r.bob, r.ann)), None]
    assert all(e.record is None for e in upgraded), "an upgraded event still says it came from 0.1"


def test_an_old_event_naming_people_gets_ids_only_when_the_name_and_code_were_never_shared(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    chair = r.svc
    other_dee = chair.add_member("Dee Morgan", "member")
    dee = chair.add_member("Dee Morgan", "volunteer")
    chair.edit_member(r.bob.id, name="Bob Lee")  # his old name is still his alone
    events = [
        old("saved a score", "Ann Member, C01, question 1", 3, r.ann),
        old("saved a note", "Bob Volunteer, C01, question 1", "an old note", r.bob),
        old("saved a score", "Dee Morgan, C01, question 1", 2, dee),
        old("saved a score", "Nobody Known, C01, question 1", 2, dee),
    ]
    upgraded = upgrade_refs([*r.events(), *events], r.raw())[-len(events):]
    assert [(e.member_id, e.candidate_id) for e in upgraded] == [
        (r.ann.id, r.cand.id), (r.bob.id, r.cand.id), (None, r.cand.id), (None, r.cand.id),
    ]
    assert [event_sheet(e) for e in upgraded] == [sheet_id(r.ann.id, r.cand.id), sheet_id(r.bob.id, r.cand.id), None, None]
    assert other_dee.id != dee.id


def test_an_old_event_with_a_reused_code_gets_no_candidate(panel) -> None:  # type: ignore[no-untyped-def]
    chair = panel.svc
    gone = chair.add_candidate("Casey Candidate")
    chair.remove_candidate(gone.id)
    again = chair.add_candidate("Robin Candidate")
    assert again.code == gone.code == "C01", "the code was given again"
    event = old("saved a score", "Ann Member, C01, question 1", 3, panel.ann)
    (upgraded,) = upgrade_refs([*panel.events(), event], panel.raw())[-1:]
    assert (upgraded.member_id, upgraded.candidate_id, event_sheet(upgraded)) == (panel.ann.id, None, None)


def test_events_written_since_0_2_are_never_guessed_at(round_) -> None:  # type: ignore[no-untyped-def]
    r = round_
    r.as_(r.ann).record_score(r.ann.id, r.cand.id, r.questions[0].id, 3)
    events = r.events()
    assert upgrade_refs(events, r.raw()) == events


def test_an_old_score_whose_sheet_cannot_be_known_is_withheld_from_everyone(round_, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    r = round_
    q1 = r.questions[0]
    chair = r.svc
    dees = [chair.add_member("Dee Morgan", "member"), chair.add_member("Dee Morgan", "volunteer")]
    for who in (r.ann, r.bob, r.chair, *dees):
        svc = r.as_(who)
        svc.record_score(who.id, r.cand.id, q1.id, 2)
        svc.submit_sheet(who.id, r.cand.id)
    chair.open_reconciliation(r.cand.id, {})
    old_events = [
        old("saved a score", f"{r.ann.id}.{r.cand.id}/{q1.id}", 3, r.ann),
        old("saved a score", "Ann Member, C01, question 1", 4, r.ann),
        old("saved a score", "Dee Morgan, C01, question 1", 1, dees[0]),
        old("saved a note", "Dee Morgan, C01, question 1", "Which Dee wrote this?", dees[1]),
    ]
    path = tmp_path / "from-0.1.json"
    SessionFile.restore(path, r.raw(), [*r.events(), *old_events])
    opened = OpenedSession.open(path)
    readers = {
        "the chair": opened.sign_in(r.chair.id), "HR": opened.sign_in(r.hr.id), "a tool": opened.as_tool("a script"),
        "Ann": opened.sign_in(r.ann.id), "the first Dee": opened.sign_in(dees[0].id),
        "the second Dee": opened.sign_in(dees[1].id),
    }
    for who, reader in readers.items():
        certain, named, dee_score, dee_note = reader.audit_trail()[-4:]
        assert (certain.after, named.after) == (3, 4), f"{who} may read Ann's submitted sheet, so her old scores"
        assert dee_score.after == dee_score.before == WITHHELD, who
        assert dee_note.after == dee_note.before == WITHHELD, who
    stored = SessionFile.open(path).audit_events()[-4:]
    assert [e.after for e in stored] == [3, 4, 1, "Which Dee wrote this?"], "withheld in what people read, kept in the file"
