"""End-to-end in a real browser: every role signs in and walks its pages; real data stays shut until sign-in.

For each role and each page it may open: wait for the page to render, use its main widget, check
the visible text, and save a screenshot to ``tests/e2e/screenshots/<role>-<page>-<lang>.png``.
Across the run: no request leaves localhost (checked after every test, in ``conftest.page``), and
Chinese renders with an installed CJK font.

Pages land one by one, so what "the main widget" is comes from :data:`MAIN_WIDGETS`; a page still
showing the placeholder is checked for the placeholder text, and a page with no entry yet is
checked for its heading and the absence of errors.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import openpyxl
import pytest

from anning.core import auth
from anning.i18n import t, terms
from anning.store import audit
from anning.store import db as store
from anning.ui import frame as ui
from tests.e2e.conftest import PASSWORD, ROLE_USERS, SHOTS, Server, Traffic

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
# (url key, title key, file) in navigation order.
PAGES = [(url, title, path) for pages in ui.PAGES.values() for path, title, url in pages]
# Each role walks its pages in one language (both languages are covered for every page).
ROLE_LANG = {"analyst": "zh", "approver": "en", "press": "zh", "leadership": "en"}
QUARTER = "2026Q3"  # the demo store's latest complete quarter: the default


# --------------------------------------------------------------------------- helpers


def _main(page: Any) -> Any:
    return page.locator("[data-testid='stMain']")


def _sidebar(page: Any) -> Any:
    return page.locator("[data-testid='stSidebar']")


def settle(page: Any, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished the current run (the running indicator is gone)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    page.wait_for_timeout(150)


def wait_heading(page: Any, text: str) -> None:
    """Wait for the page's heading to read ``text`` and the run to finish."""
    _main(page).locator("h1", has_text=text).first.wait_for(state="visible")
    settle(page)


def visible(page: Any, text: str, where: Any = None) -> None:
    """Assert ``text`` is visible (waits for it)."""
    (where or _main(page)).get_by_text(text, exact=False).first.wait_for(state="visible", timeout=20_000)


def no_errors(page: Any) -> None:
    """No exception box on the page."""
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']"
    ).first.inner_text()


def drawn(page: Any, timeout: float = 20_000) -> None:
    """Wait until charts, maps and KPI cards have painted (they render after the script run ends)."""
    page.wait_for_function(
        """() => {
        const all = sel => Array.from(document.querySelectorAll(sel));
        const plots = all("[data-testid='stPlotlyChart']").every(e => e.querySelector('.main-svg'));
        const decks = all("[data-testid='stDeckGlJsonChart']").every(e => e.querySelector('canvas'));
        const kpis = all("[data-testid='stMetric']").every(e => e.querySelector("[data-testid='stMetricValue']"));
        const skel = all("[data-testid='stSkeleton']").length === 0 && all("[data-testid='stSpinner']").length === 0
            && all("[data-stale='true']").length === 0;
        return plots && decks && kpis && skel;
    }""",
        timeout=timeout,
    )
    page.wait_for_timeout(150)


def shot(page: Any, name: str) -> Path:
    drawn(page)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pick_radio(page: Any, label: str) -> None:
    _main(page).locator("[data-testid='stRadio'] label", has_text=label).first.click()
    settle(page)


def type_into(page: Any, label: str, value: str) -> None:
    box = _main(page).get_by_role("textbox", name=label)
    box.fill(value)
    box.press("Enter")
    settle(page)


def click_tab(page: Any, label: str) -> None:
    _main(page).get_by_role("tab", name=label).click()
    page.wait_for_timeout(200)


# --------------------------------------------------------------------------- the main widget of each page


@dataclass(frozen=True)
class MainWidget:
    """What to do on a page and what must then be visible (text, given role and language)."""

    act: Callable[[Any, str, str], None]
    expect: Callable[[str, str, str], list[str]]  # (lang, role, quarter chosen in the sidebar) -> texts


def _rankings(page: Any, lang: str, role: str) -> None:
    if auth.can(role, "see_unpublished"):  # the press reads the published tables only: nothing to pick
        pick_radio(page, t("rk.by.company", lang))


def _map(page: Any, lang: str, role: str) -> None:
    pick_radio(page, terms.rate("residents", lang))


