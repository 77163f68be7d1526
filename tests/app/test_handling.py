"""AppTest: the Report handling page on the hand-worked handling store (tests/handling_store.py), both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from anning.core import fmt
from anning.core.escape import inert
from anning.i18n import t
from anning.store import db as store
from anning.store import info
from tests import handling_store
from tests.helpers import as_read

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def handling_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Marked as demo data so the app signs the session in (no sign-in form in the way).
    return handling_store.build(tmp_path_factory.mktemp("handling_app"), demo=True)


@pytest.fixture()
def env(handling_demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANNING_DB", str(handling_demo_db))
    return handling_demo_db


def open_page(lang: str, quarter: str, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["frame_lang"] = lang
    at.session_state["frame_quarter"] = quarter
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    at.switch_page("pages/handling.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("lang", "rate_label", "rate", "cmcc", "days"),
    [("en", "Handling rate", "80.0%", "China Mobile", "2 days"), ("zh", "处理率", "80.0%", "中国移动", "2天")],
)
def test_a_quarter_with_status(env: Path, lang: str, rate_label: str, rate: str, cmcc: str, days: str) -> None:
    at = open_page(lang, "2024Q2")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[rate_label] == rate  # 8 / (8 + 2): the 4 not-actionable reports left out
    assert days in metrics.values()  # the national median
    table = at.dataframe[0].value
    assert table.iloc[0, 0] == cmcc and list(table.iloc[:, 2]) == [11, 4, 2, 1]  # most forwarded first
    assert table.iloc[0, 6] == pytest.approx(75.0)
    assert len(at.get("plotly_chart")) == 2  # the rate per operator and the trend
    # 中国移动's 75% on 8 actionable reports is below 90%, but 8 reports are fewer than the default 30.
    assert not at.error and at.success


def test_the_threshold_and_minimum_are_settings(env: Path) -> None:
    at = open_page("en", "2024Q2", handling_min_reports=5)
    assert at.error and "China Mobile: 75.0% of 8 actionable reports handled" in as_read(at.error[0].value)


def test_the_service_level_is_a_setting(env: Path) -> None:
    at = open_page("en", "2024Q2", handling_sla_days=0)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Handled within 0 days"] == "14.3%"  # 1 of the 7 dated reports was handled the same day
    assert "Within 0 days %" in at.dataframe[0].value.columns


def test_per_province(env: Path) -> None:
    at = open_page("zh", "2024Q2", handling_by="province")
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["省份", "转办量"]
    assert table.iloc[0, 0].startswith("广东") and table.iloc[1, 0].startswith("北京")
    assert list(table["处理率%"]) == [100.0, 50.0]


@pytest.mark.parametrize(("lang", "text"), [("en", "not a rate of 0%"), ("zh", "并非处理率为0%")])
def test_a_quarter_without_status_says_so(env: Path, lang: str, text: str) -> None:
    at = open_page(lang, "2024Q1")
    assert any(text in i.value for i in at.info)
    assert not at.metric and not at.dataframe  # no figures, let alone zeros
    assert len(at.get("plotly_chart")) == 1  # the trend, with the gap


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_running_quarter_reads_as_partial_and_bars_start_at_zero(app_db: Path, lang: str) -> None:
    # The demo store's 2026Q4 is running: its late reports are pending, so its rate is low for now.
    reader = store.Reader(app_db)
    try:
        as_of = info.store_info(reader).data_as_of
    finally:
        reader.close()
    at = open_page(lang, "2026Q3")
    rates, trend = (json.loads(c.proto.spec) for c in at.get("plotly_chart"))
    assert rates["layout"]["xaxis"]["range"][0] == 0  # bars from 0%, not from 70%
    assert not any(d.get("text") for d in rates["data"])  # labels beside the plot, not on the threshold line
    label = inert(t("hd.chart.running", lang, as_of=fmt.date_words(as_of, lang)))
    assert label in [a.get("text") for a in trend["layout"]["annotations"]]
    dotted = [d for d in trend["data"] if d.get("showlegend") is False]
    assert len(dotted) == 3 and all(d["x"][-1] == "2026Q4" and d["line"]["dash"] == "dot" for d in dotted)
    solid = [d for d in trend["data"] if d.get("showlegend") is not False]
    assert all("2026Q4" not in d["x"] for d in solid)  # no solid line into the running quarter
