"""The session's shape is written once (`domain.records.RECORD_KINDS`) and every layer follows it.

A session with one record of every kind, every field set to something other
than its default, goes through the store, the JSON export and import, and
the purge. A kind or a field that one of them misses makes a test here fail:
adding a field to a model without covering it fails `test_the_sample_sets_every_field`.

Built from models rather than through the services on purpose: the services
cannot set every field (ids, times) to chosen values, and this test is about
the shape, not the rules.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from panel_tui.domain.letters import FeedbackLetter
from panel_tui.domain.models import (
    AccessProfile,
    AgreedScore,
    AuditEvent,
    Briefing,
    Candidate,
    Comment,
    Conflict,
    ConflictKind,
    Decision,
    Format,
    Group,
    Model,
    Outcome,
    PanelMember,
    PinAttempts,
    Question,
    QuestionStatus,
    Reconciliation,
    Revision,
    Role,
    ScoreSheet,
    Session,
    SheetStatus,
    SignOff,
    Wording,
)
from panel_tui.domain.reciprocity import Choice, Expense, PaymentStatus, RatePer, Reciprocity, TimeGiven
from panel_tui.domain.records import EXPORTED_KINDS, KIND_OF, RECORD_KINDS
from panel_tui.domain.sift import Applicant, Application, SiftDecision, SiftSheet
from panel_tui.domain.state import SessionState
from panel_tui.export import ExportOptions, export_all, read_export
from panel_tui.export.redact import STRUCTURAL_KEYS
from panel_tui.services import OpenedSession
from panel_tui.services.views import SessionView, export_content
from panel_tui.store import SessionFile

AT = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)
NAME = "Alexandra Kim"
"""The candidate's name, planted in every free-text field so the purge must find it everywhere."""


