"""AppTest: the Overview page shows the store's numbers, in both languages.

The expected values come from the same store through :func:`anning.analysis.overview.build` with a plain
``store.Reader`` (no Streamlit cache), so the page and the function must agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.proto.Metric_pb2 import Metric
from streamlit.testing.v1 import AppTest

from anning.analysis import overview
from anning.core import fmt
from anning.i18n import t
from anning.store import db as store
from tests.helpers import as_read

ROOT = Path(__file__).resolve().parents[2]


def open_overview(lang: str, quarter: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["frame_lang"] = lang
    at.run()
    if quarter:
        at.selectbox(key="frame_quarter").set_value(quarter).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def expected(db: Path, quarter: str, lang: str) -> overview.Overview:
    reader = store.Reader(db)
    try:
        return overview.build(reader, quarter, lang)
    finally:
        reader.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_kpis_and_headlines_match_the_store(app_db: Path, lang: str) -> None:
    at = open_overview(lang)
    ov = expected(app_db, "2026Q3", lang)
    assert ov.complete
    metrics = {m.label: m for m in at.metric}
    for kpi in ov.kpis:
        m = metrics[overview.kpi_label(kpi.key, lang)]
        value = fmt.yuan(kpi.value, lang) if kpi.key == "fines" else fmt.count(kpi.value, lang)
        assert m.value == value, kpi
        assert m.delta == fmt.pct(kpi.qoq, lang, signed=True), kpi
    # The complaint cards treat a significant rise as bad news (red) and a significant fall as good news
    # (green); a change the exact test calls chance is grey, for QoQ and YoY alike.
    for key in overview.COMPLAINT_KPIS:
        kpi = ov.kpi(key)
        proto = metrics[overview.kpi_label(key, lang)].proto
        want = "GRAY" if not kpi.qoq_significant or abs(kpi.qoq) < 0.0005 else "RED" if kpi.qoq > 0 else "GREEN"
        assert Metric.MetricColor.Name(proto.color) == want, key
    captions = [c.value for c in at.caption]
    total = ov.kpi("total")
    tone = "gray" if not total.yoy_significant else "red" if total.yoy > 0 else "green"
    shown = f":{tone}[{fmt.pct(total.yoy, lang, signed=True)}]"
    note = "" if total.yoy_significant else t("ov.not_significant", lang)
    assert t("ov.yoy", lang, quarter="2025Q3", change=shown) + note in captions
    text = as_read("\n".join(m.value for m in at.markdown))  # inert text, decoded
    assert ov.headlines and all(h in text for h in ov.headlines)
    assert ov.headlines[0].startswith("Complaints in 2026Q3 totalled" if lang == "en" else "2026年第三季度共受理投诉")
    assert len(at.get("plotly_chart")) == 2
    assert [s.value for s in at.subheader][0] == t("ov.h.complaints", lang, quarter="2026Q3")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_partial_quarter_shows_counts_without_changes(app_db: Path, lang: str) -> None:
    at = open_overview(lang, "2026Q4")
    ov = expected(app_db, "2026Q4", lang)
    assert not ov.complete
    assert all(not m.delta for m in at.metric)
    assert {m.value for m in at.metric} >= {fmt.count(ov.kpi("total").value, lang)}
    warnings = " ".join(w.value for w in at.warning)
    assert t("ov.partial_kpis", lang, quarter="2026Q4", as_of=fmt.date_words(ov.data_as_of, lang)) in warnings
    text = as_read("\n".join(m.value for m in at.markdown))
    assert ov.headlines[0] in text and ("not complete yet" if lang == "en" else "尚不完整") in ov.headlines[0]
    # The trend's shaded quarter says how far its data run, as a date in words (not "–", not ISO).
    trend = json.loads(at.get("plotly_chart")[0].proto.spec)
    label = t("ov.partial_label", lang, as_of=fmt.date_words(ov.data_as_of, lang))
    assert label in [a.get("text") for a in trend["layout"]["annotations"]]


def test_the_compare_box_never_falls_back_to_an_empty_placeholder() -> None:
    # Before: a chosen quarter that the next sidebar quarter did not offer was reset to None, which a selectbox
    # reads as "nothing chosen": it showed Streamlit's own "Choose an option" (in English on the Chinese page)
    # and kept showing it after returning to a later quarter, while the cards quietly compared with the
    # previous quarter. (Clearing the key instead left the browser showing the old quarter.)
    at = open_overview("zh")
    at.selectbox(key="overview_compare").set_value("2024Q3").run()
    assert at.selectbox(key="overview_compare").value == "2024Q3"
    first = at.selectbox(key="frame_quarter").options[-1]
    at.selectbox(key="frame_quarter").set_value(first).run()
    assert not at.exception
    box = at.selectbox(key="overview_compare")
    assert box.value == "previous" and box.index == 0 and box.options == ["上一季度"] and box.disabled
    at.selectbox(key="frame_quarter").set_value("2026Q3").run()
    box = at.selectbox(key="overview_compare")
    assert box.value == "previous" and box.index == 0 and not box.disabled
    assert "较2026Q2" in " ".join(str(m.proto) for m in at.metric)