def _company(page: Any, lang: str, role: str) -> None:
    # Search for a demo company (every demo name is marked 示例), then open the first match's profile.
    type_into(page, t("company.search", lang), "示例")
    _main(page).locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option").first.click()
    settle(page)


def _enforcement(page: Any, lang: str, role: str) -> None:
    # Each section is a tab with its own settings: open the MVNO scorecard, compare with the resellers instead.
    click_tab(page, t("enf.h.mvno", lang))
    settle(page)
    pick_radio(page, t("enf.market.resellers", lang))


def _handling(page: Any, lang: str, role: str) -> None:
    pick_radio(page, t("hd.by.province", lang))


def _data(page: Any, lang: str, role: str) -> None:
    click_tab(page, t("data.tab_upload", lang))


def _overview(page: Any, lang: str, role: str) -> None:
    # The overview's control is the shared quarter picker: choose the quarter before the default.
    _sidebar(page).locator("[data-testid='stSelectbox']").first.click()
    page.get_by_role("option", name="2026Q2", exact=True).click()
    settle(page)


def _forecast(page: Any, lang: str, role: str) -> None:
    pick_radio(page, t("fc.quarter", lang))


def _inventory(page: Any, lang: str, role: str) -> None:
    # Roles that see drafts get two tabs; the press sees the published inventory only.
    if auth.can(role, "see_unpublished"):
        click_tab(page, t("pub.page.tab_published", lang))


def _exposure(page: Any, lang: str, role: str) -> None:
    if auth.can(role, "see_unpublished"):
        click_tab(page, t("pub.page.tab_lists", lang))


def _nothing(page: Any, lang: str, role: str) -> None:
    """Pages whose widgets all change the store (prepare, publish): only read them here."""


MAIN_WIDGETS: dict[str, MainWidget] = {
    "overview": MainWidget(
        _overview, lambda lang, role, q: [t("ov.h.headlines", lang), t("ov.h.complaints", lang, quarter="2026Q2")]
    ),
    "rankings": MainWidget(
        _rankings,
        lambda lang, role, q: [
            t("rk.name.company", lang) if auth.can(role, "see_unpublished") else t("rk.press_none", lang)
        ],
    ),
    "map": MainWidget(
        _map, lambda lang, role, q: [t("map.heading", lang, metric=terms.rate("residents", lang), quarter=q)]
    ),
    "company": MainWidget(
        _company, lambda lang, role, q: [t("company.sec_complaints", lang), t("company.sec_enforcement", lang)]
    ),
    "enforcement": MainWidget(
        _enforcement, lambda lang, role, q: [t("enf.h.chain", lang), t("enf.market.resellers", lang)]
    ),
    "methodology": MainWidget(
        _nothing, lambda lang, role, q: [t("gl.sec.complaints", lang), terms.category("fraud", lang)]
    ),
    "handling": MainWidget(_handling, lambda lang, role, q: [t("hd.h.table_province", lang), t("hd.h.trend", lang)]),
    "forecast": MainWidget(
        _forecast, lambda lang, role, q: [t("fc.heading", lang, label="", granularity=t("fc.quarter", lang)).strip()]
    ),
    "inventory": MainWidget(_inventory, lambda lang, role, q: [t("pub.page.inv_none_published", lang, quarter=q)]),
    "exposure": MainWidget(_exposure, lambda lang, role, q: [t("pub.page.no_published", lang)]),
    "referrals": MainWidget(
        _nothing, lambda lang, role, q: [t("pub.page.ref_prepare", lang, quarter=q), t("pub.page.ref_log", lang)]
    ),
    "data": MainWidget(
        _data, lambda lang, role, q: [t("data.upload", lang) if auth.can(role, "load") else t("auth.read_only", lang)]
    ),
}


def chosen_quarter(page: Any) -> str:
    """The quarter the sidebar picker shows (pages follow it; the overview's test changes it)."""
    box = _sidebar(page).locator("[data-testid='stSelectbox']").first
    text = box.evaluate(
        "el => el.textContent + ' ' + Array.from(el.querySelectorAll('input')).map(i => i.value).join(' ')"
    )
    found = re.search(r"\d{4}Q[1-4]", text)
    return found.group(0) if found else QUARTER


