"""AppTest: the province map page on the hand-built chain store, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_map(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["frame_lang"] = lang
    at.session_state["frame_quarter"] = "2024Q2"
    at.run()
    at.switch_page("pages/map.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def deck_spec(at: AppTest) -> tuple[dict, str]:  # type: ignore[type-arg]
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json), charts[0].proto.tooltip


@pytest.mark.parametrize(
    ("lang", "gd", "word", "hk", "no_data"),
    [
        ("en", "Guangdong", "Complaints", "Hong Kong", "No data"),
        ("zh", "广东省", "投诉量", "香港特别行政区", "无数据"),
    ],
)
def test_map_draws_provinces_line_and_tooltips(
    chain_app_env: Path, lang: str, gd: str, word: str, hk: str, no_data: str
) -> None:
    at = open_map(lang)
    assert "2024Q2" in at.subheader[0].value
    spec, tooltip = deck_spec(at)
    assert [layer["id"] for layer in spec["layers"]] == ["provinces", "scs_line"]
    assert spec.get("mapStyle") in (None, "__MAP_STYLE__") and "http" not in charts_text(at)
    props = {f["properties"]["adcode"]: f["properties"] for f in spec["layers"][0]["data"]["features"]}
    assert len(props) == 34
    assert props["440000"]["name"] == gd and props["440000"]["count"] == "10"
    assert props["810000"]["name"] == hk and props["810000"]["count"] == no_data
    assert word in json.loads(tooltip)["html"]
    table = at.dataframe[0].value
    assert list(table.iloc[:5, 2]) == [10, 6, 3, 1, 0]
    assert table.iloc[0, 1] == gd
    assert table.iloc[5:, 0].isna().all()  # 29 units without data are not ranked
    captions = " ".join(c.value for c in at.caption)
    assert hk in captions and "2" in captions


def charts_text(at: AppTest) -> str:
    return at.get("deck_gl_json_chart")[0].proto.json


def test_map_rate_metric_and_filters(chain_app_env: Path) -> None:
    at = open_map("en")
    at.radio(key="map_metric").set_value("rate").run()
    assert not at.exception
    assert "per 100,000 residents" in at.subheader[0].value  # the rate base named in the heading
    # Under the default minimum count only Guangdong (10 complaints) gets a rate; the others are not ranked.
    assert at.dataframe[0].value["Province"].iloc[0] == "Guangdong"
    assert at.dataframe[0].value.iloc[1:, 0].isna().all()
    at.number_input(key="map_min_count").set_value(0).run()
    # Rates: Guangdong 10/126.0M, Shandong 6/101.5M, Beijing 1/21.9M, Henan 3/99.4M, Shanghai 0.
    assert list(at.dataframe[0].value["Province"][:5]) == ["Guangdong", "Shandong", "Beijing", "Henan", "Shanghai"]
    at.radio(key="map_metric").set_value("count").run()
    at.selectbox(key="map_channel").set_value("call").run()
    table = at.dataframe[0].value
    assert table.iloc[0, 1] == "Henan" and table.iloc[0, 2] == 3
    assert (table.iloc[1:5, 2] == 0).all()
    legend = " ".join(m.value for m in at.markdown)
    assert "No data" in legend


def test_map_empty_selection_says_so(chain_app_env: Path) -> None:
    at = open_map("zh")
    at.selectbox(key="map_category").set_value("harassment").run()
    at.selectbox(key="map_channel").set_value("sms").run()
    assert not at.exception
    assert any("没有投诉" in i.value for i in at.info)


@pytest.mark.parametrize(
    ("lang", "columns", "title", "note"),
    [
        (
            "en",
            ["Complaints per 100,000 residents", "Complaints per 100,000 residents, 2024Q1", "Change %"],
            "Provinces ranked by complaints per 100,000 residents",
            "Change %: complaints per 100,000 residents in 2024Q2 against 2024Q1.",
        ),
        (
            "zh",
            ["每十万人投诉量", "2024Q1每十万人投诉量", "变化%"],
            "各省按每十万人投诉量排名",
            "变化%：2024Q2每十万人投诉量较2024Q1的变化。",
        ),
    ],
)
def test_ranked_by_rate_the_table_shows_the_rate_it_is_ranked_by(
    chain_app_env: Path, lang: str, columns: list[str], title: str, note: str
) -> None:
    at = open_map(lang)
    at.radio(key="map_metric").set_value("rate").run()
    at.number_input(key="map_min_count").set_value(0).run()
    at.selectbox(key="map_compare").set_value("2024Q1").run()
    assert not at.exception
    table = at.dataframe[0].value
    # Rank, name, then the rate the rows are ranked by, beside the earlier quarter's rate and the change.
    assert list(table.columns[2:5]) == columns
    ranked = table[table.iloc[:, 0].notna()]
    assert list(ranked[columns[0]]) == sorted(ranked[columns[0]], reverse=True)
    assert any(title in m.value for m in at.markdown)
    assert note in [c.value for c in at.caption]
