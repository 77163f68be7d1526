"""The Forecast page's chart: history, the still-running period, the forecast and its 80%/95% bands."""

from __future__ import annotations

import plotly.graph_objects as go

from anning.charts import theme
from anning.forecast.series import StoreForecast
from anning.i18n import t


def fan_chart(fc: StoreForecast, lang: str) -> go.Figure:
    """History as a line, the running period as a hollow marker, the forecast with shaded bands."""
    hist = fc.history
    complete = hist[hist.complete]
    fut = fc.future
    fig = go.Figure()
    # Bands first so the lines draw over them; the band joins the last actual to the first forecast.
    anchor_p, anchor_v = (complete.period.iloc[-1], complete.value.iloc[-1]) if len(complete) else (None, None)
    xs = ([anchor_p] if anchor_p else []) + list(fut.period)
    for lo, hi, name, alpha in (
        ("lo95", "hi95", t("fc.band95", lang), 0.15),
        ("lo80", "hi80", t("fc.band80", lang), 0.3),
    ):
        upper = ([anchor_v] if anchor_p else []) + list(fut[hi])
        lower = ([anchor_v] if anchor_p else []) + list(fut[lo])
        fig.add_trace(
            go.Scatter(
                x=xs + xs[::-1],
                y=upper + lower[::-1],
                fill="toself",
                name=name,
                mode="lines",
                fillcolor=f"rgba(217,130,43,{alpha})",
                line={"width": 0},
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=complete.period,
            y=complete.value,
            mode="lines+markers",
            name=t("fc.actual", lang),
            line={"color": theme.CHANNEL_COLORS["sms"], "width": 2},
            marker={"size": 4},
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=([anchor_v] if anchor_p else []) + list(fut.forecast),
            mode="lines+markers",
            name=t("fc.forecast", lang),
            line={"color": "#d9822b", "width": 2, "dash": "dash"},
            marker={"size": 5},
            hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
        )
    )
    if fc.incomplete_period is not None:
        running = hist[hist.period == fc.incomplete_period]
        fig.add_trace(
            go.Scatter(
                x=running.period,
                y=running.value,
                mode="markers",
                name=t("fc.partial", lang),
                marker={"size": 10, "symbol": "circle-open", "color": "#7f8c8d", "line": {"width": 2}},
                hovertemplate="%{x}: %{y:,.0f} (" + t("fc.partial", lang) + ")<extra></extra>",
            )
        )
    if len(fc.anomalies):
        fig.add_trace(
            go.Scatter(
                x=fc.anomalies.period,
                y=fc.anomalies.actual,
                mode="markers",
                name=t("fc.anomaly", lang),
                marker={"size": 12, "symbol": "x", "color": theme.UP},
                hovertemplate="%{x}: %{y:,.0f}<extra></extra>",
            )
        )
    theme.style(fig, height=420)
    # A category axis orders categories by first appearance; the bands (drawn first) start at the end.
    order = list(dict.fromkeys([*hist.period, *fut.period]))
    fig.update_layout(
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": order, "tickangle": -45, "nticks": 24},
        yaxis={"title": t("fc.axis", lang), "rangemode": "tozero", "tickformat": ",d"},  # 15,000, not 15k
        legend={"y": -0.25, "yanchor": "top", "x": 0, "xanchor": "left"},
    )
    return fig
