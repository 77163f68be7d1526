"""The province choropleth as a ``pydeck.Deck``, and its legend (pydeck draws none).

Offline by construction: ``map_provider=None`` and no ``map_style`` argument, so
neither pydeck nor Streamlit asks any tile or style server for a basemap
(``map_style=None`` would make Streamlit fetch a Carto style). The boundaries are
``data/reference/china_provinces.geojson`` (see ``data/reference/ATTRIBUTION.md``):
34 ``province`` features, filled by class, and the South China Sea dashed line
(``scs_line``), drawn as its own line layer. The browser gets the same units simplified for the screen
(``china_provinces_screen.geojson``, made by ``tools/screen_geojson.py``): a third of the bytes and vertices,
which is most of the map's first visit (docs/performance.md, "Province map in the browser").
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from anning.analysis.provinces import ProvinceView, class_labels, class_of, metric_label, province_name
from anning.core import fmt
from anning.core.config import REFERENCE_DIR
from anning.core.escape import inert
from anning.i18n import name_column, t

GEOJSON_PATH = REFERENCE_DIR / "china_provinces.geojson"
# What the deck draws. Streamlit parses the deck's JSON with JSON5 on the page's main thread and deck.gl
# triangulates every ring before the first frame: both grow with the vertices, and at the zooms the map allows
# most of the reference file's 27,500 vertices fall inside one pixel (8,800 here; the inventory's printed map
# keeps the reference file).
SCREEN_GEOJSON_PATH = REFERENCE_DIR / "china_provinces_screen.geojson"
# Sequential yellow-orange-red (ColorBrewer YlOrRd, 5 classes): more complaints read as worse.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (255, 255, 178),
    (254, 204, 92),
    (253, 141, 60),
    (240, 59, 32),
    (189, 0, 38),
)
NO_DATA = (205, 205, 205)  # neutral grey: no figures, which is not zero
TOO_FEW = (232, 232, 232)  # lighter grey: figures, but too few complaints for a rate
FILL_ALPHA = 230
BORDER = (255, 255, 255, 255)
SCS_LINE = (90, 90, 90, 255)
# Centred on the Mercator midpoint of 3.5°N-53.5°N, 73°E-135°E (mainland, islands and the dashed line),
# zoomed so that the whole extent fits a column about 500 px wide. No deeper than zoom 5 (a pixel is then
# 0.03°): the screen boundaries are simplified at 0.05°, which would show as corners further in.
VIEW = pdk.ViewState(longitude=104.3, latitude=31.6, zoom=2.45, min_zoom=2, max_zoom=5)


@functools.lru_cache(maxsize=2)
def geojson(path: Path = GEOJSON_PATH) -> dict[str, Any]:
    """A parsed boundary file, read once per process (it is static; callers must not mutate it)."""
    return json.loads(path.read_text(encoding="utf-8"))


def province_features(path: Path = GEOJSON_PATH) -> list[dict[str, Any]]:
    """The 34 ``kind == "province"`` features (of the reference file unless another is named)."""
    return [f for f in geojson(path)["features"] if f["properties"].get("kind") == "province"]


def scs_paths(path: Path = GEOJSON_PATH) -> list[list[list[float]]]:
    """The dashes of the South China Sea line, one path per dash."""
    paths: list[list[list[float]]] = []
    for f in geojson(path)["features"]:
        if f["properties"].get("kind") != "scs_line":
            continue
        geom = f["geometry"]
        parts = geom["coordinates"] if geom["type"] == "MultiLineString" else [geom["coordinates"]]
        paths.extend(parts)
    return paths


class _CompactDeck(pdk.Deck):  # type: ignore[misc]
    """A Deck whose JSON has no indentation.

    pydeck's ``to_json`` indents by two spaces: for these boundaries that is about
    3 MB and 0.1 s per render; compact it is under 0.5 MB and a third of the time.
    Streamlit sends exactly this string to the browser. The string is made once: a deck is not changed
    after :func:`province_deck` returns it, and a cached deck is sent again on every rerun.
    """

    _json: str | None = None

    def to_json(self) -> str:
        if self._json is None:
            self._json = json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))
        return self._json


def fill_for(klass: int | None, n_classes: int) -> list[int]:
    """RGBA fill for a class index; grey for no data.

    With fewer classes than colours (few distinct values), classes spread over the
    whole palette so the lowest is still the lightest and the highest the darkest.
    """
    if klass is None:
        return [*NO_DATA, FILL_ALPHA]
    idx = 0 if n_classes <= 1 else round(klass * (len(PALETTE) - 1) / (n_classes - 1))
    return [*PALETTE[idx], FILL_ALPHA]


def _props(row: Any, view: ProvinceView, lang: str, n_classes: int) -> dict[str, Any]:
    if not row.has_data:
        missing = t("map.no_data", lang)
        return {
            "adcode": row.adcode,
            "name": inert(province_name(row, lang)),  # the tooltip is HTML
            "count": missing,
            "share": missing,
            "rate": missing,
            "fill": fill_for(None, n_classes),
        }
    guarded = bool(row.guarded)
    return {
        "adcode": row.adcode,
        "name": inert(province_name(row, lang)),
        "count": fmt.count(row.complaints, lang),
        "share": fmt.pct(row.share, lang),
        "rate": t("map.too_few", lang, n=view.min_count) if guarded else fmt.rate(row.rate, lang),
        "fill": [*TOO_FEW, FILL_ALPHA]
        if guarded and view.metric == "rate"
        else fill_for(class_of(row.value, view.breaks), n_classes),
    }


def province_deck(view: ProvinceView, lang: str, *, height: int = 560) -> pdk.Deck:
    """The choropleth: provinces filled by class of the chosen metric, the dashed line on top, tooltips."""
    n_classes = len(view.breaks) + 1
    by_code = {row.adcode: _props(row, view, lang, n_classes) for row in view.table.itertuples()}
    features = []
    for f in province_features(SCREEN_GEOJSON_PATH):
        code = f["properties"]["adcode"]
        props = by_code.get(code) or {
            "adcode": code,
            "name": inert(f["properties"][name_column(lang)]),
            "count": t("map.no_data", lang),
            "share": "",
            "rate": "",
            "fill": fill_for(None, n_classes),
        }
        # New feature dicts: the cached geometry is shared, never modified.
        features.append({"type": "Feature", "geometry": f["geometry"], "properties": props})
    provinces = pdk.Layer(
        "GeoJsonLayer",
        id="provinces",
        data={"type": "FeatureCollection", "features": features},
        pickable=True,
        stroked=True,
        filled=True,
        get_fill_color="properties.fill",
        get_line_color=list(BORDER),
        line_width_min_pixels=0.6,
        auto_highlight=True,
        highlight_color=[31, 78, 121, 90],
    )
    scs = pdk.Layer(
        "PathLayer",
        id="scs_line",
        data=[{"path": p} for p in scs_paths(SCREEN_GEOJSON_PATH)],
        get_path="path",
        get_color=list(SCS_LINE),
        get_width=2,
        width_units=pdk.types.String("pixels"),  # a bare string would be read as an accessor expression
        width_min_pixels=1.5,
        pickable=False,
    )
    tooltip = {
        "html": t("map.tooltip", lang),
        "style": {"backgroundColor": "#1f2933", "color": "#ffffff", "fontSize": "13px"},
    }
    return _CompactDeck(
        layers=[provinces, scs], initial_view_state=VIEW, map_provider=None, tooltip=tooltip, height=height
    )


def legend_items(view: ProvinceView, lang: str) -> list[tuple[str, str]]:
    """(hex colour, label) per class, then the no-data swatch if any unit lacks data."""
    labels = class_labels(view, lang)
    n = len(labels)
    items = [(_hex(fill_for(i, n)), label) for i, label in enumerate(labels)]
    if view.metric == "rate" and not view.guarded.empty:
        items.append((_hex([*TOO_FEW, 255]), t("map.too_few_legend", lang, n=view.min_count)))
    if not view.no_data.empty:
        items.append((_hex(fill_for(None, n)), t("map.no_data", lang)))
    return items


def legend_html(view: ProvinceView, lang: str) -> str:
    """A small HTML legend (swatches and ranges) for ``st.markdown(..., unsafe_allow_html=True)``."""
    title = metric_label(view.metric, lang)
    rows = "".join(
        f'<div style="display:flex;align-items:center;gap:6px;margin:2px 0">'
        f'<span style="display:inline-block;width:18px;height:12px;background:{colour};'
        f'border:1px solid #999"></span><span>{inert(label)}</span></div>'
        for colour, label in legend_items(view, lang)
    )
    return (
        f'<div class="anning-map-legend" style="font-size:13px;line-height:1.3">'
        f'<div style="font-weight:600;margin-bottom:4px">{inert(title)}</div>{rows}</div>'
    )


def _hex(rgba: list[int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgba[:3])
