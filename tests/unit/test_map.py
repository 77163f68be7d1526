"""The province map: counts, shares, rates and classes from a hand-built store, and the deck's JSON."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from anning.analysis import provinces
from anning.charts import map as map_charts
from anning.store import db as store


def by_code(view: provinces.ProvinceView) -> dict[str, dict[str, object]]:
    return {r["adcode"]: r for r in view.table.to_dict("records")}


def test_counts_shares_ranks_and_no_data(chain_reader: store.Reader) -> None:
    v = provinces.view(chain_reader, "2024Q2")
    rows = by_code(v)
    assert len(v.table) == 34
    assert {c: rows[c]["complaints"] for c in ("440000", "370000", "410000", "110000", "310000")} == {
        "440000": 10,
        "370000": 6,
        "410000": 3,
        "110000": 1,
        "310000": 0,
    }
    # Shanghai had a complaint in 2024Q1: it has data, and 0 in 2024Q2 is a real zero, ranked last.
    assert rows["310000"]["has_data"] and rows["310000"]["rank"] == 5
    # Units with no complaint ever are "no data", not zero, and are not ranked.
    for code in ("810000", "820000", "710000", "540000"):
        assert not rows[code]["has_data"]
        assert pd.isna(rows[code]["complaints"]) and pd.isna(rows[code]["rank"])
    assert v.located == 20 and v.quarter_total == 22 and v.unlocated == 2
    assert rows["440000"]["share"] == pytest.approx(10 / 20)
    assert rows["440000"]["rate"] == pytest.approx(10 / 126_012_510 * 100_000)
    assert list(v.table["adcode"][:5]) == ["440000", "370000", "410000", "110000", "310000"]


def test_filters_channel_and_category(chain_reader: store.Reader) -> None:
    sms = by_code(provinces.view(chain_reader, "2024Q2", channel="sms"))
    assert sms["410000"]["complaints"] == 0 and sms["440000"]["complaints"] == 10  # Henan's were calls
    fraud = provinces.view(chain_reader, "2024Q2", category="fraud")
    assert fraud.located == 6 and by_code(fraud)["370000"]["complaints"] == 6
    assert fraud.quarter_total == 6


def test_ties_share_a_rank() -> None:
    raw = pd.DataFrame(
        {
            "adcode": ["a", "b", "c", "d"],
            "name_zh": list("甲乙丙丁"),
            "name_en": list("ABCD"),
            "population": [100_000] * 4,
            "has_data": [True] * 4,
            "complaints": [5, 3, 3, 1],
            "quarter_total": [12] * 4,
        }
    )
    v = provinces.build_view(raw, "2024Q2")
    assert list(v.table["rank"]) == [1, 2, 2, 4]


def test_class_breaks_are_rounded_quantiles() -> None:
    # Quantiles of 0, 1, 3, 6, 10 at 20/40/60/80% are 0.8, 2.2, 4.2, 6.8.
    assert provinces.class_breaks([0, 1, 3, 6, 10]) == (1.0, 2.0, 4.0, 7.0)
    assert provinces.class_breaks([0.5, 0.5, 0.5], metric="rate") == ()
    assert provinces.class_breaks([]) == ()
    assert [provinces.class_of(x, (1.0, 2.0, 4.0, 7.0)) for x in (0, 1, 3, 6, 10)] == [0, 1, 2, 3, 4]
    assert provinces.class_of(float("nan"), (1.0,)) is None


def deck_json(view: provinces.ProvinceView, lang: str) -> dict:  # type: ignore[type-arg]
    return json.loads(map_charts.province_deck(view, lang).to_json())


def test_deck_fills_34_provinces_by_class_and_greys_no_data(chain_reader: store.Reader) -> None:
    spec = deck_json(provinces.view(chain_reader, "2024Q2"), "en")
    layer = next(x for x in spec["layers"] if x["id"] == "provinces")
    assert layer["@@type"] == "GeoJsonLayer" and layer["getFillColor"] == "@@=properties.fill"
    features = layer["data"]["features"]
    assert len(features) == 34
    fills = {f["properties"]["adcode"]: f["properties"]["fill"] for f in features}
    alpha = map_charts.FILL_ALPHA
    expected = {"310000": 0, "110000": 1, "410000": 2, "370000": 3, "440000": 4}  # 0, 1, 3, 6, 10
    for code, klass in expected.items():
        assert fills[code] == [*map_charts.PALETTE[klass], alpha], code
    grey = [*map_charts.NO_DATA, alpha]
    assert fills["810000"] == grey and fills["820000"] == grey and fills["710000"] == grey
    assert sum(1 for f in fills.values() if f == grey) == 34 - 5


def test_deck_has_the_dashed_line_as_a_line_layer(chain_reader: store.Reader) -> None:
    spec = deck_json(provinces.view(chain_reader, "2024Q2"), "zh")
    line = next(x for x in spec["layers"] if x["id"] == "scs_line")
    assert line["@@type"] == "PathLayer"
    assert len(line["data"]) == 10  # the ten dashes
    assert line["widthUnits"] == "pixels"


def test_deck_tooltips_are_translated(chain_reader: store.Reader) -> None:
    view = provinces.view(chain_reader, "2024Q2")
    for lang, gd, hk, word in (
        ("en", "Guangdong", "Hong Kong", "Complaints"),
        ("zh", "广东省", "香港特别行政区", "投诉量"),
    ):
        spec = deck_json(view, lang)
        props = {f["properties"]["adcode"]: f["properties"] for f in spec["layers"][0]["data"]["features"]}
        assert props["440000"]["name"] == gd
        assert props["440000"]["count"] == "10" and props["440000"]["share"] == "50.0%"
        assert props["810000"]["name"] == hk and props["810000"]["count"] == ("No data" if lang == "en" else "无数据")
        html = map_charts.province_deck(view, lang)._tooltip["html"]
        assert word in html and "{name}" in html and "{count}" in html and "{share}" in html


def test_deck_is_offline(chain_reader: store.Reader) -> None:
    deck = map_charts.province_deck(provinces.view(chain_reader, "2024Q2"), "en")
    text = deck.to_json()
    spec = json.loads(text)
    # No basemap: pydeck's "no style given" sentinel, which Streamlit drops instead of fetching Carto.
    assert spec.get("mapStyle") in (None, "__MAP_STYLE__")
    assert spec.get("mapProvider") is None
    for host in ("http://", "https://", "cartocdn", "mapbox", "maptiles"):
        assert host not in text


def test_legend_lists_classes_and_no_data(chain_reader: store.Reader) -> None:
    view = provinces.view(chain_reader, "2024Q2")
    items = map_charts.legend_items(view, "en")
    # Each class is labelled by the values it holds (here one province each): never 0–1, 1–2, which overlap.
    assert [label for _, label in items] == ["0", "1", "3", "6", "10", "No data"]
    assert items[0][0] == "#ffffb2" and items[-1][0] == "#cdcdcd"
    html = map_charts.legend_html(view, "zh")
    assert "无数据" in html and "投诉量" in html


def test_rate_metric_classifies_rates(chain_reader: store.Reader) -> None:
    v = provinces.view(chain_reader, "2024Q2", metric="rate", min_count=0)  # every province gets a rate
    assert v.table["value"].iloc[0] == pytest.approx(v.table["rate"].iloc[0])
    assert all(round(b, 2) == b for b in v.breaks)
    with pytest.raises(ValueError):
        provinces.view(chain_reader, "2024Q2", metric="bogus")


def test_geojson_is_cached_and_not_mutated(chain_reader: store.Reader) -> None:
    first = map_charts.geojson()
    map_charts.province_deck(provinces.view(chain_reader, "2024Q2"), "en")
    assert map_charts.geojson() is first
    assert "fill" not in first["features"][0]["properties"]


def _raw(counts: list[int], population: int = 1_000_000) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "adcode": [f"{11 + i}0000" for i in range(len(counts))],
            "name_zh": [f"省{i}" for i in range(len(counts))],
            "name_en": [f"P{i}" for i in range(len(counts))],
            "population": [population] * len(counts),
            "has_data": [True] * len(counts),
            "complaints": counts,
            "quarter_total": [sum(counts)] * len(counts),
        }
    )


def test_class_labels_never_overlap_even_when_rounding_would() -> None:
    # Rates 0.831 and 0.834 round to the same 0.83: the labels take a third decimal instead of reading
    # "0.74–0.83, 0.83–0.86".
    counts = [742, 790, 831, 834, 845, 860, 870, 880, 890, 990]
    view = provinces.build_view(_raw(counts, 100_000_000), "2026Q2", metric="rate")
    labels = provinces.class_labels(view, "en")
    tops = [lab.split("–")[-1] for lab in labels]
    bottoms = [lab.split("–")[0] for lab in labels]
    assert all(a != b for a, b in zip(tops[:-1], bottoms[1:], strict=True)), labels
    for lo_label, hi_label in zip(tops[:-1], bottoms[1:], strict=True):
        assert float(lo_label) < float(hi_label)
    counts_view = provinces.build_view(_raw([27, 100, 170, 171, 200, 264, 300, 400]), "2026Q2")
    labels = provinces.class_labels(counts_view, "en")
    edges = [tuple(int(x.replace(",", "")) for x in lab.split("–")) for lab in labels]
    # 27–100, 170, 171–200, …: each class's top is below the next class's bottom, none shared.
    assert all(a[-1] < b[0] for a, b in zip(edges[:-1], edges[1:], strict=True)), labels


def test_rates_need_a_minimum_count() -> None:
    # Six complaints in a small province must not top the per-capita ranking.
    raw = _raw([6, 500, 400], population=1_000_000)
    raw.loc[0, "population"] = 5_000
    view = provinces.build_view(raw, "2026Q2", metric="rate", min_count=10)
    top = view.table.iloc[0]
    assert top["complaints"] == 500 and top["rank"] == 1
    guarded = view.guarded
    assert list(guarded["complaints"]) == [6.0] and guarded["rate"].isna().all() and guarded["rank"].isna().all()
    labels = [label for _, label in map_charts.legend_items(view, "en")]
    assert "Fewer than 10 complaints: no rate" in labels
    assert provinces.build_view(raw, "2026Q2", metric="rate", min_count=0).table.iloc[0]["complaints"] == 6
    with pytest.raises(ValueError):
        provinces.build_view(raw, "2026Q2", min_count=-1)


def _two_quarters(metric: str) -> tuple[provinces.ProvinceView, provinces.ProvinceView]:
    # An island of 10 million with 84 complaints tops the rate ranking over a province of 126 million with 978;
    # the third had too few complaints for a rate in the earlier quarter.
    now, then = _raw([84, 978, 40]), _raw([75, 1_089, 8])
    for raw in (now, then):
        raw["population"] = [10_000_000, 126_000_000, 20_000_000]
        raw["name_en"] = ["Hainan", "Guangdong", "Ningxia"]
    return (
        provinces.build_view(now, "2026Q3", metric=metric),
        provinces.build_view(then, "2026Q2", metric=metric),
    )


def test_ranked_by_rate_the_table_shows_the_rate_and_compares_rates() -> None:
    view, before = _two_quarters("rate")
    table = provinces.ranked_table(view, "en", compare=before)
    rate = "Complaints per 100,000 residents"
    # The measure ranked by comes first, then the same measure in the earlier quarter and the change between them.
    assert list(table.columns) == [
        "Rank",
        "Province",
        rate,
        f"{rate}, 2026Q2",
        "Change %",
        "Complaints",
        "Share",
        "Population (2020)",
    ]
    assert list(table["Province"]) == ["Hainan", "Guangdong", "Ningxia"]
    assert list(table[rate]) == [0.84, 0.78, 0.2]
    assert list(table[f"{rate}, 2026Q2"][:2]) == [0.75, 0.86]
    assert table["Change %"][0] == pytest.approx(12.0)  # 0.84 against 0.75
    # Ningxia's 8 complaints in 2026Q2 gave no rate, so no change in its rate either (not one in its count).
    assert pd.isna(table[f"{rate}, 2026Q2"][2]) and pd.isna(table["Change %"][2])
    assert provinces.change_note(view, "2026Q2", "en") == (
        "Change %: complaints per 100,000 residents in 2026Q3 against 2026Q2."
    )
    zh = provinces.ranked_table(view, "zh", compare=before)
    assert list(zh.columns[2:5]) == ["每十万人投诉量", "2026Q2每十万人投诉量", "变化%"]
    assert provinces.change_note(view, "2026Q2", "zh") == "变化%：2026Q3每十万人投诉量较2026Q2的变化。"


def test_ranked_by_count_the_table_compares_counts() -> None:
    view, before = _two_quarters("count")
    table = provinces.ranked_table(view, "en", compare=before)
    assert list(table.columns[:5]) == ["Rank", "Province", "Complaints", "2026Q2", "Change %"]
    assert list(table["Province"]) == ["Guangdong", "Hainan", "Ningxia"]
    assert list(table["2026Q2"]) == [1_089, 75, 8]
    assert table["Change %"][2] == pytest.approx(400.0)  # 40 against 8 complaints
    assert provinces.change_note(view, "2026Q2", "en") == "Change %: complaints in 2026Q3 against 2026Q2."
