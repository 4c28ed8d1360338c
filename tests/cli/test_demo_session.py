"""The demo session: made once by `panel-tui demo`, sound, and as described."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from panel_tui.domain.errors import PanelError
from panel_tui.domain.models import Group, QuestionStatus, Role, SheetStatus, Stage
from panel_tui.domain.state import SessionState
from panel_tui.services import demo, new_session
from panel_tui.services.demo import DEMO_FILE_NAME, ensure_demo
from panel_tui.store import SessionFile
from tests.folders import folder_bytes

from .conftest import RunCli

# The command -----------------------------------------------------------------


def test_demo_finished_makes_the_finished_round_beside_the_demo(run_cli: RunCli, folder: Path) -> None:
    made = run_cli("--sessions-dir", folder, "demo", "--finished", "--create-only")
    assert made.code == 0, made.err
    path = folder / demo.FINISHED_DEMO_FILE_NAME
    assert made.out.strip() == f"Created the finished demo session: {path}"
    checked = run_cli("check", path)
    assert checked.code == 0, checked.err
    assert "6 panel members, 4 candidates, 7 questions, 20 of 20 sheets submitted" in checked.out
    assert not (folder / DEMO_FILE_NAME).exists()


def test_demo_create_only_makes_the_file_once(run_cli: RunCli, folder: Path) -> None:
    path = folder / DEMO_FILE_NAME
    first = run_cli("--sessions-dir", folder, "demo", "--create-only")
    assert first.code == 0, first.err
    assert first.out.strip() == f"Created the demo session: {path}"
    made = folder_bytes(folder)

    second = run_cli("--sessions-dir", folder, "demo", "--create-only")
    assert second.code == 0, second.err
    assert second.out.strip() == f"Found the demo session: {path}"
    assert folder_bytes(folder) == made, "finding the demo changes nothing"

    checked = run_cli("check", path)
    assert checked.code == 0, checked.err
    assert (
        "'Peer mentor', 5 panel members, 4 candidates, 7 questions, 8 of 20 sheets submitted" in checked.out
    )


def test_demo_goes_where_the_environment_variable_says(run_cli: RunCli, tmp_path: Path) -> None:
    from_env = tmp_path / "from-env"
    result = run_cli("demo", "--create-only", env={"PANEL_TUI_SESSIONS_DIR": str(from_env)})
    assert result.code == 0, result.err
    assert (from_env / DEMO_FILE_NAME).is_file()


def test_demo_leaves_no_scratch_files_behind(run_cli: RunCli, folder: Path) -> None:
    assert run_cli("--sessions-dir", folder, "demo", "--create-only").code == 0
    assert sorted(p.name for p in folder.iterdir()) == [
        "demo-peer-mentor.audit.jsonl",
        "demo-peer-mentor.json",
        "demo-peer-mentor.json.lock",
        "demo-peer-mentor.json.turns",
    ]


# What is in it ---------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> SessionFile:
    path, created = ensure_demo(tmp_path_factory.mktemp("demo"))
    assert created
    return SessionFile.open(path)


@pytest.fixture(scope="module")
def state(demo_file: SessionFile) -> SessionState:
    return demo_file.state()


def by_name(state: SessionState) -> dict[str, str]:
    return {m.id: m.name for m in state.members}


def test_the_vacancy_and_stage(state: SessionState) -> None:
    assert state.session.vacancy == "Peer mentor"
    assert "Recovery" in state.session.organisation
    assert state.session.stage is Stage.INTERVIEWS
    assert list(state.session.scale.points) == [0, 1, 2, 3, 4]


def test_the_panel_two_members_a_volunteer_and_two_staff(state: SessionState) -> None:
    assert len(state.members) == 5
    assert Counter(m.group for m in state.members) == {Group.MEMBER: 2, Group.VOLUNTEER: 1, Group.STAFF: 2}
    [chair] = [m for m in state.members if m.role is Role.CHAIR]
    assert chair.group is Group.STAFF
    assert all(m.role is Role.PANEL for m in state.members if m is not chair)
    assert all(m.pin_hash is None for m in state.members), "no PINs, so anyone can try the demo"
    needs = [m for m in state.members if m.access_needs]
    assert len(needs) == 1 and needs[0].group is Group.MEMBER
    assert "Large text" in needs[0].access_needs


def test_seven_agreed_locked_questions_each_fully_described(state: SessionState) -> None:
    assert state.session.questions_locked
    assert len(state.questions) == 7
    scale = list(state.session.scale.points)
    for question in state.questions:
        assert question.status is QuestionStatus.AGREED
        assert question.plain_text and question.plain_text != question.text
        assert 2 <= len(question.guidance) <= 4
        assert question.criterion
        assert question.follow_ups
        assert sorted(question.anchors) == scale, f"an anchor for every point: {question.text}"
        assert len(set(question.anchors.values())) == len(scale)
    criteria = {q.criterion for q in state.questions}
    assert len(criteria) == 7
    for topic in (
        "Lived experience",
        "Boundaries",
        "Listening",
        "crisis",
        "team",
        "confidentiality",
        "Self-care",
    ):
        assert any(topic in c for c in criteria), topic
    assert [q.position for q in sorted(state.questions, key=lambda q: q.position)] == list(range(1, 8))


def test_every_group_wrote_questions_in_their_own_name(state: SessionState) -> None:
    members = {m.id: m for m in state.members}
    for question in state.questions:
        assert len(question.authors) == 1 and question.authors[0] in members
    authors = {members[q.authors[0]] for q in state.questions}
    assert {m.group for m in authors} == set(Group)
    assert len(authors) >= 4, "questions come from most of the panel, not only the chair"


def test_the_audit_trail_reads_as_the_panel_did_it(demo_file: SessionFile, state: SessionState) -> None:
    events = demo_file.audit_events()
    names = {m.name for m in state.members}
    assert {e.actor_name for e in events} == names, "every step was taken by a named panel member"
    proposed = [e for e in events if e.action == "proposed question"]
    assert len(proposed) == 7 and len({e.actor_name for e in proposed}) >= 4
    chair = next(m for m in state.members if m.role is Role.CHAIR)
    agreed = [
        e
        for e in events
        if e.action.startswith("marked question agreed") or e.action == "locked the question set"
    ]
    assert len(agreed) == 8 and {e.actor_id for e in agreed} == {chair.id}
    submitted = [e for e in events if e.action == "submitted a score sheet"]
    assert len(submitted) == 8
    assert all(e.target.startswith(f"{e.actor_name}, C0") for e in submitted), (
        "each sheet submitted by its own scorer, named in words HR can read"
    )


def test_four_candidates_one_with_an_adjustment(state: SessionState) -> None:
    candidates = sorted(state.candidates, key=lambda c: c.code)
    assert [c.code for c in candidates] == ["C01", "C02", "C03", "C04"]
    assert all(c.name and c.slot for c in candidates)
    assert candidates[0].slot == "Tue 3 Dec, 10:00"
    assert [c.adjustments for c in candidates if c.adjustments] == ["Questions in writing as well"]


def sheets_for(state: SessionState, code: str):
    candidate = next(c for c in state.candidates if c.code == code)
    return [s for s in state.sheets if s.candidate_id == candidate.id]


def test_c01_all_five_submitted_close_but_split_on_one_question(state: SessionState) -> None:
    sheets = sheets_for(state, "C01")
    assert len(sheets) == 5 and all(s.status is SheetStatus.SUBMITTED for s in sheets)
    assert {s.member_id for s in sheets} == {m.id for m in state.members}
    question_ids = {q.id for q in state.questions}
    assert all(set(s.scores) == question_ids for s in sheets)
    spreads = {q: max(s.scores[q] for s in sheets) - min(s.scores[q] for s in sheets) for q in question_ids}
    split = [q for q, spread in spreads.items() if spread >= state.session.divergence_threshold]
    assert len(split) == 1, "one question where the panel disagrees"
    [crisis] = [q for q in state.questions if q.id == split[0]]
    assert "crisis" in crisis.criterion
    assert all(spread <= 1 for q, spread in spreads.items() if q not in split), "otherwise close"
    assert all(set(s.scores.values()) <= set(state.session.scale.points) for s in sheets)


def test_c02_three_submitted_one_draft_part_scored_one_not_started(state: SessionState) -> None:
    sheets = sheets_for(state, "C02")
    submitted = [s for s in sheets if s.submitted]
    drafts = [s for s in sheets if not s.submitted]
    assert len(submitted) == 3 and all(len(s.scores) == 7 for s in submitted)
    assert len(drafts) == 1 and 0 < len(drafts[0].scores) < 7
    names = by_name(state)
    assert names[drafts[0].member_id] == "Vic Taylor"
    not_started = {m.id for m in state.members} - {s.member_id for s in sheets}
    assert [names[m] for m in not_started] == ["Marcus Bell"]


def test_nobody_has_scored_c03_or_c04(state: SessionState) -> None:
    assert sheets_for(state, "C03") == [] and sheets_for(state, "C04") == []


def test_a_few_short_notes(state: SessionState) -> None:
    notes = [note for s in state.sheets for note in s.notes.values()]
    assert 3 <= len(notes) <= 10
    assert all(0 < len(note) <= 100 for note in notes)
    draft = next(s for s in state.sheets if not s.submitted)
    assert set(draft.notes) <= set(draft.scores)


def test_everyone_who_scored_confirmed_the_confidentiality_statement(state: SessionState) -> None:
    scorers = {s.member_id for s in state.sheets}
    assert {b.member_id for b in state.briefings} == scorers


def test_the_words_are_respectful(demo_file: SessionFile) -> None:
    for path in (demo_file.path, demo_file.path.with_name("demo-peer-mentor.audit.jsonl")):
        assert " ".join(["service", "user"]) not in path.read_text(encoding="utf-8").lower()


# How it is made --------------------------------------------------------------


def content(state: SessionState) -> object:
    """What a person sees, without ids and times."""
    members = {m.id: (m.name, m.group, m.role, m.access_needs) for m in state.members}
    questions = {q.id: q.position for q in state.questions}
    codes = {c.id: c.code for c in state.candidates}
    return (
        state.session.model_dump(exclude={"id", "created_at"}),
        sorted(members.values()),
        sorted(
            (
                q.position,
                q.text,
                q.plain_text,
                q.guidance,
                q.criterion,
                q.follow_ups,
                sorted(q.anchors.items()),
                [members[a][0] for a in q.authors],
            )
            for q in state.questions
        ),
        sorted((c.code, c.name, c.slot, c.adjustments) for c in state.candidates),
        sorted(
            (
                members[s.member_id][0],
                codes[s.candidate_id],
                s.status,
                sorted((questions[q], v) for q, v in s.scores.items()),
                sorted((questions[q], n) for q, n in s.notes.items()),
            )
            for s in state.sheets
        ),
    )


def test_every_demo_has_the_same_content(state: SessionState, tmp_path: Path) -> None:
    path, created = ensure_demo(tmp_path)
    assert created
    assert content(SessionFile.open(path).state()) == content(state)


def test_ensure_demo_makes_the_folder_and_then_finds_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "folder"
    path, created = ensure_demo(folder)
    assert (path, created) == (folder / DEMO_FILE_NAME, True)
    before = folder_bytes(folder)
    assert ensure_demo(folder) == (path, False)
    assert folder_bytes(folder) == before


def test_a_failure_part_way_leaves_no_half_made_demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = [*demo.CANDIDATES[:2], ("   ", "Tue 3 Dec, 13:30", "")]
    monkeypatch.setattr(demo, "CANDIDATES", broken)
    with pytest.raises(PanelError):
        ensure_demo(tmp_path)
    assert list(tmp_path.iterdir()) == [], "nothing left behind, not even the scratch folder"
    monkeypatch.undo()
    path, created = ensure_demo(tmp_path)
    assert created and len(SessionFile.open(path).state().candidates) == 4


def test_a_demo_made_meanwhile_by_another_terminal_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_build = demo.build_demo

    def build_while_another_terminal_makes_one(path: Path) -> None:
        real_build(path)
        new_session(tmp_path, "Made in another terminal", path=tmp_path / DEMO_FILE_NAME)

    monkeypatch.setattr(demo, "build_demo", build_while_another_terminal_makes_one)
    path, created = ensure_demo(tmp_path)
    assert not created
    state = SessionFile.open(path).state()
    assert state.session.vacancy == "Made in another terminal"
    assert [e.action for e in SessionFile.open(path).audit_events()] == ["created the session"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".demo-building")]


@pytest.mark.parametrize("create_only", [True, False], ids=["create-only", "open"])
def test_a_damaged_demo_is_reported_not_opened_and_not_replaced(
    run_cli: RunCli, folder: Path, create_only: bool
) -> None:
    assert run_cli("--sessions-dir", folder, "demo", "--create-only").code == 0
    path = folder / DEMO_FILE_NAME
    path.write_bytes(path.read_bytes()[:100])
    before = folder_bytes(folder)
    result = run_cli("--sessions-dir", folder, "demo", *(["--create-only"] if create_only else []))
    assert result.code == 1
    assert str(path) in result.err and "damaged" in result.err
    assert "\x1b[?1049h" not in result.out + result.err, "the app did not start"
    assert folder_bytes(folder) == before
