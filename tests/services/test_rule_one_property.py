"""Rule 1, as a property: nobody reads a score or note before the rule allows, and nothing allowed is withheld.

Hypothesis builds random rounds through the services: panel members with
repeated names and names holding "/", "," and markup; candidates whose codes
are changed and reused; drafts, submissions, paper sheets typed in by the
chair, and agreement opened for some candidates. Every sheet carries a note
no other text contains. Then, for every person on the panel and for a tool
(a script), every read model (the session view, the audit trail, the sheets
shown per candidate) and, for those who may export, every export format, is
rendered to text and searched for every note.

The rule is written out again here, independently of the code under test.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panel_tui.domain.models import Role, ScoreSheet
from panel_tui.domain.state import SessionState
from panel_tui.services import Actor, OpenedSession, PanelService, Right, new_session
from panel_tui.store import SessionFile

NAMES = ["Dee Morgan", "Dee Morgan", "A/B Smith", "Jo, Jr", "[b]Bold[/b]", "Vic Taylor"]
CODES = ["C01", "C/02", "C,03", "C04"]
SHEET_STATES = ["none", "draft", "submitted", "paper draft", "paper submitted"]


@dataclass(frozen=True)
class Round:
    members: list[tuple[str, str]]
    """(name, role) of each panel member after the chair."""
    sheets: dict[tuple[int, int], str]
    """(member index, candidate index) -> one of SHEET_STATES."""
    opened: list[bool]
    swap_codes: bool


@st.composite
def rounds(draw: st.DrawFn) -> Round:
    count = draw(st.integers(2, 4))
    members = [(draw(st.sampled_from(NAMES)), draw(st.sampled_from(["panel", "panel", "observer", "chair"]))) for _ in range(count)]
    candidates = draw(st.integers(1, 3))
    sheets = {
        (m, c): draw(st.sampled_from(SHEET_STATES))
        for m in range(count + 1)
        for c in range(candidates)
    }
    opened = [draw(st.booleans()) for _ in range(candidates)]
    return Round(members, sheets, opened, draw(st.booleans()) and candidates > 1)


def _build(folder: Path, plan: Round) -> tuple[Path, dict[str, str]]:
    """The round, through the services; returns the file and note -> sheet id."""
    opened, chair = new_session(folder, "Peer mentor", chair_name="Sam [i]Chair[/i]", chair_group="staff")
    assert chair is not None
    as_chair = opened.sign_in(chair.id)
    people = [chair] + [as_chair.add_member(name, "member", role=role) for name, role in plan.members]
    candidates = [as_chair.add_candidate(f"Candidate {n}", code=CODES[n]) for n in range(len(plan.opened))]
    question = as_chair.propose_question("Tell us about listening.")
    as_chair.set_question_status(question.id, "agreed")
    as_chair.lock_questions()
    notes: dict[str, str] = {}
    for (m, c), how in plan.sheets.items():
        member, candidate = people[m], candidates[c]
        if how == "none" or not member.scores:
            continue
        paper = how.startswith("paper")
        service = as_chair if paper and member.id != chair.id else opened.sign_in(member.id)
        note = f"NOTE{uuid.uuid4().hex[:10]}"
        service.record_score(member.id, candidate.id, question.id, 2)
        service.set_note(member.id, candidate.id, question.id, note)
        if how.endswith("submitted"):
            service.submit_sheet(member.id, candidate.id)
        notes[note] = f"{member.id}.{candidate.id}"
    state = SessionFile.open(opened.path).state()
    for candidate, open_it in zip(candidates, plan.opened, strict=True):
        if open_it:
            missing = {m.id: "absent" for m in people if m.scores and not _submitted(state, m.id, candidate.id)}
            as_chair.open_reconciliation(candidate.id, missing)
    if plan.swap_codes:  # codes changed and reused: the first candidate's code goes to the second
        first, second = candidates[0], candidates[1]
        as_chair.edit_candidate(first.id, code="C99")
        as_chair.edit_candidate(second.id, code=first.code)
    return opened.path, notes


def _submitted(state: SessionState, member_id: str, candidate_id: str) -> bool:
    sheet = state.sheet(member_id, candidate_id)
    return sheet is not None and sheet.submitted


def may_read(state: SessionState, viewer: Actor, sheet: ScoreSheet) -> bool:
    """Rule 1, written out again: own sheet; a paper draft for the chair or HR typing it; else submitted and allowed."""
    if sheet.member_id == viewer.id:
        return True
    if not sheet.submitted:
        return sheet.entered_by is not None and viewer.role in (Role.CHAIR, Role.OBSERVER, None)
    if viewer.role in (Role.CHAIR, Role.OBSERVER, None):
        return state.reconciliation(sheet.candidate_id) is not None
    return _submitted(state, viewer.id, sheet.candidate_id)


def may_export(state: SessionState, sheet: ScoreSheet) -> bool:
    return sheet.submitted and state.reconciliation(sheet.candidate_id) is not None


def _read_models(service: PanelService) -> str:
    view = service.view()
    parts = [repr(view.state), repr(service.state), repr(service.audit_trail())]
    parts += [repr(service.visible_sheets(c.id)) for c in view.state.candidates]
    return "\n".join(parts)


def _exported(service: PanelService, out: Path) -> str:
    result = service.export(out, force=True)
    texts = []
    for path in result.files:
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as book:
                texts += [book.read(name).decode("utf-8", "replace") for name in book.namelist()]
        else:
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


@settings(
    max_examples=max(1, settings.default.max_examples // 4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=rounds())
def test_no_score_or_note_reaches_anyone_rule_one_hides_it_from(tmp_path_factory, plan: Round) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("rule-one")
    path, notes = _build(folder / "sessions", plan)
    state = SessionFile.open(path).state()
    sheets = {s.id: s for s in state.sheets}
    opened = OpenedSession.open(path)
    actors = [opened.sign_in(m.id) for m in state.members] + [opened.as_tool("a script")]
    for service in actors:
        seen = _read_models(service)
        for note, sheet_id in notes.items():
            allowed = may_read(state, service.actor, sheets[sheet_id])
            assert (note in seen) == allowed, (
                f"{service.actor.name} ({service.actor.role}): sheet {sheet_id} "
                f"{'withheld though allowed' if allowed else 'shown though rule 1 hides it'}"
            )
        if service.actor.may(Right.EXPORT):
            files = _exported(service, folder / f"export-{service.actor.id}")
            for note, sheet_id in notes.items():
                allowed = may_export(state, sheets[sheet_id])
                assert (note in files) == allowed, (
                    f"export by {service.actor.name}: sheet {sheet_id} "
                    f"{'missing though allowed' if allowed else 'exported though rule 1 hides it'}"
                )
