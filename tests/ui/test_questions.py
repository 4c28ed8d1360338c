"""Writing questions together through the keys: propose, improve (change shown), agree, order, lock."""

from __future__ import annotations

from pathlib import Path

import pytest

from panel_tui.locations import starter_banks_dir
from panel_tui.services import OpenedSession, new_session
from panel_tui.store import SessionFile
from panel_tui.ui.screens.question_form import ChoiceMenu, QuestionForm
from panel_tui.ui.screens.questions import QuestionsScreen

from .conftest import SIZE, visible_text
from .helpers import settle, sign_in_as


@pytest.fixture
def writing(sessions_dir: Path) -> Path:
    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    svc = opened.sign_in(chair.id)
    svc.add_member("Dee Member", "member")
    svc.add_member("Vic Volunteer", "volunteer")
    return opened.path


async def open_questions(pilot, name: str) -> None:  # type: ignore[no-untyped-def]
    await sign_in_as(pilot, name)
    await pilot.press("q")
    await settle(pilot)
    assert isinstance(pilot.app.screen, QuestionsScreen)


async def test_member_proposes_and_another_improves_and_the_change_is_shown(writing, app_for):
    app = app_for(writing)
    async with app.run_test(size=SIZE) as pilot:
        await open_questions(pilot, "Dee Member")
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, QuestionForm)
        await pilot.press(*"How do you listen?")
        app.screen.query_one("#guidance").load_text("Gives an example\nLets the person talk")
        app.screen.query_one("#anchor-4").value = "A clear example"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QuestionsScreen)
        text = visible_text(app)
        assert "How do you listen?" in text and "? proposed" in text and "Written by: Dee Member (Member)" in text
    second = app_for(writing)
    async with second.run_test(size=SIZE) as pilot:
        await open_questions(pilot, "Vic Volunteer")
        await pilot.press("e")
        await settle(pilot)
        form = second.screen
        assert isinstance(form, QuestionForm)
        form.query_one("#text").load_text("Tell us how you listen to someone.")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = visible_text(second)
        assert "Last change by Vic Volunteer (Volunteer)" in text
        assert "Before: How do you listen?" in text and "After: Tell us how you listen to someone." in text
        assert "Written by: Dee Member (Member), Vic Volunteer (Volunteer)" in text
        offered = {b.binding.description for b in second.screen.active_bindings.values() if b.binding.show and b.enabled}
        assert "Support" not in offered, "a co-author does not support their own question"
    q = SessionFile.open(writing).state().questions[0]
    assert q.text == "Tell us how you listen to someone." and len(q.authors) == 2 and q.anchors == {4: "A clear example"}


async def test_chair_agrees_orders_and_locks_and_the_balance_updates(writing, app_for):
    session_file = SessionFile.open(writing)
    state = session_file.state()
    dee = next(m for m in state.members if m.name == "Dee Member")
    vic = next(m for m in state.members if m.name == "Vic Volunteer")
    opened = OpenedSession.open(writing)
    opened.sign_in(dee.id).propose_question("First from Dee?")
    opened.sign_in(vic.id).propose_question("Second from Vic?")
    app = app_for(writing)
    async with app.run_test(size=SIZE) as pilot:
        await open_questions(pilot, "Sam Chair")
        assert "Written by: ✎ Member 0 · ✎ Volunteer 0 · ✎ Staff 0" in visible_text(app)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("down", "down")  # rows: agreed first, then proposed
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceMenu)
        await pilot.press("enter")  # first choice: mark agreed
        await settle(pilot)
        await settle(pilot)
        assert "Written by: ✎ Member 1 · ✎ Volunteer 1 · ✎ Staff 0" in visible_text(app)
        table = app.screen.query_one("#question-table")
        table.move_cursor(row=1)
        await pilot.press("shift+up")
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert "Agreed set: 2 question(s), locked." in visible_text(app)
    agreed = SessionFile.open(writing).state().agreed_questions
    assert [q.text for q in agreed] == ["Second from Vic?", "First from Dee?"]
    assert SessionFile.open(writing).state().session.questions_locked


async def test_main_actions_show_in_the_footer_at_80x24(writing, app_for):
    from textual.widgets import Footer
    from textual.widgets._footer import FooterKey

    app = app_for(writing)
    async with app.run_test(size=SIZE) as pilot:
        await open_questions(pilot, "Sam Chair")
        footer = app.screen.query_one(Footer)
        shown = {k.description for k in footer.query(FooterKey) if k.region.right <= SIZE[0] and k.region.width}
        for description in ("New", "Improve", "Comment", "Support", "Chair", "Back", "Help", "Colours"):
            assert description in shown


async def test_chair_imports_chosen_questions_from_a_starter_bank(writing, app_for, monkeypatch):
    from panel_tui.ui.screens.bank_import import BankImport

    monkeypatch.setenv("PANEL_TUI_QUESTIONS_DIR", str(starter_banks_dir()))
    app = app_for(writing)
    async with app.run_test(size=SIZE) as pilot:
        await open_questions(pilot, "Sam Chair")
        await pilot.press("m")
        await settle(pilot)
        options = app.screen.query_one("#choices")
        index = next(i for i in range(options.option_count) if options.get_option_at_index(i).id == "import_bank")
        options.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, BankImport)
        chooser = app.screen.query_one("#bank-questions")
        total = chooser.option_count
        assert total >= 8
        chooser.deselect(chooser.get_option_at_index(0).value)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, QuestionsScreen)
        assert f"{total - 1} question(s) imported as proposed." in [n.message for n in app._notifications][-1]
    questions = SessionFile.open(writing).state().questions
    assert len(questions) == total - 1
    assert all(q.status.value == "proposed" and q.imported_groups for q in questions)
