"""Checks of the province reference table and the simplified China GeoJSON.

``data/reference/provinces.csv`` lists the 34 provincial-level units;
``data/reference/china_provinces.geojson`` (built once by
``tools/extract_china_geojson.py``) must have exactly one province feature per
adcode, sane WGS84 coordinates and a small size. Standard library and pandas only.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
CSV_PATH = REFERENCE / "provinces.csv"
GEOJSON_PATH = REFERENCE / "china_provinces.geojson"


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return pd.read_csv(CSV_PATH, dtype={"adcode": str}, encoding="utf-8")


@pytest.fixture(scope="module")
def geojson() -> dict[str, Any]:
    return json.loads(GEOJSON_PATH.read_text(encoding="utf-8"))


def _positions(coords: Any) -> Iterator[tuple[float, float]]:
    """Yield every [lon, lat] position of a GeoJSON coordinates array."""
    if coords and isinstance(coords[0], (int, float)):
        yield float(coords[0]), float(coords[1])
        return
    for item in coords:
        yield from _positions(item)


def test_34_rows_with_unique_six_digit_adcodes(provinces: pd.DataFrame) -> None:
    assert len(provinces) == 34
    assert provinces["adcode"].is_unique
    assert provinces["adcode"].str.fullmatch(r"\d{2}0000").all()
    assert provinces["name_zh"].is_unique and provinces["name_en"].is_unique
    assert {"110000", "710000", "810000", "820000"} <= set(provinces["adcode"])


def test_columns_are_filled(provinces: pd.DataFrame) -> None:
    expected = ["adcode", "name_zh", "short_zh", "name_en", "population", "region", "centroid_lon", "centroid_lat"]
    assert list(provinces.columns) == expected
    assert not provinces.isna().any().any()
    assert (provinces["population"] > 0).all()
    # The 31 mainland units sum to the 2020 census figure (excluding 2,000,000 military).
    mainland = provinces[~provinces["adcode"].isin(["710000", "810000", "820000"])]
    assert int(mainland["population"].sum()) == 1_409_778_724
    assert provinces["centroid_lon"].between(70, 140).all()
    assert provinces["centroid_lat"].between(0, 56).all()


def test_every_adcode_has_exactly_one_province_feature(provinces: pd.DataFrame, geojson: dict[str, Any]) -> None:
    assert geojson["type"] == "FeatureCollection"
    province_features = [f for f in geojson["features"] if f["properties"]["kind"] == "province"]
    counts = Counter(f["properties"]["adcode"] for f in province_features)
    assert len(province_features) == 34
    assert set(counts) == set(provinces["adcode"])
    assert all(n == 1 for n in counts.values())
    names = provinces.set_index("adcode")["name_zh"].to_dict()
    for feature in province_features:
        assert feature["properties"]["name_zh"] == names[feature["properties"]["adcode"]]
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_coordinates_are_finite_and_in_china_bounds(geojson: dict[str, Any]) -> None:
    for feature in geojson["features"]:
        points = list(_positions(feature["geometry"]["coordinates"]))
        assert points, feature["properties"]
        for lon, lat in points:
            assert math.isfinite(lon) and math.isfinite(lat)
            assert 70 <= lon <= 140 and 0 <= lat <= 56, (feature["properties"], lon, lat)


def test_south_china_sea_is_present(geojson: dict[str, Any]) -> None:
    kinds = Counter(f["properties"]["kind"] for f in geojson["features"])
    assert kinds["scs_line"] >= 1
    hainan = next(f for f in geojson["features"] if f["properties"]["adcode"] == "460000")
    southern_parts = [
        poly
        for poly in hainan["geometry"]["coordinates"]
        if max(lat for _, lat in poly[0]) < 12  # the Nansha islands
    ]
    assert len(southern_parts) >= 10


def test_geojson_is_small() -> None:
    assert GEOJSON_PATH.stat().st_size < 1_000_000
