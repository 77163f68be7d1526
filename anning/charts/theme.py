"""Shared look of every chart: colours, fonts, the house Plotly template and a layout helper.

Chart builders return plain Plotly figures so that pages, tests and the
publication exports (kaleido PNGs) all use the same objects.

The house look is a registered template made the default when this module is imported (every
chart module imports it): Plotly applies a default template without validating it, whereas
naming a template in ``update_layout`` deep-copies and validates all of it, about 40 ms per figure,
which made up most of a chart-heavy page's render time.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

# A CJK-capable font first, so Chinese renders in kaleido images (Debian fonts-wqy-microhei) and browsers.
FONT_FAMILY = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
CHANNEL_COLORS = {"sms": "#1f4e79", "call": "#d9822b"}
CATEGORY_COLORS = {"marketing": "#1f77b4", "harassment": "#9467bd", "fraud": "#d62728", "unknown": "#9e9e9e"}
SEQUENCE = [
    "#1f4e79",
    "#d9822b",
    "#2e8540",
    "#8e44ad",
    "#c0392b",
    "#16a085",
    "#7f8c8d",
    "#b7950b",
    "#34495e",
    "#e67e22",
]
INCOMPLETE_FILL = "rgba(160,160,160,0.18)"
UP = "#c0392b"  # a rise in complaints is bad news
DOWN = "#2e8540"
MUTED = "#999999"  # a change too small to mean anything, or a partial quarter
# The colour-blind-safe alternative to red/green (Okabe-Ito vermillion and blue), chosen in the sidebar.
CB_UP = "#d55e00"
CB_DOWN = "#0072b2"
# The house orange (calls, port companies, fines, forecasts) would read as the vermillion above: in the safe
# palette it is Okabe-Ito's orange, which that palette keeps apart from its vermillion for common colour-vision
# deficiencies.
ORANGE = "#d9822b"
CB_ORANGE = "#e69f00"
_CB_SWAP = {
    UP: CB_UP,
    DOWN: CB_DOWN,
    "rgba(192,57,43,": "rgba(213,94,0,",
    "rgba(46,133,64,": "rgba(0,114,178,",
    ORANGE: CB_ORANGE,
    "rgba(217,130,43,": "rgba(230,159,0,",
}


def change_colours(cb: bool) -> tuple[str, str]:
    """(rise, fall) colours: red/green, or vermillion/blue for colour-blind readers."""
    return (CB_UP, CB_DOWN) if cb else (UP, DOWN)


def for_palette(fig: go.Figure, cb: bool) -> go.Figure | dict[str, Any]:
    """``fig`` as drawn in the reader's palette: unchanged, or its reds and greens swapped for the safe pair.

    Figures are cached and shared, so the swap works on a JSON copy, never on the figure.
    """
    if not cb:
        return fig
    import json

    text = fig.to_json()
    for old, new in _CB_SWAP.items():
        text = text.replace(old, new).replace(old.upper(), new)
    return dict(json.loads(text))


TEMPLATE = "anning"


def _register_template() -> None:
    """plotly_white plus the house font, colours, margins and legend, as the default template."""
    tpl = go.layout.Template(pio.templates["plotly_white"])
    tpl.layout.update(
        font={"family": FONT_FAMILY, "size": 13},
        colorway=SEQUENCE,
        margin={"l": 10, "r": 10, "t": 20, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
        hoverlabel={"font_family": FONT_FAMILY},
    )
    pio.templates[TEMPLATE] = tpl
    pio.templates.default = TEMPLATE


_register_template()


def style(fig: go.Figure, *, title: str | None = None, height: int = 380) -> go.Figure:
    """Apply the house layout (title, height, room for the title); returns the same figure for chaining."""
    if pio.templates.default != TEMPLATE:
        # Importing Streamlit's Plotly support after this module makes its own template the default (its
        # configure_streamlit_plotly_theme does), so a figure made since carries that one: put ours back on
        # it and as the default again (the named template costs its validation once, for this figure only).
        pio.templates.default = TEMPLATE
        fig.layout.template = pio.templates[TEMPLATE]
    fig.update_layout(title=title, height=height, margin_t=50 if title else 20)
    return fig


# Plotly's own texts (the toolbar's tooltips, "double-click to zoom back out", weekday and month names) in
# Chinese: Streamlit ships Plotly without its locale files, so the locale is passed inline in the config.
ZH_LOCALE: dict[str, Any] = {
    "dictionary": {
        "Autoscale": "自动缩放",
        "Box Select": "框选",
        "Compare data on hover": "悬停时比较数据",
        "Double-click on legend to isolate one trace": "双击图例只显示该系列",
        "Double-click to zoom back out": "双击恢复原始大小",
        "Download plot as a png": "下载为 PNG 图片",
        "Download plot": "下载图表",
        "Lasso Select": "套索选择",
        "Pan": "平移",
        "Produced with Plotly.js": "由 Plotly.js 生成",
        "Reset": "重置",
        "Reset axes": "重置坐标轴",
        "Reset view": "重置视图",
        "Reset views": "重置视图",
        "Show closest data on hover": "悬停时显示最近的数据",
        "Snapshot succeeded": "图片已生成",
        "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载出现问题。",
        "Taking snapshot - this may take a few seconds": "正在生成图片，请稍候",
        "Toggle Spike Lines": "显示或隐藏参考线",
        "Toggle show closest data on hover": "切换悬停显示最近数据",
        "Zoom": "缩放",
        "Zoom in": "放大",
        "Zoom out": "缩小",
        "Full screen": "全屏",
        "source:": "来源：",
        "target:": "去向：",
        "incoming flow count:": "流入数量：",
        "outgoing flow count:": "流出数量：",
        "trace": "系列",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
        "shortMonths": ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
        "date": "%Y-%m-%d",
        "decimal": ".",
        "thousands": ",",
    },
}


def plotly_config(lang: str) -> dict[str, Any]:
    """The config of every chart on a page: the toolbar in ``lang``, no Plotly logo."""
    if lang != "zh":
        return {"displaylogo": False, "locale": "en"}
    return {"displaylogo": False, "locale": "zh-CN", "locales": {"zh-CN": ZH_LOCALE}}


def mark_running(
    fig: go.Figure, xs: Sequence[str], running: Sequence[str], label: str, *, font_size: int = 11
) -> go.Figure:
    """Shade the quarters still running on a category axis of quarters, and say so, as the overview does.

    A running quarter's bar is a count so far; unmarked, it reads as a collapse.
    """
    xs = list(xs)
    for q in running:
        if q not in xs:
            continue
        i = xs.index(q)
        fig.add_vrect(x0=i - 0.5, x1=i + 0.5, fillcolor=INCOMPLETE_FILL, line_width=0, layer="below")
        fig.add_annotation(
            x=i + 0.5,
            y=0.99,
            yref="paper",
            xanchor="right",
            yanchor="top",
            showarrow=False,
            text=label,
            font={"size": font_size, "color": "#555"},
            bgcolor="rgba(255,255,255,0.8)",
        )
    return fig


def running_line(
    fig: go.Figure,
    xs: Sequence[str],
    ys: Sequence[float | None],
    running: Collection[str],
    *,
    name: str,
    color: str,
    hover: str,
    point_label: str,
    width: float = 2.5,
    dash: str = "solid",
) -> go.Figure:
    """Add one quarterly series: a line over the finished quarters, then a dotted one with hollow markers into
    the quarters in ``running``, from the last finished quarter.

    A running quarter's value is a figure so far (a count still growing, a rate with reports still pending);
    joined by a solid line, it reads as a real fall. ``None`` is a gap (no data), never joined across.
    ``hover`` formats the value (``"%{y:,}"``); ``point_label`` follows the quarter in a running point's hover.
    Call :func:`mark_running` too, to shade and label the quarter.
    """
    points = list(zip(xs, ys, strict=True))
    done = [(x, y) for x, y in points if x not in running]
    partial = [(x, y) for x, y in points if x in running]

    def add(part: list[tuple[str, float | None]], **style: Any) -> None:
        fig.add_trace(
            go.Scatter(
                x=[x for x, _ in part],
                y=[y for _, y in part],
                name=name,
                mode="lines+markers",
                connectgaps=False,
                legendgroup=name,
                **style,
            )
        )

    add(
        done,
        line={"color": color, "width": width, "dash": dash},
        marker={"size": 5},
        hovertemplate="%{x}<br>" + name + ": " + hover + "<extra></extra>",
    )
    if partial:
        tail = done[-1:] + partial
        add(
            tail,
            showlegend=False,
            line={"color": color, "width": 1.5, "dash": "dot"},
            marker={"size": 7, "symbol": "circle-open"},
            customdata=[point_label if x in running else "" for x, _ in tail],
            hovertemplate="%{x} %{customdata}<br>" + name + ": " + hover + "<extra></extra>",
        )
    return fig
