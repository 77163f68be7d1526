"""Derive the on-screen province boundaries (``china_provinces_screen.geojson``) from the reference file, once.

The reference ``data/reference/china_provinces.geojson`` (27,500 vertices, 0.015° coverage tolerance, 3
decimals; see ``data/reference/ATTRIBUTION.md``) is drawn on paper by the inventory. The app's map draws it in
the browser, where its size is the first visit: Streamlit parses the deck's JSON with JSON5 in the page's
main thread and deck.gl triangulates every ring before the first frame, both in proportion to the vertices.
At the map's zoom levels (one pixel is 0.1° at the opening view, 0.03° at the deepest zoom the map allows)
most of those vertices fall inside one pixel, so this tool simplifies the 34 units again, together, as a
coverage (GEOS coverage simplification, Visvalingam-Whyatt: shared borders stay shared, no slivers or gaps),
rounds to 3 decimals and checks that every geometry is still valid and present.

Like ``tools/extract_china_geojson.py``, it runs in a throwaway virtual environment; the app reads the output
and never imports this script or shapely::

    python3 -m venv /tmp/geo-venv && /tmp/geo-venv/bin/pip install "shapely==2.1.2"
    /tmp/geo-venv/bin/python tools/screen_geojson.py
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, mapping, shape

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"
SOURCE = REFERENCE / "china_provinces.geojson"
OUT = REFERENCE / "china_provinces_screen.geojson"

#: Coverage-simplification tolerance, in degrees (about the square root of the largest triangle area removed):
#: half a pixel at the opening view, under two pixels at the deepest zoom.
TOLERANCE = 0.05
#: Output grid, in degrees (3 decimals, as the reference file: a 0.01° grid would snap some neighbours'
#: shared vertices apart and break the coverage).
GRID = 0.001
DECIMALS = 3


def _multi(g: shapely.Geometry) -> MultiPolygon:
    return g if isinstance(g, MultiPolygon) else MultiPolygon([g])


def _rounded(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, (list, tuple)):
        return [_rounded(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    return obj


def build(source: dict[str, Any], tolerance: float = TOLERANCE) -> list[dict[str, Any]]:
    """The simplified features: provinces first (same properties), then the dashed line, unchanged but rounded."""
    provinces = [f for f in source["features"] if f["properties"].get("kind") == "province"]
    others = [f for f in source["features"] if f["properties"].get("kind") != "province"]
    geoms = np.array([shape(f["geometry"]) for f in provinces], dtype=object)
    simplified = shapely.coverage_simplify(geoms, tolerance)
    out = []
    for f, g in zip(provinces, simplified, strict=True):
        g = _multi(shapely.set_precision(g, GRID))
        if g.is_empty or not g.is_valid:
            raise SystemExit(f"{f['properties']['adcode']}: geometry empty or invalid after simplification")
        out.append({"type": "Feature", "id": f.get("id"), "properties": f["properties"], "geometry": mapping(g)})
    if not shapely.coverage_is_valid(np.array([shape(f["geometry"]) for f in out], dtype=object)):
        raise SystemExit("the simplified provinces are no longer a valid coverage")
    for f in others:
        g = shapely.set_precision(shape(f["geometry"]), GRID)
        out.append({"type": "Feature", "id": f.get("id"), "properties": f["properties"], "geometry": mapping(g)})
    return out


def main() -> None:
    """Read the reference boundaries, simplify for the screen, write one feature per line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tolerance", type=float, default=TOLERANCE)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    features = build(json.loads(SOURCE.read_text(encoding="utf-8")), args.tolerance)
    lines = [json.dumps(_rounded(f), ensure_ascii=False, separators=(",", ":")) for f in features]
    args.out.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")
    print(f"{args.out}: {len(features)} features, {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