def check_page(page: Any, url: str, title_key: str, path: str, role: str, lang: str) -> None:
    """Open the page from the menu, use its main widget, check the text, take the screenshot."""
    title = t(title_key, lang)
    name = f"{role}-{url}-{lang}"
    try:
        _sidebar(page).locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True).click()
        wait_heading(page, title)
        widget = MAIN_WIDGETS.get(url)
        if widget is not None:
            widget.act(page, lang, role)
            for text in widget.expect(lang, role, chosen_quarter(page)):
                visible(page, text)
        no_errors(page)
        assert t("auth.refused", lang) not in _main(page).inner_text()
    except Exception:
        shot(page, f"FAILED-{name}")  # what the page looked like, for the CI log reader
        raise
    shot(page, name)


def sign_in_demo(page: Any, server: Server, role: str, lang: str) -> None:
    """Open the demo app, switch language, and sign in as ``role`` from the sidebar (demo mode)."""
    page.goto(server.url + "/")
    wait_heading(page, t("page.overview", "zh"))  # demo mode: the demo analyst lands on the overview
    if lang == "en":
        _sidebar(page).locator("label", has_text="English").click()
        wait_heading(page, t("page.overview", "en"))
    visible(page, t("auth.demo_banner", lang))  # the banner says who we are
    if role == "analyst":
        return
    _sidebar(page).get_by_text(t("auth.other_user", lang)).click()
    _sidebar(page).get_by_role("textbox", name=t("auth.name", lang)).fill(ROLE_USERS[role])
    _sidebar(page).get_by_role("textbox", name=t("auth.password", lang)).fill(PASSWORD)
    _sidebar(page).get_by_role("button", name=t("auth.submit", lang)).click()
    visible(page, t("auth.signed_in_as", lang, name=f"E2E {role}", role=terms.role(role, lang)), _sidebar(page))
    settle(page)


def nav_urls(page: Any) -> set[str]:
    """The url paths the menu links to ("" for the role's default page, which is the bare app URL)."""
    hrefs = _sidebar(page).locator("[data-testid='stSidebarNav'] a").evaluate_all("els => els.map(e => e.href)")
    return {urlparse(h).path.strip("/") for h in hrefs}


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("role", auth.ROLES)
def test_role_walks_its_pages(page: Any, demo_server: Server, role: str) -> None:
    lang = ROLE_LANG[role]
    sign_in_demo(page, demo_server, role, lang)
    allowed = [(u, tk, p) for u, tk, p in PAGES if auth.can_open(role, u)]
    # The menu lists exactly the role's pages (the role's home page's link is the bare app URL).
    home = auth.home_page(role, [u for u, _, _ in allowed])
    shown = {u or home for u in nav_urls(page)}
    assert shown == {u for u, _, _ in allowed}
    for url, title_key, path in allowed:
        check_page(page, url, title_key, path, role, lang)


def test_chinese_renders_with_a_cjk_font(page: Any, demo_server: Server) -> None:
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    assert fonts.strip(), "no CJK font installed (apt-get install fonts-wqy-microhei)"
    page.goto(demo_server.url + "/")
    title = t("page.overview", "zh")
    wait_heading(page, title)
    # Ask the browser which fonts actually drew the Chinese heading.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-testid='stMain'] h1"})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    families = {f["familyName"] for f in used if f["glyphCount"] > 0}
    installed = {name.strip() for line in fonts.splitlines() for name in line.split(",")}
    assert families & installed, f"the heading {title!r} was drawn with {families}, none of them a CJK font {installed}"
    # And the glyphs are real: a CJK character is not drawn as the same box as an unassigned code point.
    same = page.evaluate("""() => {
        const c = document.createElement('canvas'); c.width = 40; c.height = 40;
        const g = c.getContext('2d'); g.font = '32px sans-serif';
        const draw = ch => { g.clearRect(0, 0, 40, 40); g.fillText(ch, 2, 32);
                             return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); };
        return draw('安') === draw('\\u0378');
    }""")
    assert not same, "Chinese characters render as tofu boxes"
    shot(page, "font-overview-zh")


