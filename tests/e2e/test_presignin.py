"""Issue 15, finding 1, against a real ``streamlit run serve.py``: before sign-in a client cannot make the server hold memory.

The tester's attack, repeated: a signed-out browser session gives the XSRF cookie and the session id;
six ``PUT /_stcore/upload_file/<session>/<id>`` of 150 MB each then went through (204) and the
server's memory rose by 900 MB and stayed. Here each is refused before its body is read and the
server's resident memory (``/proc/<pid>/status``) stays within a few MB. Uploads still work for a
signed-in analyst, and stop for a user removed from the users file without any click.
"""

from __future__ import annotations

import contextlib
import stat
import time
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from anning.i18n import t
from anning.store import audit, users
from tests.e2e import attack
from tests.e2e.conftest import PASSWORD, ROLE_USERS, Server, _start, _stop
from tests.e2e.test_browser import _main, _sidebar, settle, wait_heading

pytestmark = pytest.mark.e2e

FLOOD_MB = 150
FLOODS = 6
# What a signed-out client may leave behind: a session (the sign-in page) costs about 2 MB; allow noise.
BOUND_MB = 8.0


def _signin_page(page: Any) -> None:
    wait_heading(page, t("auth.signin_title", "en"))


def _sign_in(page: Any, server: Server, name: str, target: str = "/") -> attack.Session:
    s = attack.browser_session(page, server.url + target, _signin_page)
    _main(page).get_by_role("textbox", name=t("auth.name", "en")).fill(name)
    _main(page).get_by_role("textbox", name=t("auth.password", "en")).fill(PASSWORD)
    _main(page).get_by_role("button", name=t("auth.submit", "en")).click()
    _sidebar(page).get_by_role("button", name=t("auth.signout", "en")).wait_for()
    settle(page)
    return s


def _settled_rss(pid: int) -> float:
    time.sleep(1.0)
    return attack.rss_mb(pid)


def test_signed_out_uploads_are_refused_unread(page: Any, real_server: Server) -> None:
    s = attack.browser_session(page, real_server.url + "/", _signin_page)
    before = _settled_rss(real_server.proc.pid)
    started = time.monotonic()
    results = [attack.put_upload(real_server.url, s, f"flood{i}", FLOOD_MB * attack.MB) for i in range(FLOODS)]
    took = time.monotonic() - started
    after = _settled_rss(real_server.proc.pid)
    print(
        f"\n{FLOODS} x {FLOOD_MB} MB PUT signed out: statuses {[r.status for r in results]}, "
        f"{took:.2f} s, sent {sum(r.sent_mb for r in results):.0f} MB, RSS {before:.1f} -> {after:.1f} MB"
    )
    assert all(r.status in (403, None) for r in results), results  # refused (or cut off), never 204
    assert any(r.status == 403 for r in results), results
    assert all(r.sent_mb < FLOOD_MB for r in results), "the server read a whole body"
    assert after - before < BOUND_MB, (before, after)


def test_oversized_websocket_frames_are_refused(real_server: Server) -> None:
    host = real_server.url.removeprefix("http://")
    before = _settled_rss(real_server.proc.pid)
    closes = []
    for size_mb in (150, 150, 7, 7, 7):
        try:
            with connect(
                f"ws://{host}/_stcore/stream",
                subprotocols=["streamlit"],
                origin=real_server.url,
                max_size=None,
                open_timeout=30,
            ) as ws:
                ws.send(b"\0" * (size_mb * attack.MB))
                ws.recv(timeout=30)
        except ConnectionClosed as exc:
            closes.append(exc.rcvd.code if exc.rcvd else None)
    after = _settled_rss(real_server.proc.pid)
    print(f"\nWebSocket frames 2 x 150 MB + 3 x 7 MB signed out: closes {closes}, RSS {before:.1f} -> {after:.1f} MB")
    assert closes.count(1009) >= 3, closes  # "message too big" (a 150 MB frame may be cut off before the close)
    assert after - before < BOUND_MB, (before, after)


def test_one_address_cannot_open_unbounded_sessions(real_server: Server) -> None:
    host = real_server.url.removeprefix("http://")
    opened, refused = 0, 0
    with contextlib.ExitStack() as held:  # every socket stays open until the end
        for _ in range(24):
            try:
                url = f"ws://{host}/_stcore/stream"
                held.enter_context(connect(url, subprotocols=["streamlit"], origin=real_server.url))
                opened += 1
            except InvalidStatus:
                refused += 1
    assert opened <= 20 and refused >= 4, (opened, refused)  # ANNING_MAX_SOCKETS, default 20


def test_uploads_follow_the_signed_in_role_and_the_users_file(
    browser: Any, real_server: Server, e2e_users: Path
) -> None:
    users.add(e2e_users, "e2e.loader", "analyst", PASSWORD)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    ctx_press = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = ctx.new_page()
        s = _sign_in(page, real_server, "e2e.loader")
        # The analyst's own uploader works through the gate.
        csv = b"complaint_id,received_at\nX1,2026-01-01\n"
        assert attack.put_upload(real_server.url, s, "ok1", len(csv)).status == 204
        press = _sign_in(ctx_press.new_page(), real_server, ROLE_USERS["press"])
        assert attack.put_upload(real_server.url, press, "p1", 1 * attack.MB).status in (403, None)
        # Removed from the users file: refused at once, before the session's next interaction.
        users.remove(e2e_users, "e2e.loader")
        assert attack.put_upload(real_server.url, s, "ok2", 1 * attack.MB).status in (403, None)
    finally:
        ctx.close()
        ctx_press.close()
        if "e2e.loader" in users.load(e2e_users):
            users.remove(e2e_users, "e2e.loader")


def test_the_app_shows_no_real_data_without_its_gate(
    page: Any, real_server: Server, e2e_dir: Path, e2e_users: Path
) -> None:
    """``streamlit run app.py`` (no ``serve.py``) would leave the upload route open: real data is then refused."""
    port_server = _start(real_server.db, e2e_users, "en", e2e_dir / "ungated.log", script="app.py")
    try:
        page.goto(port_server.url + "/")
        _main(page).get_by_text(t("auth.ungated", "en")[:40]).first.wait_for()
        assert page.locator("[data-testid='stTextInput']").count() == 0  # not even the sign-in form
    finally:
        _stop(port_server)


def test_server_files_are_private(real_server: Server) -> None:
    """Issue 15, finding 10: the server creates its files 0600 (it runs under umask 077), the audit log included."""
    status = Path(f"/proc/{real_server.proc.pid}/status").read_text(encoding="ascii")
    assert "Umask:\t0077" in status, status
    log = audit.log_path(real_server.db)
    assert log.exists() and stat.S_IMODE(log.stat().st_mode) == 0o600
