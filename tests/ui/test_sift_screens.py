"""The sift through the keys (issue 15): a CSV in, redaction, the sift opened, three reviewers, the shortlist, candidates.

The screens are pushed from the overview as the overview's key will push
them (A "Applications and sift": `ApplicationsScreen` for the chair and HR,
`SiftScreen` for a reviewer). Every sift screen is read as a person would
read it, and must never show a name, an email address or a phone number.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from panel_tui.services import OpenedSession
from panel_tui.ui.screens.applications import ApplicationsScreen
from panel_tui.ui.screens.confirm import ConfirmScreen
from panel_tui.ui.screens.overview import OverviewScreen
from panel_tui.ui.screens.question_form import QuestionForm
from panel_tui.ui.screens.questions import QuestionsScreen
from panel_tui.ui.screens.redaction import RedactionScreen
from panel_tui.ui.screens.shortlist import ShortlistScreen
from panel_tui.ui.screens.sift import SiftQuestionScreen, SiftScreen
from panel_tui.ui.screens.sift_forms import AnswerForm, ApplicationForm, DecisionForm, ImportForm
from panel_tui.ui.widgets.toggles import TickBox

from .conftest import SIZE, Panel, make_panel, visible_text
from .helpers import settle, sign_in_as, wait_for

QUESTION = "Tell us about a time you helped someone feel welcome."
PEOPLE = [
    ("Zebedee Quill", "zeb.quill@example.org", "07700 900111"),
    ("Marigold Penhallow", "mari.pen@example.org", "07700 900222"),
    ("Ottoline Brackwater", "otto.b@example.org", "07700 900333"),
    ("Percival Dunmore", "perce@example.org", "07700 900444"),
    ("Hortensia Vale", "h.vale@example.org", "07700 900555"),
    ("Barnaby Thistlewood", "barn@example.org", "07700 900666"),
    ("Clementine Arkwright", "clem.ark@example.org", "07700 900777"),
    ("Ignatius Fairweather", "iggy@example.org", "07700 900888"),
]
"""Names no sift screen may show: each is planted in the file, and the first in its own answer too."""
IDENTIFYING = [part for person in PEOPLE for part in person] + [p[0].split()[0] for p in PEOPLE]


def write_csv(folder: Path) -> Path:
    path = folder / "applications.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["Name", "Email", "Phone", QUESTION])
        for number, (name, email, phone) in enumerate(PEOPLE, start=1):
            answer = f"At the drop-in I made tea and listened. Story number {number}."
            if number == 1:
                answer = f"I am {name}, write to {email}. At the drop-in I made tea and listened."
            writer.writerow([name, email, phone, answer])
    return path


def assert_nothing_identifying(app: Any, where: str) -> None:
    text = visible_text(app)
    for detail in IDENTIFYING:
        assert detail.casefold() not in text.casefold(), f"{detail!r} is on {where}:\n{text}"


async def keys(pilot: Pilot[Any], *pressed: str) -> None:
    for key in pressed:
        await pilot.press(key)
        await settle(pilot)


async def open_applications(pilot: Pilot[Any], name: str = "Sam Chair") -> ApplicationsScreen:
    """As the overview's key will: the applications for the chair and HR."""
    await sign_in_as(pilot, name)
    overview = pilot.app.screen
    assert isinstance(overview, OverviewScreen)
    pilot.app.push_screen(ApplicationsScreen(overview.service))
    await settle(pilot)
    assert isinstance(pilot.app.screen, ApplicationsScreen)
    return pilot.app.screen


async def open_sift(pilot: Pilot[Any], name: str) -> SiftScreen:
    """As the overview's key will: the sift for a reviewer."""
    await sign_in_as(pilot, name)
    overview = pilot.app.screen
    assert isinstance(overview, OverviewScreen)
    pilot.app.push_screen(SiftScreen(overview.service))
    await settle(pilot)
    assert isinstance(pilot.app.screen, SiftScreen)
    return pilot.app.screen


