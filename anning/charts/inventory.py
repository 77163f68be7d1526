"""The inventory's charts as Plotly figures, sized for a printed page and rendered to PNG by kaleido.

All figures use the house style (:func:`anning.charts.theme.style`, whose font is the CJK font
``anning.charts.theme.FONT_FAMILY``), so Chinese labels render in the images. The province map
is drawn in plain axes (filled polygons in a Mercator projection computed here), not in a
Plotly geo subplot: plotly.js fetches a base-map topojson from a CDN for geo subplots,
and publications are built offline. It uses the same boundaries, classes, palette and
South China Sea dashed line as the interactive map (:mod:`anning.charts.map`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from anning.analysis.provinces import ProvinceView, class_labels, class_of, metric_label
from anning.charts import theme
from anning.core import fmt
from anning.core.escape import inert
from anning.i18n import t, terms

WIDTH = 760  # CSS pixels: 16 cm at about 120 dpi, rendered at scale 2


def _bar_labels(values: pd.Series, lang: str, pct: bool) -> list[str]:
    return [fmt.pct(v / 100.0, lang) if pct else fmt.count(v, lang) for v in values]


def trend(
    series: pd.DataFrame,
    lang: str,
    *,
    quarter: str,
    n: int = 8,
    title: str | None = None,
    labels: Callable[[str], str] | None = None,
) -> go.Figure:
    """SMS and call complaints in the last ``n`` quarters up to ``quarter`` (grouped bars); ``labels`` words
    each quarter on the axis (a published document shows no quarter codes)."""
    df = series[series["quarter"] <= quarter].tail(n)
    x = [labels(str(q)) for q in df["quarter"]] if labels else df["quarter"]
    fig = go.Figure()
    for ch in ("sms", "call"):
        fig.add_bar(
            x=x,
            y=df[ch],
            name=terms.channel(ch, lang),
            marker_color=theme.CHANNEL_COLORS[ch],
            text=_bar_labels(df[ch], lang, False),
            textposition="outside",
            textfont_size=10,
        )
    fig.update_layout(barmode="group", yaxis_title=t("pub.inv.axis_complaints", lang), uniformtext_minsize=8)
    return theme.style(fig, title=title, height=330)


def categories(table: pd.DataFrame, lang: str, *, title: str | None = None) -> go.Figure:
    """Category shares within each channel (stacked 100% bars). ``table``: channel, category, share (%)."""
    fig = go.Figure()
    for cat in ("marketing", "harassment", "fraud", "unknown"):
        sub = table[table["category"] == cat]
        if sub.empty or float(sub["share"].sum()) == 0:
            continue
        fig.add_bar(
            y=[terms.channel(c, lang) for c in sub["channel"]],
            x=sub["share"],
            orientation="h",
            name=terms.category(cat, lang),
            marker_color=theme.CATEGORY_COLORS[cat],
            text=[fmt.pct(v / 100.0, lang) for v in sub["share"]],
            textposition="inside",
        )
    fig.update_layout(barmode="stack", xaxis={"range": [0, 100], "ticksuffix": "%"}, legend_traceorder="normal")
    return theme.style(fig, title=title, height=240)


def shares(
    names: list[str],
    values: list[float],
    lang: str,
    *,
    title: str | None = None,
    color: str = theme.SEQUENCE[0],
    height: int | None = None,
) -> go.Figure:
    """Horizontal bars of shares in percent, the largest on top."""
    fig = go.Figure(
        go.Bar(
            y=[inert(n) for n in names[::-1]],
            x=values[::-1],
            orientation="h",
            marker_color=color,
            text=[fmt.pct(v / 100.0, lang) for v in values[::-1]],
            textposition="outside",
            cliponaxis=False,
        )
    )
    fig.update_layout(xaxis={"ticksuffix": "%", "range": [0, max(values + [1.0]) * 1.18]}, showlegend=False)
    return theme.style(fig, title=title, height=height or max(220, 60 + 28 * len(names)))


# --------------------------------------------------------------------------------------------- the map


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return lon, math.degrees(math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for poly in geometry["coordinates"] for ring in poly]
    return []


def _xy(rings: list[list[list[float]]]) -> tuple[np.ndarray, np.ndarray]:
    """Projected coordinates, rings separated by NaN (numpy arrays: Plotly validates lists of 27,000
    points slowly, arrays at once)."""
    parts_x, parts_y = [], []
    for ring in rings:
        a = np.asarray(ring, dtype=float)[:, :2]
        parts_x.append(np.round(a[:, 0], 4))
        parts_y.append(np.round(np.degrees(np.log(np.tan(np.pi / 4 + np.radians(a[:, 1]) / 2))), 4))
        parts_x.append(np.array([np.nan]))
        parts_y.append(np.array([np.nan]))
    if not parts_x:
        return np.array([]), np.array([])
    return np.concatenate(parts_x), np.concatenate(parts_y)


def province_map(view: ProvinceView, lang: str, *, title: str | None = None) -> go.Figure:
    """The province choropleth in plain axes, with a legend of classes and the South China Sea line."""
    from anning.charts.map import fill_for, province_features, scs_paths

    labels = class_labels(view, lang)
    n = len(labels)
    values = {r.adcode: (r.value if r.has_data else None) for r in view.table.itertuples()}
    fig = go.Figure()
    seen: set[int | None] = set()
    order = {}
    for f in province_features():
        code = f["properties"]["adcode"]
        klass = class_of(values.get(code), view.breaks) if values.get(code) is not None else None
        rgba = fill_for(klass, n)
        xs, ys = _xy(_rings(f["geometry"]))
        name = labels[klass] if klass is not None and klass < n else t("map.no_data", lang)
        fig.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=f"rgb({rgba[0]},{rgba[1]},{rgba[2]})",
            line={"color": "white", "width": 0.6},
            hoverinfo="skip",
            name=name,
            legendgroup=str(klass),
            showlegend=klass not in seen,
            legendrank=(klass if klass is not None else 99) + 1,
        )
        seen.add(klass)
        order[klass] = name
    xs, ys = _xy(scs_paths())
    fig.add_scatter(
        x=xs, y=ys, mode="lines", line={"color": "rgb(90,90,90)", "width": 1.6}, hoverinfo="skip", showlegend=False
    )
    fig.update_xaxes(visible=False, range=[72.5, 136.0])
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1, range=[_mercator(0, 2.5)[1], _mercator(0, 54)[1]])
    legend_title = metric_label(view.metric, lang)
    fig = theme.style(fig, title=title, height=560)
    fig.update_layout(
        legend={
            "orientation": "v",
            "yanchor": "bottom",
            "y": 0.02,
            "xanchor": "right",
            "x": 0.99,
            "title": {"text": legend_title},
            "bgcolor": "rgba(255,255,255,0.85)",
            "traceorder": "normal",
        },
        plot_bgcolor="white",
    )
    return fig
