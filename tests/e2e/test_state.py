"""End-to-end: a view's state lives in its link, and every page answers its own slug.

A setting changed on screen shows in the address bar; that address opened in a fresh browser (a new
Streamlit session, as a colleague following a shared link gets) lands on the same page, quarter,
language and settings. ``/overview``, the default page, opens as itself, not "page not found".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlparse

from anning.i18n import t, terms
from tests.e2e.conftest import Server
from tests.e2e.test_browser import _main, _sidebar, chosen_quarter, drawn, no_errors, pick_radio, settle, wait_heading

QUARTER = "2026Q2"  # not the default (2026Q3): a link must carry it


def _params(page: Any) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _checked(page: Any, key: str) -> str:
    """The label of the chosen option of the radio whose widget key is ``key``."""
    return _main(page).locator(f".st-key-{key} label:has(input:checked)").first.inner_text().strip()


def _selected(page: Any, key: str) -> str:
    """The text a selectbox with widget key ``key`` shows."""
    return _main(page).locator(f".st-key-{key} input").first.input_value().strip()


def _wait_param(page: Any, name: str, value: str) -> None:
    page.wait_for_function(
        "([n, v]) => new URLSearchParams(location.search).get(n) === v", arg=[name, value], timeout=20_000
    )


def test_a_shared_link_opens_the_same_view(page: Any, browser: Any, demo_server: Server) -> None:
    # A colleague's link: English, 2026Q2, rankings of source companies, spam SMS only.
    page.goto(f"{demo_server.url}/rankings?lang=en&q={QUARTER}&by=company&channel=sms")
    wait_heading(page, t("page.rankings", "en"))
    assert chosen_quarter(page) == QUARTER
    assert _checked(page, "rankings_by") == t("rk.by.company", "en")
    assert _selected(page, "rankings_channel") == terms.channel("sms", "en")
    no_errors(page)

    # Changing a setting on screen writes its code (not its label) to the address bar.
    pick_radio(page, t("rk.by.number_range", "en"))
    _wait_param(page, "by", "number_range")
    assert _params(page)["q"] == QUARTER and _params(page)["lang"] == "en" and _params(page)["channel"] == "sms"
    shared = page.url

    # The address opened in a fresh browser context (a new session) shows the same view.
    other = browser.new_context(viewport={"width": 1400, "height": 1300}, locale="zh-CN")
    try:
        fresh = other.new_page()
        fresh.goto(shared)
        wait_heading(fresh, t("page.rankings", "en"))  # English, though the server's default is Chinese
        assert chosen_quarter(fresh) == QUARTER
        assert _checked(fresh, "rankings_by") == t("rk.by.number_range", "en")
        assert _selected(fresh, "rankings_channel") == terms.channel("sms", "en")
        no_errors(fresh)
    finally:
        other.close()


def test_language_and_quarter_follow_to_the_next_page(page: Any, demo_server: Server) -> None:
    page.goto(f"{demo_server.url}/map?lang=en&q={QUARTER}&metric=rate")
    wait_heading(page, t("page.map", "en"))
    assert _checked(page, "map_metric") == terms.rate("residents", "en")
    # Through the menu to another page: the language and the quarter stay, in the app and in the link.
    _sidebar(page).locator("[data-testid='stSidebarNav']").get_by_role(
        "link", name=t("page.forecast", "en"), exact=True
    ).click()
    wait_heading(page, t("page.forecast", "en"))
    assert chosen_quarter(page) == QUARTER
    _wait_param(page, "q", QUARTER)
    assert _params(page)["lang"] == "en"
    assert "metric" not in _params(page)  # the map's own setting does not follow


def test_a_bad_link_falls_back_to_defaults(page: Any, demo_server: Server) -> None:
    page.goto(f"{demo_server.url}/rankings?lang=xx&q=1999Q9&by=drop%20table&top=-5")
    wait_heading(page, t("page.rankings", "zh"))  # the deployment's default language
    assert chosen_quarter(page) == "2026Q3"
    assert _checked(page, "rankings_by") == t("rk.by.industry", "zh")
    no_errors(page)


def test_overview_opens_at_its_own_slug(page: Any, demo_server: Server) -> None:
    # The default page is served at the root; /overview must open the overview itself, not a
    # "page not found" dialog over the default page. (The walk in test_internals opens every other slug.)
    page.goto(f"{demo_server.url}/overview?lang=en&q={QUARTER}")
    wait_heading(page, t("page.overview", "en"))
    drawn(page)
    settle(page)
    assert page.get_by_text("Page not found").count() == 0
    assert chosen_quarter(page) == QUARTER
    # The trend chart paints after the run that drew the heading: wait for it rather than count too early.
    _main(page).locator("[data-testid='stPlotlyChart']").first.wait_for(state="visible", timeout=60_000)
    no_errors(page)
