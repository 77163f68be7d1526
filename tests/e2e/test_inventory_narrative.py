"""End-to-end, in Chromium: an analyst edits the inventory's narrative, an approver publishes it, and the
published files download twice as the same bytes, the edited text in them.

Its own module, so its own demo server (module scope): publishing here never changes what the role walks
of ``test_browser.py`` expect to find unpublished.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest

from anning.i18n import t
from tests.e2e.conftest import Server
from tests.e2e.test_browser import (
    _main,
    _sidebar,
    click_tab,
    no_errors,
    settle,
    shot,
    sign_in_demo,
    visible,
    wait_heading,
)

pytestmark = pytest.mark.e2e

QUARTER = "2026Q3"
CASE = "某贷款理财企业（示例）通过短信端口违规发送营销短信，已被约谈整改。"
STEP = "一是持续开展综合整治（示例）。"


def _open_inventory(page: Any, server: Server) -> None:
    # Through the menu: a fresh page load would start a new session (the demo analyst again).
    title = t("page.inventory", "zh")
    _sidebar(page).locator("[data-testid='stSidebarNav']").get_by_role("link", name=title, exact=True).click()
    wait_heading(page, title)
    settle(page, 180_000)  # the draft is built from the data on the first visit


def _shown(page: Any, text: str) -> None:
    """Wait for ``text`` in the page (a draft is rebuilt from the data after each change: allow for it)."""
    # The draft tab keeps its copy of the text (hidden) while the published tab shows: wait for a visible one.
    _main(page).get_by_text(text, exact=False).locator("visible=true").first.wait_for(state="visible", timeout=180_000)


def _button(page: Any, label: str) -> Any:
    button = _main(page).get_by_role("button", name=label).first
    button.wait_for(state="visible", timeout=180_000)
    return button


def _download(page: Any, name: str) -> bytes:
    # The published files are built when the tab is first drawn (a PDF print among them): allow for it.
    button = _main(page).locator("[data-testid='stDownloadButton'] button", has_text=name).locator("visible=true").first
    button.wait_for(state="visible", timeout=240_000)
    with page.expect_download(timeout=120_000) as got:
        button.click()
    assert got.value.suggested_filename == name
    return Path(got.value.path()).read_bytes()


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_narrative_edit_publish_and_byte_identical_reexport(page: Any, demo_server: Server) -> None:
    # The analyst (demo mode) edits two narrative sections and saves them.
    sign_in_demo(page, demo_server, "analyst", "zh")
    _open_inventory(page, demo_server)
    summary = _main(page).locator("[data-testid='stExpander'] summary", has_text=t("pub.inv.narr.heading", "zh"))
    summary.first.wait_for(state="visible", timeout=180_000)
    summary.first.click(timeout=120_000)
    cases = _main(page).get_by_role("textbox", name=t("pub.inv.s.cases", "zh"))
    cases.wait_for(state="visible")
    assert cases.input_value()  # the generated draft is there to start from
    cases.fill(CASE)
    _main(page).get_by_role("textbox", name=t("pub.inv.s.next_steps", "zh")).fill(STEP)
    _button(page, t("pub.inv.narr.save", "zh")).click()
    settle(page, 120_000)
    visible(page, t("pub.inv.narr.saved", "zh"))
    # The review names the edited sections (the untouched advice still follows the data) and shows the text.
    visible(page, t("pub.inv.narr.edited", "zh", sections="典型案例、下一步工作"))
    _shown(page, CASE)
    no_errors(page)
    shot(page, "inventory-narrative-edited-zh")

    # An approver publishes it.
    sign_in_demo(page, demo_server, "approver", "zh")
    _open_inventory(page, demo_server)
    _shown(page, CASE)
    try:
        _button(page, t("pub.page.publish_inventory", "zh")).click()
        settle(page)
        # Publishing cannot be undone: the page asks first (anning.ui.confirm).
        _button(page, t("confirm.yes", "zh", action=t("pub.page.publish_inventory", "zh"))).click()
    except Exception:
        shot(page, "FAILED-inventory-publish-zh")
        raise
    settle(page, 180_000)
    _shown(page, t("pub.page.inv_published", "zh", id=f"INV-{QUARTER}", version=1, hash="")[:8])
    no_errors(page)

    # The published version carries the narrative, and its files come out the same twice.
    click_tab(page, t("pub.page.tab_published", "zh"))
    settle(page, 180_000)
    _shown(page, CASE)
    name = f"INV-{QUARTER}_v1_zh.docx"
    first = _download(page, name)
    shot(page, "inventory-narrative-published-zh")
    page.reload()  # a new session (the demo analyst, who may export published versions too)
    wait_heading(page, t("page.inventory", "zh"))
    click_tab(page, t("pub.page.tab_published", "zh"))
    settle(page, 180_000)
    again = _download(page, name)
    assert first == again
    text = _docx_text(first)
    assert CASE in text and STEP in text
    pdf_first = _download(page, f"INV-{QUARTER}_v1_zh.pdf")
    page.reload()  # a new session (the demo analyst, who may export published versions too)
    wait_heading(page, t("page.inventory", "zh"))
    click_tab(page, t("pub.page.tab_published", "zh"))
    settle(page, 180_000)
    assert _download(page, f"INV-{QUARTER}_v1_zh.pdf") == pdf_first
    no_errors(page)
