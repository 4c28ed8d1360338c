"""The door: the round password from the link or the door page, the signed cookie, the Origin check, the slow-down.

A tiny aiohttp app stands behind the real middleware, so these run without starting the app's processes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from panel_tui.serve import door as door_module
from panel_tui.serve.door import COOKIE, EXPIRED, FREE_TRIES, WRONG, Door

PASSWORD = "maple-otter-cloud-seven"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _ok(request: web.Request) -> web.Response:
    return web.Response(text=f"inside {request.path}")


async def _door_page(request: web.Request) -> web.Response:
    return web.Response(text=f"door {request.query.get('why', '')}")


def _app(door: Door) -> web.Application:
    app = web.Application(middlewares=[door.middleware])
    app.add_routes([
        web.get("/", _ok), web.get("/ws", _ok), web.get("/download/{key}", _ok),
        web.get("/door", _door_page), web.get("/static/x.css", _ok), web.get("/hub/hub.css", _ok),
    ])
    return app


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def door(clock: Clock) -> Door:
    return Door(PASSWORD, clock=clock)


@pytest.fixture
async def client(door: Door) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(_app(door))) as client:
        yield client


async def test_nothing_but_static_files_without_the_password(client: TestClient) -> None:
    front = await client.get("/", allow_redirects=False)
    assert front.status == 303 and front.headers["Location"] == "/door"
    for path in ("/ws", "/download/abc"):
        assert (await client.get(path, allow_redirects=False)).status == 403
    for path in ("/static/x.css", "/hub/hub.css", "/door"):
        assert (await client.get(path)).status == 200


async def test_the_link_lets_you_in_once_and_the_cookie_after(client: TestClient) -> None:
    joined = await client.get(f"/?password={PASSWORD}&fontsize=larger", allow_redirects=False)
    assert joined.status == 303
    assert joined.headers["Location"] == "/?fontsize=larger", "the password leaves the address bar; the choices stay"
    cookie = joined.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    inside = await client.get("/", allow_redirects=False)
    assert inside.status == 200 and await inside.text() == "inside /"


async def test_typed_kindly_capitals_and_spaces_do_not_matter(client: TestClient) -> None:
    joined = await client.get("/?password=Maple Otter cloud  SEVEN", allow_redirects=False)
    assert joined.status == 303 and COOKIE in joined.cookies


async def test_an_old_or_wrong_link_says_so_in_plain_words(client: TestClient) -> None:
    wrong = await client.get("/?password=apple-river-cloud-two", allow_redirects=False)
    assert wrong.status == 303 and wrong.headers["Location"] == "/door?why=expired"
    assert COOKIE not in wrong.cookies
    assert "new password" in EXPIRED and "chair" in EXPIRED


async def test_a_cookie_from_another_hub_or_too_old_is_refused(
    client: TestClient, door: Door, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = Door(PASSWORD)
    client.session.cookie_jar.update_cookies({COOKIE: other.ticket()})
    assert (await client.get("/", allow_redirects=False)).status == 303, "signed with another hub's secret"
    client.session.cookie_jar.update_cookies({COOKIE: door.ticket()})
    assert (await client.get("/", allow_redirects=False)).status == 200
    real_time = door_module.time.time
    monkeypatch.setattr(door_module.time, "time", lambda: real_time() + door_module.COOKIE_HOURS * 3600 + 5)
    assert (await client.get("/", allow_redirects=False)).status == 303, "a day later the cookie no longer opens it"


async def test_the_websocket_needs_this_hubs_origin(client: TestClient) -> None:
    await client.get(f"/?password={PASSWORD}", allow_redirects=False)
    host = f"{client.host}:{client.port}"
    assert (await client.get("/ws", headers={"Origin": f"http://{host}"})).status == 200
    assert (await client.get("/ws", headers={"Origin": "http://evil.example"})).status == 403
    assert (await client.get("/ws", headers={"Origin": f"http://{client.host}:1"})).status == 403
    assert (await client.get("/ws")).status == 403, "no Origin at all: not a page of this hub"


def test_a_public_address_behind_a_proxy_is_an_allowed_origin() -> None:
    door = Door(PASSWORD, allowed_origins=frozenset({"https://panel.example.org"}))

    class Request:
        host = "127.0.0.1:8000"
        headers = {"Origin": "https://panel.example.org"}

    assert door.origin_ok(Request())  # type: ignore[arg-type]
    Request.headers = {"Origin": "https://panel.example.org.evil.example"}
    assert not door.origin_ok(Request())  # type: ignore[arg-type]


def test_wrong_passwords_are_slowed_down_and_a_try_before_its_time_is_not_checked(clock: Clock) -> None:
    door = Door(PASSWORD, clock=clock)
    for _ in range(FREE_TRIES - 1):
        assert door.try_password("10.0.0.9", "nope") == WRONG
    third = door.try_password("10.0.0.9", "nope")
    assert third is not None and third.startswith("Too many wrong tries")
    early = door.try_password("10.0.0.9", PASSWORD)
    assert early is not None and "wait" in early, "even the right password waits its turn"
    assert door.try_password("10.0.0.7", PASSWORD) is None, "another device is not slowed"
    clock.now += door.wait_for("10.0.0.9") + 0.01
    fourth = door.try_password("10.0.0.9", "nope")
    assert fourth is not None and door.wait_for("10.0.0.9") > 2.0, "each wait longer than the last"
    clock.now += 10_000
    assert door.try_password("10.0.0.9", PASSWORD) is None
    assert door.wait_for("10.0.0.9") == 0.0, "a right password clears the count"


def test_waits_stop_growing() -> None:
    clock = Clock()
    door = Door(PASSWORD, clock=clock)
    for _ in range(40):
        clock.now += 10_000
        door.try_password("x", "nope")
    assert door.wait_for("x") <= door_module.LONGEST_WAIT


def test_behind_our_own_proxy_devices_are_told_apart_by_the_address_it_passes_on() -> None:
    class Request:
        remote = "127.0.0.1"
        headers = {"X-Forwarded-For": "203.0.113.9, 192.168.1.23"}

    assert Door(PASSWORD, behind_proxy=True).who(Request()) == "192.168.1.23"  # type: ignore[arg-type]
    assert Door(PASSWORD).who(Request()) == "127.0.0.1", "without a proxy the header is anyone's to write"
    Request.remote = "192.168.1.50"
    assert Door(PASSWORD, behind_proxy=True).who(Request()) == "192.168.1.50", "only a proxy on this machine is believed"
