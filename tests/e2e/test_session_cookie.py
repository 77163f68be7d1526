"""Issue 16 ("state that survives"): a signed-in user stays signed in across a reload, through a signed, expiring,
HttpOnly cookie; the session ends on sign-out and on removal from the users file. In Chromium against
``streamlit run serve.py``."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from anning.core import auth
from anning.i18n import t, terms
from anning.store import sessions, users
from anning.ui import frame as ui
from tests.e2e.conftest import PASSWORD, Server
from tests.e2e.test_browser import _main, _sidebar, nav_urls, settle, shot, sign_in_demo, wait_heading

pytestmark = pytest.mark.e2e


def session_cookie(ctx: Any, timeout: float = 20.0) -> dict[str, Any]:
    """Wait for the browser to hold the session cookie (set by the page's POST after sign-in)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c for c in ctx.cookies() if c["name"] == sessions.COOKIE]
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("no session cookie was set")


def signed_in_as(page: Any, role: str, lang: str) -> None:
    caption = t("auth.signed_in_as", lang, name=f"E2E {role}", role=terms.role(role, lang))
    _sidebar(page).get_by_text(caption).wait_for(timeout=30_000)


def _press_pages() -> set[str]:
    """The press's menu: its home page (the bare app URL) and every other page it may open."""
    allowed = [u for pages in ui.PAGES.values() for _, _, u in pages if auth.can_open("press", u)]
    home = auth.home_page("press", allowed)
    return {""} | {u for u in allowed if u != home}


def test_a_press_user_stays_press_after_a_reload(browser: Any, demo_server: Server, e2e_users: Path) -> None:
    """The finding: a signed-in press user who pressed F5 became the demo analyst, with all 10 pages."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        page = ctx.new_page()
        sign_in_demo(page, demo_server, "press", "en")
        cookie = session_cookie(ctx)
        # HttpOnly, SameSite=Strict, expiring: no script can read it, no other site sends it, it ends by itself.
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        assert 0 < cookie["expires"] - time.time() <= sessions.seconds() + 60
        assert sessions.COOKIE not in page.evaluate("document.cookie")
        page.reload()
        # The language survives the reload too: it is in the page's URL (issue 16's URL state).
        lang = "en"
        assert "lang=en" in page.url
        wait_heading(page, t("page.inventory", lang))
        signed_in_as(page, "press", lang)
        assert nav_urls(page) == _press_pages()
        # A deep link in a new tab of the same browser: still press.
        other = ctx.new_page()
        other.goto(demo_server.url + "/exposure?lang=en")
        wait_heading(other, t("page.exposure", lang))
        signed_in_as(other, "press", lang)
        shot(page, "press-after-reload-en")
        # Sign-out ends it: the reload is the demo analyst again, and the old cookie value is dead.
        _sidebar(page).get_by_role("button", name=t("auth.signout", lang)).click()
        settle(page)
        page.reload()
        wait_heading(page, t("page.overview", lang))
        _main(page).get_by_text(t("auth.demo_banner", lang)).first.wait_for()
        assert sessions.resolve(e2e_users, cookie["value"]) is None
        other.reload()  # the other tab's cookie was the same session: it is the demo analyst now too
        wait_heading(other, t("page.exposure", lang))
        _main(other).get_by_text(t("auth.demo_banner", lang)).first.wait_for()
    finally:
        ctx.close()


def test_real_data_reload_keeps_the_user_until_removed(browser: Any, real_server: Server, e2e_users: Path) -> None:
    users.add(e2e_users, "e2e.reload", "press", PASSWORD, display="E2E press")
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        page = ctx.new_page()
        page.goto(real_server.url + "/")
        wait_heading(page, t("auth.signin_title", "en"))
        _main(page).get_by_role("textbox", name=t("auth.name", "en")).fill("E2E.Reload")  # any case
        _main(page).get_by_role("textbox", name=t("auth.password", "en")).fill(PASSWORD)
        _main(page).get_by_role("button", name=t("auth.submit", "en")).click()
        signed_in_as(page, "press", "en")
        session_cookie(ctx)
        page.reload()
        wait_heading(page, t("page.inventory", "en"))
        signed_in_as(page, "press", "en")
        users.remove(e2e_users, "e2e.reload")  # ends the user's sessions: the cookie no longer opens anything
        page.reload()
        wait_heading(page, t("auth.signin_title", "en"))
        assert page.locator("[data-testid='stSidebarNav']").count() == 0
    finally:
        ctx.close()
        if "e2e.reload" in users.load(e2e_users):
            users.remove(e2e_users, "e2e.reload")


def test_a_forged_cookie_opens_nothing(browser: Any, real_server: Server) -> None:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
    try:
        host = real_server.url.removeprefix("http://").split(":")[0]
        ctx.add_cookies([{"name": sessions.COOKIE, "value": "forged.AAAA.BBBB", "domain": host, "path": "/"}])
        page = ctx.new_page()
        page.goto(real_server.url + "/rankings")
        wait_heading(page, t("auth.signin_title", "en"))
        assert page.locator("[data-testid='stDataFrame']").count() == 0
    finally:
        ctx.close()
