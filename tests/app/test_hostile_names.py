"""Issue 15, finding 5: hostile names render inert on every page (AppTest; the browser-level check is in tests/e2e).

A store holds complaints whose source companies are named ``[phish](https://…)``, ``**bold**``, an
``<a href=…>`` tag, text with ESC/BEL and a right-to-left override; every complaint's port company is
the ``<a href=…>`` name. A user's display name and an approver's return note are hostile too. Every
page is run; every piece of text Streamlit will read as Markdown (markdown, captions, headings,
alerts, metric labels) and every string in every Plotly figure must hold none of the raw syntax,
and the names must still be there, escaped (so the test cannot pass by not showing them).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from anning.core import auth
from anning.core.escape import inert, visible_text
from anning.ui import frame as ui
from tests import hostile
from tests.hostile import HOSTILE, PORT_COMPANY, RAW

ROOT = Path(__file__).resolve().parents[2]
PAGES = [(path, url) for pages in ui.PAGES.values() for path, _, url in pages]
ANALYST = auth.User("ana", "analyst", "[me](https://evil.example/u)")
APPROVER = auth.User("zhao", "approver", "Zhao")


@pytest.fixture(scope="module")
def hostile_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile.build(demo_db, tmp_path_factory.mktemp("hostile"), ANALYST, APPROVER)


def _texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """Every string of the last run that Streamlit renders as Markdown, by element type."""
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "error", "success"):
        for el in getattr(at, kind):
            yield kind, str(el.value)
    for m in at.get("metric"):
        yield "metric", str(m.label)


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def _figure_strings(at: AppTest) -> list[str]:
    out: list[str] = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        out.extend(_strings(spec.get("data", [])))
        out.extend(_strings(spec.get("layout", {}).get("annotations", [])))
    return out


def _run(page: str, user: auth.User, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["frame_lang"] = lang
    at.session_state["auth_user_obj"] = user
    if page == "pages/company.py":
        at.session_state["company_key"] = "n:" + visible_text(HOSTILE["link"]).replace(" ", "").casefold()
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("page", "url"), PAGES)
def test_hostile_names_are_inert_on_every_page(
    hostile_db: Path, monkeypatch: pytest.MonkeyPatch, page: str, url: str, lang: str
) -> None:
    monkeypatch.setenv("ANNING_DB", str(hostile_db))
    user = APPROVER if url == "exposure" and lang == "zh" else ANALYST
    at = _run(page, user, lang)
    texts = list(_texts(at))
    bad = [(kind, text) for kind, text in texts if any(r in text for r in RAW)]
    assert not bad, bad
    figures = _figure_strings(at)
    bad_fig = [s for s in figures if "<a " in s or any(r in s for r in ("\x1b", "\x07", "\u202e", "**bold**"))]
    assert not bad_fig, bad_fig
    shown = " ".join(t for _, t in texts) + " " + " ".join(figures)
    # The names are there, escaped: where each page shows names, at least one hostile one is visible.
    expected = {
        "overview": [],  # headlines name industries, not companies
        "company": [inert(HOSTILE["link"])],
        "enforcement": [inert(PORT_COMPANY)],
        "exposure": [inert(HOSTILE["link"])] if user is ANALYST else [],
        "inventory": [],
    }.get(url, [])
    for name in expected:
        assert name in shown, (url, name)
    if user is ANALYST:
        assert any(inert(ANALYST.display) in t for k, t in texts), "the sidebar names the user, escaped"


def test_the_escaped_names_read_as_the_names() -> None:
    """What the browser shows after decoding the references equals the name without its control characters."""
    import html

    for name in [*HOSTILE.values(), PORT_COMPANY]:
        shown = html.unescape(inert(name)).replace("\u2060", "")
        assert shown == visible_text(name)
        assert not any(r in inert(name) for r in RAW)
