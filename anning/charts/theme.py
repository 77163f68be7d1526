"""Shared look of every chart: colours, fonts, the house Plotly template and a layout helper.

Chart builders return plain Plotly figures so that pages, tests and the
publication exports (kaleido PNGs) all use the same objects.

The house look is a registered template made the default when this module is imported (every
chart module imports it): Plotly applies a default template without validating it, whereas
naming a template in ``update_layout`` deep-copies and validates all of it, about 40 ms per figure,
which made up most of a chart-heavy page's render time.
"""

from __future__ import annotations

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
