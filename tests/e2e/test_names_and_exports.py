"""Issue 15, findings 4 and 5, in Chromium against a real ``streamlit run serve.py``.

Finding 5: companies named ``[phish](https://…)``, ``**bold**``, ``<a href=…>``, with ESC/BEL or a
right-to-left override, a port company named ``<a href=…>`` and an approver's return note quoting
them: no page may turn them into a link, formatting or reversed text (the Sankey included), and the
names must still read as written.

Finding 4: a role without the export right used to receive the file's bytes, and with them a
``/media`` URL anyone could fetch without a cookie. Here the WebSocket messages themselves are read:
a disabled download button carries no URL and no builder; an enabled one carries no URL either until
it is clicked, and the click is audited with the size of the file served.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from anning.core import auth
from anning.i18n import t
from anning.store import audit
from anning.store import db as store
from tests import hostile
from tests.e2e.conftest import PASSWORD, ROLE_USERS, SHOTS, Server, _start, _stop
from tests.e2e.test_browser import _main, _sidebar, drawn, no_errors, settle, sign_in_demo, wait_heading
from tests.e2e.test_session_cookie import session_cookie

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def hostile_server(demo_db: Path, e2e_dir: Path, e2e_users: Path, chromium: str) -> Iterator[Server]:
    db = hostile.build(
        demo_db,
        e2e_dir / "hostile",
        auth.User(ROLE_USERS["analyst"], "analyst"),
        auth.User(ROLE_USERS["approver"], "approver"),
    )
    server = _start(db, e2e_users, "en", e2e_dir / "hostile-server.log")
    yield server
    _stop(server)


def _sign_in(page: Any, server: Server, role: str) -> None:
    page.goto(server.url + "/")
    wait_heading(page, t("auth.signin_title", "en"))
    _main(page).get_by_role("textbox", name=t("auth.name", "en")).fill(ROLE_USERS[role])
    _main(page).get_by_role("textbox", name=t("auth.password", "en")).fill(PASSWORD)
    _main(page).get_by_role("button", name=t("auth.submit", "en")).click()
    _sidebar(page).get_by_role("button", name=t("auth.signout", "en")).wait_for()
    settle(page)
    session_cookie(page.context)  # the pages below are opened by URL: the session rides on its cookie


def _assert_inert(page: Any, where: str) -> None:
    links = page.locator("a[href*='evil.example'], a[href^='mailto:']").evaluate_all("els => els.map(e => e.outerHTML)")
    assert not links, (where, links)
    svg_links = page.locator(".js-plotly-plot a").count()
    assert svg_links == 0, (where, "a link inside a Plotly chart")
    formatted = page.locator("[data-testid='stMarkdownContainer'] :is(strong, em, code, del, img, table)").evaluate_all(
        "els => els.map(e => e.textContent)"
    )
    assert not [f for f in formatted if "bold" in f or "phish" in f or "evil" in f], (where, formatted)
    text = str(page.locator("body").inner_text())
    assert "\u202e" not in text and "\x1b" not in text and "\x07" not in text, where
    no_errors(page)


def test_hostile_names_stay_text_in_the_browser(browser: Any, hostile_server: Server) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1300})
    try:
        page = ctx.new_page()
        _sign_in(page, hostile_server, "analyst")
        link_name = hostile.HOSTILE["link"]
        key = hostile.CODES["link"]  # a coded company is opened by its credit code, as the rankings link it
        chart = "[data-testid='stPlotlyChart'] .main-svg"
        visits = [  # (page, URL, heading, what to wait for, names that must read as written)
            ("overview", "/", t("page.overview", "en"), chart, []),
            ("company", "/company?key=" + quote(key), t("page.company", "en"), chart, [link_name]),
            ("enforcement", "/enforcement", t("page.enforcement", "en"), chart, [hostile.PORT_COMPANY]),
            ("exposure", "/exposure", t("page.exposure", "en"), "[data-testid='stAlert']", [hostile.NOTE]),
        ]
        for name, path, heading, ready, expected in visits:
            page.goto(hostile_server.url + path)
            wait_heading(page, heading)
            page.locator(ready).first.wait_for(timeout=180_000)  # the page run has got that far
            settle(page, 180_000)
            drawn(page, 60_000)
            for chart in page.locator("[data-testid='stPlotlyChart']").all():  # charts draw when scrolled into view
                chart.scroll_into_view_if_needed()
            drawn(page, 60_000)
            page.screenshot(path=str(SHOTS / f"hostile-{name}-en.png"), full_page=True)
            _assert_inert(page, name)
            shown = str(page.locator("body").inner_text()).replace("\u2060", "")
            svg_text = " ".join(page.locator(".js-plotly-plot text").evaluate_all("els => els.map(e => e.textContent)"))
            for literal in expected:  # the name reads exactly as written, as plain text
                assert literal in shown or literal in svg_text.replace("\u2060", ""), (name, literal)
    finally:
        ctx.close()


# --------------------------------------------------------------------------- exports (finding 4)


class Frames:
    """The download buttons the server sent to one page, read off its WebSocket."""

    def __init__(self, page: Any) -> None:
        self.buttons: list[Any] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: Any) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        if not isinstance(payload, (bytes, bytearray)):
            return
        msg = ForwardMsg()
        try:
            msg.ParseFromString(bytes(payload))
        except Exception:  # a frame that is not a whole ForwardMsg
            return
        if msg.HasField("delta") and msg.delta.new_element.WhichOneof("type") == "download_button":
            self.buttons.append(msg.delta.new_element.download_button)


def test_a_role_without_the_right_gets_no_bytes_and_no_url(browser: Any, demo_server: Server) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1300})
    media: list[str] = []
    ctx.on("request", lambda r: media.append(r.url) if "/media/" in r.url and "/static/" not in r.url else None)
    try:
        page = ctx.new_page()
        frames = Frames(page)
        sign_in_demo(page, demo_server, "leadership", "en")
        _sidebar(page).locator("[data-testid='stSidebarNav']").get_by_role(
            "link", name=t("page.rankings", "en")
        ).click()
        wait_heading(page, t("page.rankings", "en"))
        _main(page).locator("[data-testid='stDownloadButton']").first.wait_for(timeout=120_000)
        settle(page)
        mine = [b for b in frames.buttons if b.label in (t("rk.export_csv", "en"), t("rk.export_xlsx", "en"))]
        assert mine, ("the rankings export buttons were sent", [b.label for b in frames.buttons])
        for b in mine:
            assert b.disabled and b.url == "" and not b.deferred_file_id, b
        assert not media, media  # nothing to fetch, with or without a cookie
    finally:
        ctx.close()


def test_an_export_is_built_on_click_and_audited_when_served(browser: Any, demo_server: Server) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1300}, accept_downloads=True)
    media: list[str] = []
    ctx.on("request", lambda r: media.append(r.url) if "/media/" in r.url and "/static/" not in r.url else None)
    try:
        page = ctx.new_page()
        frames = Frames(page)
        sign_in_demo(page, demo_server, "analyst", "en")  # the demo analyst may export analysis
        _sidebar(page).locator("[data-testid='stSidebarNav']").get_by_role(
            "link", name=t("page.rankings", "en")
        ).click()
        wait_heading(page, t("page.rankings", "en"))
        _main(page).locator("[data-testid='stDownloadButton']").first.wait_for(timeout=120_000)
        settle(page)
        label = t("rk.export_csv", "en")
        mine = [b for b in frames.buttons if b.label == label]
        assert mine and all(b.url == "" and b.deferred_file_id and not b.disabled for b in mine), mine
        assert not media, "nothing is served before the click"
        reader = store.Reader(demo_server.db)
        try:
            before = int((audit.recent(reader, limit=500).action == "export").sum())
        finally:
            reader.close()
        with page.expect_download(timeout=60_000) as download:
            _main(page).locator("[data-testid='stDownloadButton'] button", has_text=label).click()
        body = Path(download.value.path()).read_bytes()
        assert body.startswith("\ufeff".encode()) or b"," in body
        reader = store.Reader(demo_server.db)
        try:
            log = audit.recent(reader, limit=500)
        finally:
            reader.close()
        exports = log[log.action == "export"]
        assert len(exports) == before + 1
        detail = json.loads(exports.iloc[0].detail)
        assert detail["file"] == download.value.suggested_filename and detail["bytes"] == len(body)
    finally:
        ctx.close()