def test_a_deferred_export_downloads_and_is_audited(page: Any, demo_server: Server) -> None:
    """The enforcement XLSX is built only on the click: the browser gets a workbook and the audit log a record."""
    page.goto(demo_server.url + "/enforcement")
    wait_heading(page, t("page.enforcement", "zh"))
    drawn(page)
    label = t("enf.export_xlsx", "zh")
    with page.expect_download(timeout=60_000) as download:
        _main(page).locator("[data-testid='stDownloadButton'] button", has_text=label).click()
    path = Path(download.value.path())
    assert download.value.suggested_filename == f"anning-enforcement-{QUARTER}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)  # the temp file has no suffix
    assert t("enf.sheet.over_cap", "zh") in book.sheetnames
    reader = store.Reader(demo_server.db)
    try:
        log = audit.recent(reader, limit=200)
    finally:
        reader.close()
    exports = log[(log.action == "export") & log.detail.str.contains(download.value.suggested_filename, regex=False)]
    assert len(exports) == 1, log.head(10)
    assert json.loads(exports.iloc[0].detail)["bytes"] == path.stat().st_size
    no_errors(page)


def test_real_data_is_shut_until_sign_in(page: Any, real_server: Server) -> None:
    # A deep link straight to a page: the sign-in form and nothing else, no menu.
    page.goto(real_server.url + "/rankings")
    wait_heading(page, t("auth.signin_title", "en"))
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    assert t("page.rankings", "en") not in _main(page).inner_text()
    shot(page, "real-signin-en")
    # A wrong password is refused.
    _main(page).get_by_role("textbox", name=t("auth.name", "en")).fill(ROLE_USERS["analyst"])
    _main(page).get_by_role("textbox", name=t("auth.password", "en")).fill("not-the-password")
    _main(page).get_by_role("button", name=t("auth.submit", "en")).click()
    visible(page, t("auth.failed", "en"))
    shot(page, "real-signin-failed-en")
    # The right one opens the page the link asked for.
    _main(page).get_by_role("textbox", name=t("auth.name", "en")).fill(ROLE_USERS["analyst"])
    _main(page).get_by_role("textbox", name=t("auth.password", "en")).fill(PASSWORD)
    _main(page).get_by_role("button", name=t("auth.submit", "en")).click()
    wait_heading(page, t("page.rankings", "en"))
    visible(page, t("auth.signed_in_as", "en", name="E2E analyst", role=terms.role("analyst", "en")), _sidebar(page))
    assert t("auth.demo_banner", "en") not in _main(page).inner_text()  # real data: no demo banner
    no_errors(page)
    shot(page, "real-analyst-rankings-en")
    # Signing out shuts it again.
    _sidebar(page).get_by_role("button", name=t("auth.signout", "en")).click()
    wait_heading(page, t("auth.signin_title", "en"))


def test_real_data_direct_link_to_a_refused_page(page: Any, real_server: Server) -> None:
    page.goto(real_server.url + "/data")
    wait_heading(page, t("auth.signin_title", "en"))
    _main(page).get_by_role("textbox", name=t("auth.name", "en")).fill(ROLE_USERS["press"])
    _main(page).get_by_role("textbox", name=t("auth.password", "en")).fill(PASSWORD)
    _main(page).get_by_role("button", name=t("auth.submit", "en")).click()
    # The press may not open the Data page: it is not in the menu, and the link lands on the press's own page.
    wait_heading(page, t("page.inventory", "en"))
    settle(page)
    # The press's default page (inventory), the exposure lists, the published rankings and the glossary.
    assert nav_urls(page) == {"", "exposure", "rankings", "methodology"}
    assert t("page.data", "en") not in _main(page).locator("h1").all_inner_texts()
    assert page.locator("[data-testid='stDataFrame']").count() == 0
    shot(page, "real-press-data-refused-en")


def test_no_request_left_localhost(traffic: Traffic) -> None:
    # Runs last in this file: the whole run's requests (each test also checks its own).
    if not traffic.urls:  # run on its own (-k): the per-test checks in conftest.page did the work
        pytest.skip("no browser test ran before this one")
    assert any(re.match(r"^wss?://(127\.0\.0\.1|localhost)", u) for u in traffic.urls), "no websocket seen"
    assert not traffic.outside(), traffic.outside()
