"""Shared look of every chart: colours, fonts, and a layout helper for Plotly figures.

Chart builders return plain Plotly figures so that pages, tests and the
publication exports (kaleido PNGs) all use the same objects.
"""

from __future__ import annotations

import plotly.graph_objects as go

# A CJK-capable font first, so Chinese renders in kaleido images (Debian fonts-wqy-microhei) and browsers.
FONT_FAMILY = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
CHANNEL_COLORS = {"sms": "#1f4e79", "call": "#d9822b"}
CATEGORY_COLORS = {"marketing": "#1f77b4", "harassment": "#9467bd", "fraud": "#d62728", "unknown": "#9e9e9e"}
SEQUENCE = ["#1f4e79", "#d9822b", "#2e8540", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#b7950b", "#34495e",
            "#e67e22"]
INCOMPLETE_FILL = "rgba(160,160,160,0.18)"
UP = "#c0392b"    # a rise in complaints is bad news
DOWN = "#2e8540"


def style(fig: go.Figure, *, title: str | None = None, height: int = 380) -> go.Figure:
    """Apply the house layout; returns the same figure for chaining."""
    fig.update_layout(
        title=title, height=height, template="plotly_white", font={"family": FONT_FAMILY, "size": 13},
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10}, colorway=SEQUENCE,
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
        hoverlabel={"font_family": FONT_FAMILY},
    )
    return fig