def _sample() -> SessionState:
    session = Session(
        id="s1", vacancy="Peer mentor", organisation=f"Harbour, who met {NAME}", scale={"low": 0, "high": 4},
        divergence_threshold=1, group_labels={Group.VOLUNTEER: "Vol", Group.MEMBER: "Expert", Group.STAFF: "Team"},
        questions_locked=True, anonymised=True, pseudonymous=False, confidentiality=f"Say nothing of {NAME}.",
        retention_until=date(2026, 1, 1), created_at=AT, stage="reconciling", retention_months=9,
        legal_hold="", panel_difference=f"We asked {NAME} about lived experience", sift_opened_at=AT,
    )
    chair = PanelMember(
        id="m1", name="Sam Chair", group=Group.STAFF, role=Role.CHAIR, pin_hash="scrypt$00$00",
        profile=AccessProfile(
            format=Format.LARGE_PRINT, wording=Wording.EASY_READ, auto_advance=False, timer=False, extra_minutes=10,
            breaks=f"After {NAME}", anything_else=f"Sits next to {NAME}",
        ),
    )
    dee = PanelMember(id="m2", name="Dee Morgan", group=Group.MEMBER, role=Role.PANEL,
                      profile=AccessProfile(anything_else="Breaks"))
    candidate = Candidate(id="c1", name=NAME, code="C07", slot="Tue 10:00", adjustments=f"{NAME} asked for writing", position=3)
    question = Question(
        id="q1", text="How would you welcome someone?", plain_text="Say hello how?", easy_read=f"Say hello to {NAME}.",
        guidance=[f"Names {NAME}"],
        criterion="Welcome", follow_ups=["And then?"], anchors={4: f"Like {NAME} did"}, authors=["m2"],
        status=QuestionStatus.AGREED, position=2,
        revisions=[Revision(by="m2", at=AT, before="How?", after="How would you welcome someone?")],
        comments=[Comment(id="k1", by="m1", at=AT, text=f"{NAME} would like this")], supporters=["m1"],
        imported_groups=[Group.VOLUNTEER], created_at=AT, sift=True,
    )
    sheet = ScoreSheet(member_id="m2", candidate_id="c1", scores={"q1": 3}, notes={"q1": f"{NAME} was kind"},
                       status=SheetStatus.SUBMITTED, created_at=AT, updated_at=AT, submitted_at=AT, entered_by="Sam Chair")
    agreed = AgreedScore(candidate_id="c1", question_id="q1", score=4, reason=f"{NAME} gave an example", by="m1", at=AT)
    outcome = Outcome(candidate_id="c1", decision=Decision.RESERVE, feedback=f"Well done {NAME}", final=True, by="m1", at=AT)
    conflict = Conflict(member_id="m1", candidate_id="c1", kind=ConflictKind.SOFT, relation="peer",
                        detail=f"Knows {NAME} from group", declared_at=AT)
    briefing = Briefing(member_id="m2", statement=f"Nothing about {NAME} leaves the room", confirmed_at=AT)
    opened = Reconciliation(candidate_id="c1", opened_by="m1", opened_at=AT, missing_reasons={"m1": f"Knows {NAME}"},
                            sign_off=SignOff.CHAIR_DECISION, dissent=["m2"], dissent_note=f"Unsure about {NAME}",
                            signed_off_at=AT)
    attempts = PinAttempts(member_id="m2", failures=2, waits=1, wait_until=AT + timedelta(minutes=1))
    kept = Reciprocity(
        member_id="m2", rate_pence=2000, rate_per=RatePer.SESSION, expected_minutes=240,
        expenses_covered=f"Travel, as {NAME} asked", offered_on=date(2026, 10, 1), choice=Choice.CHARITY,
        lower_amount_pence=1000, charity="Harbour Trust", time=TimeGiven(preparation_minutes=60, interview_minutes=120,
        agreement_minutes=30), expenses=[Expense(id="e1", what="Bus", amount_pence=450, receipt_seen=True)],
        payment_status=PaymentStatus.PAID, paid_on=date(2026, 11, 20), advice_offered_on=date(2026, 10, 1),
        confirmed_by="m1", confirmed_at=AT,
    )
    letter = FeedbackLetter(candidate_id="c1", text=f"Dear {NAME}, thank you.", drafted_by="m1", drafted_at=AT,
                            edited_by="m1", edited_at=AT, sent_on=date(2026, 11, 25), sent_by="m1")
    applicant = Applicant(id="a1", code="C07", name=NAME, email="alex@example.org", phone="07700 900123",
                          other_details={"Address": f"{NAME}, 1 High St"}, candidate_id="c1", position=1, created_at=AT)
    application = Application(applicant_id="a1", answers={"q1": "I listen first. [removed]"},
                              original={"q1": f"I listen first. {NAME}"}, redacted_by="m1", redacted_at=AT)
    sift_sheet = SiftSheet(member_id="m2", question_id="q1", scores={"a1": 3}, notes={"a1": f"{NAME} is kind"},
                           status=SheetStatus.SUBMITTED, created_at=AT, updated_at=AT, submitted_at=AT)
    decision = SiftDecision(applicant_id="a1", shortlisted=True, reason=f"Strong answers from {NAME}", by="m1", at=AT)
    return SessionState(
        session=session, members=(chair, dee), candidates=(candidate,), questions=(question,), sheets=(sheet,),
        agreed=(agreed,), outcomes=(outcome,), conflicts=(conflict,), briefings=(briefing,),
        reconciliations=(opened,), pin_attempts=(attempts,), reciprocity=(kept,), letters=(letter,),
        applicants=(applicant,), applications=(application,), sift_sheets=(sift_sheet,), sift_decisions=(decision,),
    )


def _first_event() -> AuditEvent:
    return AuditEvent(actor_id="tool", actor_name="test", action="created the session", target="Peer mentor", record="session")


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    path = tmp_path / "sessions" / "shape.json"
    SessionFile.restore(path, _sample(), [_first_event()])
    return path


