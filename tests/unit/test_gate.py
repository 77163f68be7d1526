"""The HTTP gate in front of Streamlit (anning.ui.gate), driven as ASGI without a server: uploads need a grant,
sockets per address are capped, the session route trades a one-time ticket for an HttpOnly cookie."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from anning.core import auth
from anning.store import sessions, users
from anning.ui import gate


class App:
    """A stand-in for Streamlit: records what reached it and reads the whole body."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        self.calls.append(scope["path"])
        if scope["type"] == "http":
            while (await receive()).get("more_body"):
                pass
            await send({"type": "http.response.start", "status": 204, "headers": []})
            await send({"type": "http.response.body", "body": b""})


def _run(asgi: Any, scope: dict[str, Any], chunks: list[bytes] | None = None) -> tuple[list[dict[str, Any]], int]:
    sent: list[dict[str, Any]] = []
    queue = list(chunks or [b""])
    read = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        body = queue.pop(0) if queue else b""
        read += len(body)
        return {"type": "http.request", "body": body, "more_body": bool(queue)}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(asgi(scope, receive, send))
    return sent, read


def _http(path: str, method: str = "PUT", headers: list[tuple[bytes, bytes]] | None = None) -> dict[str, Any]:
    return {"type": "http", "method": method, "path": path, "headers": headers or [], "client": ("10.0.0.1", 5000)}


@pytest.fixture()
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.json"
    users.add(path, "ana", "analyst", "correct-horse-9")
    users.add(path, "lead", "leadership", "correct-horse-9")
    monkeypatch.setenv("ANNING_USERS", str(path))
    return path


def test_an_upload_without_a_grant_is_refused_unread(users_file: Path) -> None:
    app = App()
    sent, read = _run(gate.UploadGate(app), _http("/_stcore/upload_file/s1/f1"), [b"x" * 1024] * 100)
    assert sent[0]["status"] == 403 and (b"connection", b"close") in sent[0]["headers"]
    assert read == 0 and app.calls == []  # not a byte of the body, and Streamlit never saw it
    assert gate.installed()


def test_uploads_follow_the_grant_and_the_users_file(users_file: Path) -> None:
    app = App()
    gate.sync("s2", auth.User("ana", "analyst", via="password"))
    sent, _ = _run(gate.UploadGate(app), _http("/base/_stcore/upload_file/s2/f1"), [b"ok"])
    assert sent[0]["status"] == 204 and app.calls == ["/base/_stcore/upload_file/s2/f1"]
    gate.sync("s3", auth.User("lead", "leadership", via="password"))  # may not load: no grant
    assert _run(gate.UploadGate(app), _http("/_stcore/upload_file/s3/f1"))[0][0]["status"] == 403
    users.remove(users_file, "ana")  # removed while the session is open: refused before any click
    assert _run(gate.UploadGate(app), _http("/_stcore/upload_file/s2/f2"))[0][0]["status"] == 403
    gate.sync("s2", None)  # signed out
    assert not gate.may_upload("s2")
    # Other routes pass untouched.
    assert _run(gate.UploadGate(app), _http("/_stcore/health", "GET"))[0][0]["status"] == 204


def test_sockets_per_address_are_capped_and_released(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    async def stay(scope: dict[str, Any], receive: Any, send: Any) -> None:
        opened.append(scope["client"][0])

    limit = gate.SocketLimit(stay, live=3, per_minute=5)
    ws = {"type": "websocket", "path": "/_stcore/stream", "client": ("10.0.0.9", 1)}
    closes = []
    for _ in range(7):
        sent, _ = _run(limit, ws)
        closes.append(sent[0]["code"] if sent else None)
    # Each socket here ends at once (released), so only the per-minute cap bites: 5 admitted, then 1013.
    assert opened.count("10.0.0.9") == 5 and closes[5:] == [1013, 1013]
    other = {**ws, "client": ("10.0.0.10", 1)}
    assert _run(limit, other)[0] == [] and opened[-1] == "10.0.0.10"  # another address is unaffected
    # Held open: the live cap.
    held = gate.SocketLimit(stay, live=2, per_minute=100)
    assert held._admit("a") and held._admit("a") and not held._admit("a")
    held._release("a")
    assert held._admit("a")


def test_the_session_route_trades_a_ticket_once_for_an_httponly_cookie(users_file: Path) -> None:
    cookie = sessions.start(users_file, "ana")
    ticket = gate.issue_ticket(cookie, 3600)
    app = gate._SessionApp()
    sent, _ = _run(app, _http(gate.SESSION_PATH, "POST"), [ticket.encode()])
    assert sent[0]["status"] == 204
    header = dict(sent[0]["headers"])[b"set-cookie"].decode()
    assert header.startswith(f"{sessions.COOKIE}={cookie};")
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Max-Age=3600" in header
    assert "Secure" not in header  # plain http here; https (or X-Forwarded-Proto: https) adds it
    assert _run(app, _http(gate.SESSION_PATH, "POST"), [ticket.encode()])[0][0]["status"] == 403  # used
    assert _run(app, _http(gate.SESSION_PATH, "POST"), [b"guess"])[0][0]["status"] == 403
    big = _http(gate.SESSION_PATH, "POST", [(b"content-length", b"10000000")])
    sent, read = _run(app, big, [b"x" * 1024] * 10)
    assert sent[0]["status"] == 413 and read == 0
    secure = {**_http(gate.SESSION_PATH, "DELETE"), "scheme": "https"}
    header = dict(_run(app, secure)[0][0]["headers"])[b"set-cookie"].decode()
    assert "Max-Age=0" in header and "Secure" in header