async def import_file(pilot: Pilot[Any], path: Path) -> None:
    await keys(pilot, "i")
    assert isinstance(pilot.app.screen, ImportForm)
    await pilot.press(*str(path))
    await keys(pilot, "enter")


async def agree_sift_questions(pilot: Pilot[Any]) -> None:
    """On the questions screen, the chair agrees every proposed sift question (A), as the panel decided."""
    await keys(pilot, "escape", "q")
    assert isinstance(pilot.app.screen, QuestionsScreen)
    assert "[Sift]" in visible_text(pilot.app), "sift questions are marked in the list"
    service = pilot.app.screen.service
    for _ in range(len(service.state.questions)):
        current = pilot.app.screen._current()
        if current is not None and current.sift and current.status.value == "proposed":
            await keys(pilot, "a")
        await keys(pilot, "down")
    await keys(pilot, "escape")
    overview = pilot.app.screen
    assert isinstance(overview, OverviewScreen)
    pilot.app.push_screen(ApplicationsScreen(overview.service))
    await settle(pilot)


@pytest.fixture
def round_with_panel(sessions_dir: Path) -> Panel:
    return make_panel(sessions_dir)


async def test_from_csv_through_sift_and_shortlist_to_interview_candidates(round_with_panel: Panel, app_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = round_with_panel
    file = write_csv(tmp_path)

    # HR's part, done by the chair here: import, agree the sift question, redact, open.
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_applications(pilot)
        await import_file(pilot, file)
        assert isinstance(app.screen, ApplicationsScreen)
        assert any("Imported 8 applications (A01 to A08)" in n.message for n in app._notifications)
        text = visible_text(app)
        assert "8 applications" in text and "Zebedee Quill" not in text, "the chair sifts too: codes only, like every reviewer"
        assert "(hidden: you sift too)" in text
        assert "⚑" in text and "to check" in text, "the found details are counted"

        await agree_sift_questions(pilot)
        screen = app.screen
        assert isinstance(screen, ApplicationsScreen)
        assert "1 sift question(s)" in visible_text(app)

        await keys(pilot, "enter")  # A01, whose answer names them and gives their email
        assert isinstance(app.screen, RedactionScreen)
        text = visible_text(app)
        assert "[Zebedee Quill]" in text and "[zeb.quill@example.org]" in text, "finds are bracketed, not coloured only"
        assert "Found: their own name (Zebedee Quill), an email address (zeb.quill@example.org)" in text
        assert "kept apart" in text
        await keys(pilot, "r")
        assert isinstance(app.screen, ConfirmScreen)
        await keys(pilot, "y")
        text = visible_text(app)
        assert "I am [removed], write to [removed]." in text and "nothing found" in text

        await keys(pilot, "e")  # the place of work is not found by the finder: edited by hand
        form = app.screen
        assert isinstance(form, AnswerForm)
        assert "kept apart" in visible_text(app)
        form.query_one("#answer", TextArea).load_text("I am [removed]. At the drop-in I made tea and listened.")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, RedactionScreen)
        assert "At the drop-in I made tea" in visible_text(app) and "✎ edited" in visible_text(app)
        await keys(pilot, "escape")

        await keys(pilot, "o")
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "No names or contact details were found" in visible_text(app)
        await keys(pilot, "y")
        assert "sift open" in visible_text(app)

    # Three reviewers, each in their own terminal, each in their own order.
    orders: dict[str, list[str]] = {}
    strong = {"A02", "A05", "A07"}
    for name, low in (("Sam Chair", "1"), ("Dee Member", "1"), ("Vic Volunteer", "3")):
        reviewer = app_for(panel.path)
        async with reviewer.run_test(size=SIZE) as pilot:
            if name == "Sam Chair":  # the chair sifts too, from the applications
                await open_applications(pilot, name)
                await keys(pilot, "s")
                assert isinstance(reviewer.screen, SiftScreen)
            else:
                await open_sift(pilot, name)
            assert_nothing_identifying(reviewer, f"{name}'s sift list")
            assert "0 of 8 | not yet" in visible_text(reviewer)
            await keys(pilot, "enter")
            screen = reviewer.screen
            assert isinstance(screen, SiftQuestionScreen)
            seen = []
            for number in range(1, 9):
                text = visible_text(reviewer)
                assert f"Answer {number} of 8, applicant " in text
                assert QUESTION in text, "the sift question stays at the top"
                assert_nothing_identifying(reviewer, f"{name}'s answer {number}")
                seen.append(screen.item.code)
                await keys(pilot, "4" if screen.item.code in strong else low)  # one key scores, and the next answer comes up
            orders[name] = seen
            assert "Every answer is scored: press S to submit." in visible_text(reviewer)
            await keys(pilot, "s")
            assert isinstance(reviewer.screen, ConfirmScreen)
            await keys(pilot, "y")
            assert "✓ submitted" in visible_text(reviewer)
            await keys(pilot, "escape")
            assert "✓ submitted" in visible_text(reviewer)
            assert_nothing_identifying(reviewer, f"{name}'s sift list after submitting")
    assert all(sorted(seen) == [f"A0{n}" for n in range(1, 9)] for seen in orders.values())
    assert len({tuple(seen) for seen in orders.values()}) == 3, f"each reviewer has their own order: {orders}"

    # The chair: the ranking, decisions with reasons, candidates.
    app = app_for(panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_applications(pilot)
        await keys(pilot, "l")
        shortlist = app.screen
        assert isinstance(shortlist, ShortlistScreen)
        text = visible_text(app)
        assert "3 of 3 reviewers have sent every question" in text
        assert "Total" in text and "| 4 | 0 |" in text, "the strong answers' total, with no spread"
        assert "⚑ differs" in text, "1, 1 and 3 differ: flagged by a symbol and a word"
        assert_nothing_identifying(app, "the shortlist")
        await keys(pilot, "1")
        assert "✓ sent" in visible_text(app)
        assert_nothing_identifying(app, "the sift progress")
        await keys(pilot, "2")
        chosen = []
        for row in range(8):
            current = shortlist._current()
            assert current is not None
            code = current.code
            await keys(pilot, "enter")
            assert isinstance(app.screen, DecisionForm)
            yes = row < 3
            await keys(pilot, "enter" if yes else "down")  # the first choice is yes
            if not yes:
                await keys(pilot, "enter")
            await keys(pilot, "tab")
            await pilot.press(*("Strong answer" if yes else "Others were stronger"))
            await keys(pilot, "ctrl+s")
            assert isinstance(app.screen, ShortlistScreen), visible_text(app)
            assert_nothing_identifying(app, "the shortlist after a decision")
            if yes:
                chosen.append(code)
            if row < 7:
                after = shortlist._current()
                assert after is not None and after.code != code, "on to the next applicant"
        assert sorted(chosen) == sorted(strong), "the three ranked first were shortlisted"
        assert "3 shortlisted, 0 to decide" in visible_text(app)
        await keys(pilot, "m")
        assert isinstance(app.screen, ConfirmScreen)
        await keys(pilot, "y")
        said = f"3 candidates are ready for interview: {', '.join(sorted(chosen))}."
        assert any(n.message == said for n in app._notifications), [n.message for n in app._notifications]
        assert "→ candidate" in visible_text(app)
        await keys(pilot, "escape", "escape")
        assert isinstance(app.screen, OverviewScreen)
        await keys(pilot, "3")
        text = visible_text(app)
        for code in chosen:
            assert code in text, "the shortlisted applicants are candidates on the overview"


async def test_a_file_with_a_problem_is_refused_in_plain_words_and_the_path_stays(round_with_panel: Panel, app_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.csv"
    bad.write_text(f"Email,{QUESTION}\nzeb@example.org,An answer\n", encoding="utf-8")
    app = app_for(round_with_panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_applications(pilot)
        await import_file(pilot, bad)
        form = app.screen
        assert isinstance(form, ImportForm), "the form stays open"
        assert form.query_one("#path", Input).value == str(bad)
        text = visible_text(app)
        assert "✗ Nothing imported." in text
        assert "Traceback" not in text
        await keys(pilot, "escape")
        assert "No applications yet" in visible_text(app)


async def test_typing_an_application_in_gives_it_a_code(round_with_panel: Panel, app_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svc = OpenedSession.open(round_with_panel.path).sign_in(round_with_panel.chair.id)
    svc.propose_question(QUESTION, sift=True)
    app = app_for(round_with_panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_applications(pilot)
        await keys(pilot, "a")
        form = app.screen
        assert isinstance(form, ApplicationForm)
        assert QUESTION in visible_text(app), "one box for each sift question"
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ApplicationForm), "a name is needed"
        assert "Please type the name" in visible_text(app)
        await pilot.press(*"Rosalind Pike")
        form.query_one("#answer-1", TextArea).load_text("I ran a lunch club.")
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, ApplicationsScreen)
        assert "A01" in visible_text(app) and "Rosalind Pike" not in visible_text(app), "the chair sifts too: codes only"
        assert any(n.message == "Application added as A01." for n in app._notifications)


async def test_submitting_too_soon_names_the_codes_still_to_score(round_with_panel: Panel, app_for, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    svc = OpenedSession.open(round_with_panel.path).sign_in(round_with_panel.chair.id)
    svc.import_applications(write_csv(tmp_path))
    for question in svc.state.questions:
        if question.sift:
            svc.set_question_status(question.id, "agreed")
    svc.open_sift()
    app = app_for(round_with_panel.path)
    async with app.run_test(size=SIZE) as pilot:
        await open_sift(pilot, "Dee Member")
        await keys(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, SiftQuestionScreen)
        first = screen.item.code
        await keys(pilot, "4")
        second = screen.item.code
        assert second != first, "auto-advance after a score"
        await keys(pilot, "left")
        assert screen.item.code == first and "▶ 4" in visible_text(app)
        await keys(pilot, "pagedown", "pagedown")
        assert screen.index == 2
        await keys(pilot, "pageup")
        assert screen.item.code == second
        await keys(pilot, "n")
        await pilot.press(*"Kind and clear")
        await keys(pilot, "escape")
        await wait_for(pilot, lambda: not app.saves.pending)
        await keys(pilot, "s")
        assert isinstance(app.screen, SiftQuestionScreen), "nothing to confirm yet"
        text = visible_text(app)
        assert "Still to score:" in text and second in text and first not in text.split("Still to score:")[1]
    saved = OpenedSession.open(round_with_panel.path).sign_in(round_with_panel.member.id)
    queue = saved.sift_queue(screen.question_id)
    by_code = {i.code: i for i in queue.items}
    assert by_code[first].score == 4 and by_code[second].note == "Kind and clear"
    assert not queue.submitted


async def test_proposing_a_sift_question_ticks_the_box(sessions_dir: Path, app_for) -> None:  # type: ignore[no-untyped-def]
    from panel_tui.services import new_session

    opened, chair = new_session(sessions_dir, "Support worker", chair_name="Sam Chair", chair_group="staff")
    app = app_for(opened.path)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_as(pilot, "Sam Chair")
        await keys(pilot, "q", "p")
        assert isinstance(app.screen, QuestionForm)
        await pilot.press(*"Why do you want this job?")
        app.screen.query_one("#sift", TickBox).value = True
        await keys(pilot, "ctrl+s")
        assert isinstance(app.screen, QuestionsScreen)
        assert "[Sift] Why do you want this job?" in visible_text(app)
    saved = OpenedSession.open(opened.path).sign_in(chair.id).state.questions  # type: ignore[union-attr]
    assert [q.sift for q in saved] == [True]
