"""The hub's pages as served: our template, nothing from outside the machine, the page's two choices.

The aiohttp app is the hub's real one (door, routes, headers); no app process starts here.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from panel_tui.serve import server as server_module
from panel_tui.serve.door import Door
from panel_tui.serve.server import HubServer, textual_js

PASSWORD = "maple-otter-cloud-seven"
STATIC = Path(server_module.__file__).parent / "static"
TEMPLATES = Path(server_module.__file__).parent / "templates"


def _server(tmp_path: Path, **kwargs: object) -> HubServer:
    return HubServer("true", Door(PASSWORD), tmp_path, host="127.0.0.1", port=0, title="Peer mentor <b>", **kwargs)  # type: ignore[arg-type]


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[TestClient]:
    hub = _server(tmp_path)
    async with TestClient(TestServer(await hub._make_app())) as client:
        await client.get(f"/?password={PASSWORD}", allow_redirects=False)
        yield client


EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", re.I)


async def test_no_page_or_file_of_ours_fetches_anything_from_outside(client: TestClient) -> None:
    pages = [await (await client.get(path)).text() for path in ("/", "/?reader=1&fontsize=larger", "/door")]
    files = [p.read_text("utf-8") for p in [*STATIC.iterdir(), *TEMPLATES.iterdir()]]
    for text in pages + files:
        assert not EXTERNAL.search(text), EXTERNAL.search(text)
    assert "fonts.googleapis" not in "".join(pages + files)


async def test_every_response_forbids_outside_requests_and_framing(client: TestClient) -> None:
    for path in ("/", "/door", "/hub/hub.css"):
        response = await client.get(path, allow_redirects=False)
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "connect-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert response.headers["Referrer-Policy"] == "no-referrer", "the link holds the password"
    client.session.cookie_jar.clear()
    refused = await client.get("/", allow_redirects=False)
    assert refused.status == 303 and "Content-Security-Policy" in refused.headers


async def test_the_page_offers_larger_text_and_screen_reader_mode(client: TestClient) -> None:
    plain = await (await client.get("/")).text()
    assert 'data-screen-reader="0"' in plain and 'data-font-size="16"' in plain
    assert 'href="/?fontsize=larger"' in plain and 'href="/?reader=1"' in plain
    chosen = await (await client.get("/?reader=1&fontsize=larger")).text()
    assert 'data-screen-reader="1"' in chosen and 'data-font-size="24"' in chosen
    assert "Screen reader mode is on: turn it off" in chosen and "Normal text" in chosen
    assert "Peer mentor &lt;b&gt;" in chosen, "the session's name is escaped"
    assert 'lang="en"' in chosen


async def test_the_websocket_address_is_the_one_the_browser_used(client: TestClient) -> None:
    page = await (await client.get("/", headers={"Host": "192.168.1.20:8000"})).text()
    assert 'data-session-websocket-url="ws://192.168.1.20:8000/ws"' in page


async def test_behind_a_proxy_the_public_address_is_used(tmp_path: Path) -> None:
    hub = _server(tmp_path, public_url="https://panel.example.org")
    async with TestClient(TestServer(await hub._make_app())) as client:
        await client.get(f"/?password={PASSWORD}", allow_redirects=False)
        page = await (await client.get("/")).text()
    assert 'data-session-websocket-url="wss://panel.example.org/ws"' in page


async def test_screen_reader_mode_is_switched_by_the_page(client: TestClient) -> None:
    script = await (await client.get("/hub/textual.js")).text()
    assert 'screenReaderMode:"1"===e.dataset.screenReader' in script


def test_a_textual_serve_that_spells_its_options_differently_stops_the_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    assert textual_js()
    monkeypatch.setattr(server_module, "XTERM_OPTIONS", "scrollback:0,fontFamily:nothing-like-this")
    with pytest.raises(RuntimeError, match="screen-reader mode"):
        textual_js()


async def test_a_full_hub_says_so(tmp_path: Path) -> None:
    hub = _server(tmp_path, max_tabs=0)
    async with TestClient(TestServer(await hub._make_app())) as client:
        await client.get(f"/?password={PASSWORD}", allow_redirects=False)
        host = f"{client.host}:{client.port}"
        full = await client.get("/ws", headers={"Origin": f"http://{host}"})
        assert full.status == 503 and "full" in await full.text()


async def test_the_door_page_keeps_the_choices_and_says_why(client: TestClient) -> None:
    client.session.cookie_jar.clear()
    page = await (await client.get("/door?why=expired&fontsize=larger")).text()
    assert "does not work any more" in page and 'name="fontsize" value="larger"' in page
    assert '<label for="password">' in page
    wrong = await client.post("/door", data={"password": "nope", "fontsize": "larger"}, allow_redirects=False)
    assert wrong.status == 403 and "not right" in await wrong.text()
    right = await client.post("/door", data={"password": PASSWORD, "fontsize": "larger"}, allow_redirects=False)
    assert right.status == 303 and right.headers["Location"] == "/?fontsize=larger"


async def test_an_unknown_address_says_what_to_do(client: TestClient) -> None:
    missing = await client.get("/join/abc")
    assert missing.status == 404 and "Ask the chair for the link" in await missing.text()


async def test_a_wrong_password_keeps_the_pages_choices(client: TestClient) -> None:
    client.session.cookie_jar.clear()
    wrong = await client.post("/door", data={"password": "nope", "fontsize": "larger", "reader": "1"}, allow_redirects=False)
    page = await wrong.text()
    assert 'name="fontsize" value="larger"' in page and 'name="reader" value="1"' in page
    assert 'class="door larger"' in page, "a screen-reader user who mistypes keeps larger text and screen-reader mode"
