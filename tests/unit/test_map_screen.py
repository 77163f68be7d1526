"""The map's on-screen boundaries: the same 34 units and the dashed line as the reference file, fewer vertices.

The deck draws ``china_provinces_screen.geojson`` (``tools/screen_geojson.py``) because the browser's first
visit grows with the deck's size (docs/performance.md); these tests keep it the same map.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from anning.analysis import provinces
from anning.charts import map as map_charts
from anning.store import db as store


def _rings(geometry: dict[str, Any]) -> list[np.ndarray]:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [np.asarray(ring, dtype=float) for poly in polys for ring in poly]


def _polygon_area(poly: list[Any]) -> float:
    """Planar area in deg² (shoelace; the outer ring minus the holes, as GeoJSON orders them)."""
    total = 0.0
    for i, ring in enumerate(poly):
        xy = np.asarray(ring, dtype=float)
        a = 0.5 * abs(float(np.dot(xy[:-1, 0], xy[1:, 1]) - np.dot(xy[1:, 0], xy[:-1, 1])))
        total += a if i == 0 else -a
    return total


def _main_part_area(geometry: dict[str, Any]) -> float:
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return max(_polygon_area(p) for p in polys)


def _by_code(path: Any) -> dict[str, dict[str, Any]]:
    return {f["properties"]["adcode"]: f for f in map_charts.province_features(path)}


def test_screen_file_has_every_unit_with_its_names_and_the_dashed_line() -> None:
    full, screen = _by_code(map_charts.GEOJSON_PATH), _by_code(map_charts.SCREEN_GEOJSON_PATH)
    assert len(screen) == 34 and screen.keys() == full.keys()
    for code, f in full.items():
        assert screen[code]["properties"] == f["properties"], code
    assert len(map_charts.scs_paths(map_charts.SCREEN_GEOJSON_PATH)) == len(map_charts.scs_paths()) == 10


def test_screen_file_is_the_same_map_with_a_third_of_the_vertices() -> None:
    full, screen = _by_code(map_charts.GEOJSON_PATH), _by_code(map_charts.SCREEN_GEOJSON_PATH)
    n_full = sum(len(r) for f in full.values() for r in _rings(f["geometry"]))
    n_screen = sum(len(r) for f in screen.values() for r in _rings(f["geometry"]))
    assert n_screen < 0.4 * n_full
    for code, f in full.items():
        a, b = np.vstack(_rings(f["geometry"])), np.vstack(_rings(screen[code]["geometry"]))
        # Every part kept (the South China Sea islands and the Diaoyu Islands are parts), the extent within a
        # pixel of the opening view (0.1°), and each unit's main part within 2 % of its area (5 % for a city such as
        # Hong Kong; Macao, under a pixel at the opening view and three at the deepest zoom, keeps half).
        assert len(screen[code]["geometry"]["coordinates"]) == len(f["geometry"]["coordinates"]), code
        assert np.allclose(a.min(axis=0), b.min(axis=0), atol=0.1), code
        assert np.allclose(a.max(axis=0), b.max(axis=0), atol=0.1), code
        full_main, screen_main = _main_part_area(f["geometry"]), _main_part_area(screen[code]["geometry"])
        tolerance = 0.02 if full_main > 1 else 0.05 if full_main > 0.05 else 0.5
        assert abs(screen_main - full_main) <= tolerance * full_main, (code, full_main, screen_main)


def test_the_deck_draws_the_screen_file_and_stays_small(chain_reader: store.Reader) -> None:
    deck = map_charts.province_deck(provinces.view(chain_reader, "2024Q2"), "zh")
    text = deck.to_json()
    assert deck.to_json() is text  # serialised once: a cached deck is not serialised again on every rerun
    spec = json.loads(text)
    features = {f["properties"]["adcode"]: f for f in spec["layers"][0]["data"]["features"]}
    screen = _by_code(map_charts.SCREEN_GEOJSON_PATH)
    assert features["440000"]["geometry"] == screen["440000"]["geometry"]
    # The reference file alone is 460 KB; what the browser parses (JSON5) and triangulates stays under 200 KB.
    assert len(text.encode("utf-8")) < 200_000
    # No zoom deeper than the simplification holds (a pixel is 0.03° at zoom 5).
    assert spec["initialViewState"]["maxZoom"] <= 5


def test_printed_maps_keep_the_reference_file() -> None:
    assert map_charts.province_features() == map_charts.province_features(map_charts.GEOJSON_PATH)
    assert map_charts.province_features() != map_charts.province_features(map_charts.SCREEN_GEOJSON_PATH)