def test_every_state_field_is_a_kind_of_record() -> None:
    fields = {f.name for f in dataclasses.fields(SessionState)} - {"session", "revision"}
    assert fields == {kind.field for kind in RECORD_KINDS}
    assert set(KIND_OF) == {kind.model for kind in RECORD_KINDS}


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=lambda k: k.field)
def test_the_sample_sets_every_field(kind: Any) -> None:
    """Every field of every kind is set away from its default, so the round trips below test it."""
    records = getattr(_sample(), kind.field)
    assert records, f"the sample has no '{kind.field}'"
    _every_field_set(records[0], kind.field)


def _every_field_set(record: Model, where: str) -> None:
    for name, info in type(record).model_fields.items():
        if info.is_required():
            continue
        default = info.get_default(call_default_factory=True)
        if name in {"id", "at", "created_at", "updated_at", "declared_at", "confirmed_at", "opened_at"}:
            continue  # made fresh each time: any value differs from a new default
        value = getattr(record, name)
        assert value != default, f"{where}.{name} is left at its default in the sample"
        if isinstance(value, Model):
            _every_field_set(value, f"{where}.{name}")  # a record's parts (a member's profile), field by field


def test_the_store_keeps_every_kind_and_field(saved: Path) -> None:
    state = SessionFile.open(saved).state()
    sample = _sample()
    for kind in RECORD_KINDS:
        assert getattr(state, kind.field) == getattr(sample, kind.field), kind.field
    assert state.session == sample.session


def test_json_export_and_import_keep_every_exported_kind_and_field(saved: Path, tmp_path: Path) -> None:
    service = OpenedSession.open(saved).as_tool("shape test")
    view = SessionView.build(SessionFile.open(saved).state(), service.actor)
    content = export_content(view, [_first_event()], ExportOptions())
    export_all(content, tmp_path / "out", formats=["json"])
    imported = read_export(tmp_path / "out" / "session.json").state
    sample = _sample()
    for kind in EXPORTED_KINDS:
        expected = getattr(sample, kind.field)
        if kind.field == "members":  # PINs and access profiles never leave
            expected = tuple(m.model_copy(update={"pin_hash": None, "profile": AccessProfile()}) for m in expected)
        assert getattr(imported, kind.field) == expected, kind.field
    assert imported.pin_attempts == (), "wrong-PIN counts never leave the session file"
    written = (tmp_path / "out" / "session.json").read_text(encoding="utf-8")
    assert "Easy Read" not in written and "Sits next to" not in written, "nothing of a profile is written"
    assert not {k.field for k in RECORD_KINDS if not k.exported} & set(_json_keys(tmp_path / "out" / "session.json"))


def _json_keys(path: Path) -> list[str]:
    return list(orjson.loads(path.read_bytes()))


def _text_fields(value: Any, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [item for k, v in value.items() if k not in STRUCTURAL_KEYS for item in _text_fields(v, f"{key}.{k}")]
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in _text_fields(v, f"{key}[{i}]")]
    return []


def test_every_field_is_either_structural_or_text_the_purge_reaches(saved: Path) -> None:
    """The purge (after the retention date) removes the candidate's name from every free-text field of every kind."""
    OpenedSession.open(saved).as_tool("purge test").purge_personal_data(today=date(2026, 6, 1))
    state = SessionFile.open(saved).state()
    left = []
    for kind in RECORD_KINDS:
        for record in getattr(state, kind.field):
            for where, text in _text_fields(record.model_dump(mode="json"), kind.field):
                if "alexandra" in text.casefold():
                    left.append(f"{where}: {text}")
    assert left == [], "the purge missed the candidate's name here"
    assert state.sheets[0].scores == {"q1": 3}, "scores stay, under the code"


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=lambda k: k.field)
def test_every_field_is_known_to_redaction(kind: Any) -> None:
    """Each field holds ids, choices, numbers or dates (structural, never rewritten) or text a person typed."""
    record = getattr(_sample(), kind.field)[0]
    for name, value in record.model_dump(mode="json").items():
        if name in STRUCTURAL_KEYS:
            continue
        assert _text_fields(value) or isinstance(value, (bool, int, float)) or value in (None, [], {}), (
            f"{kind.field}.{name} is neither structural nor text: tell the redactor what it is"
        )
