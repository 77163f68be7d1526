"""AppTest: the Forecast page in both languages: chart, model choice, backtest, running period, anomalies."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_forecast(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["frame_lang"] = lang
    at.run()
    at.switch_page("pages/forecast.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_forecast_page_shows_forecast_and_model_choice(app_db: Path, lang: str) -> None:
    at = open_forecast(lang)
    charts = at.get("plotly_chart")
    assert charts, "the fan chart is drawn"
    fig = json.loads(charts[0].proto.spec)
    names = [tr.get("name") for tr in fig["data"]]
    expected = {
        "en": ("Forecast", "95% interval", "Running period (incomplete)"),
        "zh": ("预测值", "95%预测区间", "当期（数据不完整）"),
    }[lang]
    for name in expected:
        assert name in names, names
    text = " ".join(m.value for m in at.markdown)
    assert ("Chosen model" if lang == "en" else "选用模型") in text
    tables = [d.value for d in at.dataframe]
    forecast_table = next(t for t in tables if ("Period" if lang == "en" else "时期") in t.columns)
    assert len(forecast_table) == 4  # default horizon: 4 quarters
    assert forecast_table.iloc[0, 0] == "2026Q4"  # the running quarter is forecast, not read as a fall
    assert any(("Chosen" if lang == "en" else "选用") in t.columns for t in tables)


def test_switching_series_and_granularity(app_db: Path) -> None:
    at = open_forecast("en")
    at.selectbox(key="forecast_dim").set_value("industry").run()
    # Pick the series by id: the largest industry (the default) depends on the demo data
    # (since suspected fraud became a category, it is "Unclassified").
    at.selectbox(key="forecast_series").set_value("industry:loans_finance").run()
    at.radio(key="forecast_granularity").set_value("month").run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Forecast"], [e.value for e in at.error]
    table = next(d.value for d in at.dataframe if "Period" in d.value.columns)
    assert len(table) == 12 and table.iloc[0, 0] == "2026-11"
    heading = " ".join(s.value for s in at.subheader)
    assert "Loans and wealth management" in heading and "Monthly" in heading
