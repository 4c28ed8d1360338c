"""The real hub: `panel-tui serve` as a process, each tab its own app process, the session file on disk.

Each tab here is the websocket client of hub_client.py (the browser's own protocol, the screen kept by
pyte); the browser itself is in test_browser.py. Every score is read back from the session file
through the services, as the member who gave it.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import signal
import subprocess
import sys

import aiohttp
import pytest

from panel_tui.services import problem_report
from panel_tui.services.sessions import NEED_A_PIN

from .hub_client import (
    Hub,
    HubRefused,
    PanelRound,
    Screen,
    choose,
    give_scores,
    loose,
    open_next_sheet,
    saved_sheet,
    shows_notice,
    sign_in,
    submit_sheet,
    terminal_app,
)

pytestmark = pytest.mark.timeout(90)


async def test_a_member_signs_in_with_their_pin_scores_a_whole_sheet_and_submits_it(hub: Hub, round_: PanelRound) -> None:
    async with hub.tab() as tab:
        await sign_in(tab, "Dee Member", round_.pins["Dee Member"])
        await open_next_sheet(tab)
        await give_scores(tab, [3, 1, 4])
        await submit_sheet(tab)
    sheet = saved_sheet(round_, "Dee Member")
    assert sheet.scores == [3, 1, 4] and sheet.submitted


async def test_a_member_without_a_pin_cannot_sign_in_served_and_is_told_why(hub: Hub, round_: PanelRound) -> None:
    await hub.until_printed(r"no PIN yet, so they cannot join: Vic Volunteer\.")  # the chair knows before anyone tries
    async with hub.tab() as tab:
        await tab.until(loose("Vic Volunteer"))
        assert re.search(r"Vic Volunteer.*no PIN yet", tab.text()), "marked on the list"
        await choose(tab, "Vic Volunteer")
        await tab.until(r"You need a PIN")
        await tab.settle()
        assert shows_notice(tab.text(), NEED_A_PIN), tab.text()
        assert "Who are you?" in tab.text() and "You: " not in tab.text(), "still not signed in"


async def test_two_tabs_and_a_terminal_score_the_same_session_at_once(hub: Hub, round_: PanelRound) -> None:
    async def score(screen: Screen, name: str, scores: list[int]) -> None:
        await sign_in(screen, name, round_.pins[name])
        await open_next_sheet(screen)
        await give_scores(screen, scores, gap=0.1)  # as people type: their saves land in between each other's
        await submit_sheet(screen)

    async with hub.tab() as dee, hub.tab() as ash, terminal_app(round_.path, round_.sessions_dir) as lee:
        await asyncio.gather(
            score(dee, "Dee Member", [4, 3, 2]), score(ash, "Ash Member", [0, 1, 2]), score(lee, "Lee Staff", [2, 2, 4]),
        )
    assert saved_sheet(round_, "Dee Member").scores == [4, 3, 2]
    assert saved_sheet(round_, "Ash Member").scores == [0, 1, 2]
    assert saved_sheet(round_, "Lee Staff").scores == [2, 2, 4]
    assert all(saved_sheet(round_, name).submitted for name in ("Dee Member", "Ash Member", "Lee Staff"))


IP_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\[?[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,}\]?", re.I)


def _addresses(text: str) -> list[str]:
    found = []
    for match in IP_ADDRESS.finditer(text):
        with_port = match.group().strip("[]")
        try:
            ipaddress.ip_address(with_port)
        except ValueError:
            continue
        found.append(with_port)
    return found


async def test_the_hub_says_who_signed_in_and_left_and_never_a_network_address(hub: Hub, round_: PanelRound) -> None:
    async with hub.tab() as tab:
        await hub.until_printed(r"^Someone joined and is choosing their name\.$")
        await sign_in(tab, "Ash Member", round_.pins["Ash Member"])
        await hub.until_printed(r"^Ash Member signed in\.$")
    await hub.until_printed(r"^Ash Member left\.$")
    hub.stop()
    join = [line for line in hub.lines if line.startswith("Join at: ")]
    others = [line for line in hub.lines if not line.startswith("Join at: ")]
    assert len(join) == 1 and _addresses(join[0]) == ["127.0.0.1"], "the join link holds the hub's own address"
    assert not _addresses("".join(others)), f"a network address was printed:\n{hub.output}"


async def test_the_hub_stopped_mid_sheet_closes_the_tab_and_keeps_everything_typed(hub: Hub, round_: PanelRound) -> None:
    async with hub.tab() as tab:
        await sign_in(tab, "Dee Member", round_.pins["Dee Member"])
        await open_next_sheet(tab)
        await give_scores(tab, [2, 4])  # the screen moves on to question 3
        await tab.press("n")
        await tab.until(r"Writing a note")  # the note box has the keys now (typed at once, S would submit)
        await tab.press("Typed as the hub stopped")
        await tab.until(loose("Typed as the hub stopped"))  # on screen: the app has it, saved or not
        hub.process.send_signal(signal.SIGTERM)
        assert await tab.until_closed(20), "the tab's connection closes when the hub stops"
    assert hub.process.wait(timeout=20) == 0, "the hub stops cleanly on SIGTERM"
    await hub.until_printed(r"^Stopping: closing every connection\. Everything saved is kept\.$")
    sheet = saved_sheet(round_, "Dee Member")
    assert sheet.scores == [2, 4, None] and not sheet.submitted
    assert sheet.notes == ["", "", "Typed as the hub stopped"], "a note typed a moment before is kept"


async def test_a_file_damaged_while_served_shows_a_new_tab_the_terminals_plain_message(hub: Hub, round_: PanelRound) -> None:
    async with hub.tab() as open_before:
        await open_before.until(r"Who are you\?")
        round_.path.write_text('{"this is not": a session file', encoding="utf-8")
        expected = problem_report(round_.path)
        assert "is damaged" in expected
        await open_before.until(r"cannot\s+be\s+read")  # the tab already open says so too
        async with hub.tab(120, 40) as new_tab:
            await new_tab.until(r"Cannot open")
            await new_tab.settle()
            first_line = expected.splitlines()[0]
            assert shows_notice(new_tab.text(), first_line), new_tab.text()
            assert shows_notice(new_tab.text(), expected.replace("\n", " ")), "the backup to put back, as the terminal says"
    assert round_.path.read_text() == '{"this is not": a session file', "a damaged file is never overwritten"


def test_serving_a_file_that_is_already_damaged_exits_1_with_the_plain_message(round_: PanelRound) -> None:
    round_.path.write_text("not a session", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "panel_tui", "--sessions-dir", str(round_.sessions_dir), "serve", str(round_.path), "--port", "0"],
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 1
    said = done.stdout + done.stderr
    assert problem_report(round_.path).splitlines()[0] in said
    assert "Traceback" not in said and "Join at" not in said


async def test_a_wrong_origin_an_old_link_and_too_many_wrong_passwords_are_turned_away(hub: Hub) -> None:
    with pytest.raises(HubRefused) as other_page:
        async with hub.tab(origin="http://evil.example"):
            pass
    assert other_page.value.status == 403, "joined, but the websocket comes from another site's page"
    with pytest.raises(HubRefused) as not_joined:
        async with hub.tab(join=False):
            pass
    assert not_joined.value.status == 403
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"{hub.base}/?password=apple-river-cloud-two") as old_link:
            assert old_link.url.path == "/door" and "does not work any more" in await old_link.text()
        async with http.post(f"{hub.base}/door", data={"password": "nope"}) as wrong:
            assert wrong.status == 403 and "not right" in await wrong.text()
        async with http.post(f"{hub.base}/door", data={"password": "nope again"}) as third:
            assert third.status == 403 and "Too many wrong tries" in await third.text(), "the old link was the first"
        async with http.post(f"{hub.base}/door", data={"password": hub.password}) as too_soon:
            assert too_soon.status == 403 and "Too many wrong tries" in await too_soon.text(), "even the right one waits"
    await asyncio.sleep(1.2)  # the hub looks at its tabs once a second
    assert not hub.printed("joined"), "no app was started for anyone turned away"
