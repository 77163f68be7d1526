"""The HTTP layer in front of Streamlit: nothing costly is accepted before the page script says who is there.

Streamlit takes file uploads on its own route, ``PUT /_stcore/upload_file/<session>/<file>``, before
any page code runs: with nothing more than the page's XSRF cookie and a session id, a signed-out
client could park 200 MB per request in server memory (issue 15, finding 1). Streamlit offers no
per-user hook on that route, but ``st.App`` (``serve.py``) lets the app put ASGI middleware in front
of every route. :class:`UploadGate` is that middleware: an upload request is answered ``403``
without reading its body unless the page script has granted its session the right to load.

The grant is made and withdrawn by the sign-in gate (:func:`sync`, called by
:func:`anning.ui.auth.gate` on every run): a session holds it while its user's role has the
``load`` action. The middleware checks it again against the users file on every request, so a
user removed or demoted (``python -m anning users``) cannot upload even before their next click.

Everything else a signed-out client can send is bounded by Streamlit's configuration and by
:class:`SocketLimit`:

* ``server.maxMessageSize`` (8 MB, ``.streamlit/config.toml``) refuses a larger WebSocket frame from
  its header, before the payload is read; ``server.maxWidgetStateSize`` (1 MB) closes the connection
  on a smaller frame that is still larger than any widget state, so a session never keeps more;
* :func:`return_large_buffers` makes the C allocator give such a frame's buffer back to the system
  when it is freed, instead of keeping it for reuse;
* each open WebSocket is a Streamlit session (about 2 MB, the sign-in page included), so
  :class:`SocketLimit` caps the sockets one client address may hold open and open per minute, and
  ``server.disconnectedSessionTTL`` ends a closed socket's session after a minute.

``docs/reliability.md`` has the measured figures.

:func:`installed` tells the app whether it is being served through this gate; the app refuses to
serve a real-data store without it (``streamlit run app.py`` would leave the upload route open).

The gate also owns the one route Anning adds, ``/anning/session`` (:func:`routes`): a page script
cannot set an HTTP cookie, so after a sign-in the page asks the browser to ``POST`` a one-time
ticket there (:func:`issue_ticket`), and the answer sets the ``HttpOnly`` session cookie of
:mod:`anning.store.sessions`; ``DELETE`` clears it on sign-out. The cookie value itself never
appears in the page.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from anning.core import auth
from anning.store import sessions, users

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_PATH = "/anning/session"
# Streamlit's upload route, under any server.baseUrlPath.
_UPLOAD = re.compile(r"/_stcore/upload_file/([^/]+)(?:/|$)")
_MAX_GRANTS = 10_000  # sessions, not bytes: a grant is a few dozen bytes

_TICKET_SECONDS = 60.0
_MAX_TICKET_BODY = 256

_tickets: dict[str, tuple[str, int, float]] = {}  # ticket -> (cookie value, max-age, valid until)
_grants: dict[str, tuple[str, str]] = {}  # session id -> (user name, how the session signed in)
_lock = threading.Lock()
_installed = threading.Event()


def installed() -> bool:
    """Whether this process serves the app through :class:`UploadGate` (``streamlit run serve.py``)."""
    return _installed.is_set()


def sync(session_id: str | None, user: auth.User | None) -> None:
    """Grant or withdraw the session's right to upload, from the user the page script found."""
    if not session_id:
        return
    with _lock:
        if user is not None and auth.can(user.role, "load"):
            if session_id not in _grants and len(_grants) >= _MAX_GRANTS:
                _grants.pop(next(iter(_grants)))  # the oldest grant: its session has most likely ended
            _grants[session_id] = (user.name, user.via)
        else:
            _grants.pop(session_id, None)


def may_upload(session_id: str) -> bool:
    """Whether an upload for this session may reach Streamlit now."""
    with _lock:
        grant = _grants.get(session_id)
    if grant is None:
        return False
    name, via = grant
    if via in ("password", "cookie"):
        # The users file decides, not the last page run: a removal or demotion applies at once.
        rec = users.lookup(users.users_path(), name)
        return rec is not None and not rec.sso and auth.can(rec.role, "load")
    return True  # single sign-on and the demo analyst: the grant is re-derived on every page run


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode("ascii")),
                # The body the client is still sending is never read: close rather than drain it.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def return_large_buffers(threshold: int = 1024 * 1024) -> bool:
    """Have glibc serve allocations above ``threshold`` from ``mmap`` (returned to the system on free).

    By default glibc raises that threshold as large blocks are freed, and then keeps such blocks for
    reuse: a client that sent one 7 MB frame (refused) left the server 15 MB larger for good. A fixed
    threshold switches that adjustment off. Returns False where the C library is not glibc.
    """
    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    m_mmap_threshold = -3  # <malloc.h>
    return bool(mallopt(m_mmap_threshold, threshold))


def issue_ticket(cookie: str, max_age: int) -> str:
    """A one-time ticket, valid for a minute, that the browser trades at ``/anning/session`` for the cookie."""
    ticket = secrets.token_urlsafe(24)
    now = time.monotonic()
    with _lock:
        for k in [k for k, v in _tickets.items() if v[2] < now]:
            del _tickets[k]
        if len(_tickets) < _MAX_GRANTS:
            _tickets[ticket] = (cookie, max_age, now + _TICKET_SECONDS)
    return ticket


