"""End-to-end: every page, in both languages, shows people's words, never the app's internals.

Each page is opened at its own slug in a fresh session with ``?lang=``. The visible text (the page, the
sidebar, chart labels, and the cells of every table the grid draws) must not contain a snake_case code
(``referral_prepare``), an internal company key (``n:琰璟理财``), an ISO timestamp
(``2026-12-07T01:29:13``, seconds or a UTC offset), a JSON blob, or a Python ``None``/``nan``. In English
mode the page must also not show an encoding name as a value (``gb18030``), nor a complainant-number header.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from anning.i18n import t
from anning.ui import frame as ui
from tests.e2e.conftest import Server
from tests.e2e.test_browser import _main, drawn, no_errors, settle, shot, wait_heading

PAGES = [(url, title) for pages in ui.PAGES.values() for _, title, url in pages]

PATTERNS = {
    "snake_case code": re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./-])"),
    "internal key": re.compile(r"(?<![\w])n:\S"),
    "ISO timestamp": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}:\d{2}|\d{2}:\d{2}[+-]\d{2}:?\d{2}\b"),
    "JSON": re.compile(r"""[\[{]\s*"[^"]*"\s*[:,\]]"""),
    "None or nan": re.compile(r"(?<![\w])(?:None|nan|NaN|NaT|<NA>)(?![\w])"),
}


def visible_text(page: Any) -> str:
    """The words a reader sees: page and sidebar text, chart text, and every table cell the grid holds."""
    text = page.locator("[data-testid='stAppViewContainer']").inner_text()
    # Charts: Plotly draws its labels as SVG text, which inner_text already includes; tables are a canvas,
    # so read each grid's accessible cells (the grid keeps them in the DOM for screen readers).
    cells = page.evaluate(
        """() => Array.from(document.querySelectorAll("[data-testid='stDataFrame'] table td, "
        + "[data-testid='stDataFrame'] table th, [data-testid='stTable'] td, [data-testid='stTable'] th"))
        .map(e => e.textContent).join('\\n')"""
    )
    # Material icons are drawn from a ligature font: their names (keyboard_arrow_right) are glyphs, not words.
    icons = page.evaluate(
        """() => Array.from(document.querySelectorAll("[data-testid='stIconMaterial']")).map(e => e.textContent)"""
    )
    for name in sorted({i.strip() for i in icons if i and i.strip()}, key=len, reverse=True):
        text = re.sub(rf"(?<![\w]){re.escape(name)}(?![\w])", " ", text)
    return text + "\n" + cells


def offending(text: str, lang: str) -> dict[str, list[str]]:
    """Every match of a forbidden pattern, by kind."""
    found = {name: sorted(set(p.findall(text))) for name, p in PATTERNS.items()}
    if lang == "en":
        # A file's own name may end in .xlsx (enforcement_2019.xlsx): only a bare encoding name is internal.
        found["encoding name"] = sorted(set(re.findall(r"(?<![.\w])(?:gb18030|utf-8(?:-sig)?|xlsx)\b", text)))
        found["Chinese personal-data header"] = [h for h in ("举报人号码",) if h in text]
    return {k: v for k, v in found.items() if v}


def test_the_patterns_catch_what_they_should() -> None:
    bad = 'referral_prepare n:琰璟理财(示例) 2026-12-07T01:29:13 ["a.csv"] {"file": 1} None'
    assert set(offending(bad, "zh")) == {"snake_case code", "internal key", "ISO timestamp", "JSON", "None or nan"}
    fine = "Loans and wealth management · 2026-12-07 01:29 · anning-rankings-2026Q3.csv · 12,736 · 89.6%"
    assert offending(fine + " · enforcement_2019.xlsx", "en") == {}
    assert offending("Encoding: xlsx, gb18030", "en") == {"encoding name": ["gb18030", "xlsx"]}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("url", "title"), PAGES)
def test_no_internals_on_screen(page: Any, demo_server: Server, url: str, title: str, lang: str) -> None:
    page.goto(f"{demo_server.url}/{url}?lang={lang}")
    wait_heading(page, t(title, lang))
    settle(page)
    drawn(page)
    # Open every expander and tab so their text is on screen too (tabs draw lazily: one at a time).
    for summary in _main(page).locator("[data-testid='stExpander'] summary").all():
        summary.click()
    settle(page)
    texts = [visible_text(page)]
    tabs = _main(page).get_by_role("tab").all()
    for tab in tabs[1:]:
        tab.click()
        settle(page)
        drawn(page)
        texts.append(visible_text(page))
    no_errors(page)
    bad = offending("\n".join(texts), lang)
    if bad:
        shot(page, f"INTERNALS-{url}-{lang}")
    assert not bad, bad
