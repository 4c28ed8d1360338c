"""The hub's own screen (Pilot): the join link and password, the QR code, who is connected, closing one connection.

The hub's real web server listens (on a free port) inside the app under test. A connected tab is
stood in for by a websocket double and a status file, as a tab's app writes it (`panel_tui.ui.hub_status`).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from panel_tui.serve.hub import Hub, HubPlan
from panel_tui.serve.server import Tab
from panel_tui.ui.hub_app import HubApp, HubScreen, QrScreen

from ..ui.helpers import wait_for


class FakeSocket:
    closed_with: int | None = None

    async def close(self, code: int = 1000, message: bytes = b"") -> bool:
        self.closed_with = code
        return True


def _plan(tmp_path: Path, without: tuple[str, ...] = ()) -> HubPlan:
    return HubPlan(tmp_path, None, "Peer mentor", "127.0.0.1", 0, without_pin=without)


def _text(app: HubApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query("Static"))


def _connect(app: HubApp, tab_id: str, name: str | None) -> FakeSocket:
    socket = FakeSocket()
    tabs = app.hub.server.tabs
    tabs.by_id[tab_id] = Tab(tab_id, datetime.now().astimezone(), socket)  # type: ignore[arg-type]
    if name:
        (tabs.folder / f"{tab_id}.json").write_text(json.dumps({"name": name, "role": "panel member"}))
    return socket


async def test_the_hub_shows_the_link_the_password_and_who_cannot_join(tmp_path: Path) -> None:
    app = HubApp(Hub(_plan(tmp_path, without=("Dee Morgan",))))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.hub.base_url))
        await pilot.pause()
        text = _text(app)
        assert f"Join at: {app.hub.join_url}" in text
        assert f"Round password: {app.hub.password.replace('-', ' ')}" in text
        assert "Dee Morgan" in text and "no PIN" in text
        assert "Connected now: nobody" in text


async def test_names_appear_once_signed_in_and_d_closes_one_connection(tmp_path: Path) -> None:
    app = HubApp(Hub(_plan(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.hub.base_url))
        ana = _connect(app, "tab-ana", "Ana Lopez")
        _connect(app, "tab-new", None)
        await wait_for(pilot, lambda: "Connected now: 2 (1 signed in)" in _text(app), seconds=5)
        table = app.screen.query_one("#tabs")
        rows = [table.get_row_at(i) for i in range(table.row_count)]  # type: ignore[attr-defined]
        assert ["Ana Lopez", "panel member"] == rows[0][:2]
        assert rows[1][0] == "(choosing their name)"
        assert not any("127.0.0.1" in str(cell) for row in rows for cell in row), "never a network address"
        await pilot.press("d")
        await pilot.pause()
        assert "Close the connection of Ana Lopez?" in _text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: ana.closed_with is not None)


async def test_q_shows_the_qr_code_and_escape_goes_back(tmp_path: Path) -> None:
    app = HubApp(Hub(_plan(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.hub.base_url))
        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, QrScreen))
        assert app.hub.join_url in _text(app)
        assert "▀" in _text(app) or "█" in _text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HubScreen))


async def test_ctrl_q_asks_while_anyone_is_connected_then_stops(tmp_path: Path) -> None:
    app = HubApp(Hub(_plan(tmp_path)))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: bool(app.hub.base_url))
        socket = _connect(app, "tab-ana", "Ana Lopez")
        folder = app.hub.server.tabs.folder
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert "1 connected. Stop the hub" in _text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q", "y")
        await wait_for(pilot, lambda: socket.closed_with is not None)
    assert not folder.exists(), "the tabs' folder is removed when the hub stops"