def _redeem(ticket: str) -> tuple[str, int] | None:
    with _lock:
        found = _tickets.pop(ticket, None)
    if found is None or found[2] < time.monotonic():
        return None
    return found[0], found[1]


def _cookie_header(value: str, max_age: int, secure: bool) -> bytes:
    # HttpOnly: no script can read it; SameSite=Strict: no other site's page sends it; Max-Age: it expires.
    parts = [f"{sessions.COOKIE}={value}", "Path=/", "HttpOnly", "SameSite=Strict", f"Max-Age={max_age}"]
    if secure:
        parts.append("Secure")
    return "; ".join(parts).encode("latin-1")


async def _session(scope: Scope, receive: Receive, send: Send) -> None:
    """``POST`` a ticket: set the session cookie; ``DELETE``: clear it. Bodies above 256 bytes are refused unread."""
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
    secure = scope.get("scheme") == "https" or headers.get("x-forwarded-proto", "").lower() == "https"
    method = scope.get("method")
    if method == "DELETE":
        await _answer(send, 204, [(b"set-cookie", _cookie_header("", 0, secure))])
        return
    if method != "POST":
        await _refuse(send, 405, "POST or DELETE")
        return
    try:
        declared = int(headers.get("content-length", "0"))
    except ValueError:
        declared = _MAX_TICKET_BODY + 1
    if declared > _MAX_TICKET_BODY:
        await _refuse(send, 413, "too large")
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > _MAX_TICKET_BODY:
            await _refuse(send, 413, "too large")
            return
        if not message.get("more_body"):
            break
    found = _redeem(body.decode("ascii", "replace").strip())
    if found is None:
        await _refuse(send, 403, "unknown or used ticket")
        return
    await _answer(send, 204, [(b"set-cookie", _cookie_header(found[0], found[1], secure))])


async def _answer(send: Send, status: int, headers: list[tuple[bytes, bytes]]) -> None:
    await send(
        {"type": "http.response.start", "status": status, "headers": [*headers, (b"cache-control", b"no-store")]}
    )
    await send({"type": "http.response.body", "body": b""})


def routes() -> list[Any]:
    """The routes ``serve.py`` adds to Streamlit's: ``/anning/session`` only."""
    from starlette.routing import Route

    return [Route(SESSION_PATH, _SessionApp(), methods=["POST", "DELETE"])]


class _SessionApp:
    """:func:`_session` as an ASGI app (Starlette wraps plain functions as request handlers)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _session(scope, receive, send)


class SocketLimit:
    """ASGI middleware: at most ``live`` open WebSockets, and ``per_minute`` new ones a minute, per client address.

    Each WebSocket is a Streamlit session that costs the server about 2 MB before anyone signs in.
    A browser tab holds one; a reload opens a new one. The limits come from ``ANNING_MAX_SOCKETS``
    and ``ANNING_MAX_NEW_SOCKETS_PER_MINUTE``. Behind a reverse proxy every client has the proxy's
    address: run uvicorn's proxy-headers support or put these limits in the proxy instead.
    """

    def __init__(self, app: ASGIApp, live: int | None = None, per_minute: int | None = None) -> None:
        self.app = app
        self.live = live if live is not None else int(os.environ.get("ANNING_MAX_SOCKETS", "20"))
        self.per_minute = (
            per_minute if per_minute is not None else int(os.environ.get("ANNING_MAX_NEW_SOCKETS_PER_MINUTE", "60"))
        )
        self._open: dict[str, int] = {}
        self._opened: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _admit(self, address: str) -> bool:
        now = time.monotonic()
        with self._lock:
            recent = [t for t in self._opened.get(address, []) if now - t < 60.0]
            if self._open.get(address, 0) >= self.live or len(recent) >= self.per_minute:
                self._opened[address] = recent
                return False
            recent.append(now)
            self._opened[address] = recent
            self._open[address] = self._open.get(address, 0) + 1
            if len(self._opened) > 10_000:  # forget addresses with nothing open and nothing in the last minute
                for a in list(self._opened):
                    if not self._open.get(a) and all(now - t >= 60.0 for t in self._opened[a]):
                        del self._opened[a]
            return True

    def _release(self, address: str) -> None:
        with self._lock:
            left = self._open.get(address, 1) - 1
            if left > 0:
                self._open[address] = left
            else:
                self._open.pop(address, None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass HTTP through; admit a WebSocket only within its address's limits."""
        if scope["type"] != "websocket":
            await self.app(scope, receive, send)
            return
        client = scope.get("client") or ("", 0)
        address = str(client[0])
        if not self._admit(address):
            await send({"type": "websocket.close", "code": 1013})  # 1013: try again later
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._release(address)


class UploadGate:
    """ASGI middleware: upload requests of sessions without a grant are refused before their body is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        _installed.set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse an upload request of a session without a grant; pass everything else through."""
        if scope["type"] == "http" and scope.get("method") != "OPTIONS":
            found = _UPLOAD.search(str(scope.get("path", "")))
            if found and not may_upload(found.group(1)):
                await _refuse(send, 403, "sign in with a role that may load data")
                return
        await self.app(scope, receive, send)
