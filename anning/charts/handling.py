"""Report-handling charts as Plotly figures (no Streamlit): the rate per operator or province against the
threshold, and the quarterly trend of basic operators and MVNOs with gaps where no status was loaded."""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
import plotly.graph_objects as go

from anning.charts import theme
from anning.core import fmt
from anning.core.escape import inert
from anning.i18n import t

GROUP_COLORS = {"all": "#7f8c8d", "basic": theme.SEQUENCE[0], "mvno": theme.SEQUENCE[1]}
BELOW = theme.UP  # a handling rate under the threshold is bad news
ABOVE = theme.SEQUENCE[0]


def _label(text: object) -> str:
    # Plotly renders a subset of HTML in labels (links included): names are text, never markup.
    return inert(text)


def rate_figure(rows: pd.DataFrame, lang: str, *, threshold: float, min_reports: int = 0) -> go.Figure:
    """Handling rate per key as horizontal bars, lowest at the top, red below ``threshold`` (dashed line).

    ``rows`` are :func:`anning.analysis.handling.measures` rows. Keys without a rate, or with fewer than
    ``min_reports`` actionable reports (a rate from three reports says nothing), are left out.
    """
    actionable = rows["handled"] + rows["pending"]
    df = rows[rows["handling_rate"].notna() & (actionable >= max(min_reports, 1))]
    df = df.sort_values(["handling_rate", "key"], ascending=[False, True])
    rate = df["handling_rate"].astype(float)
    names = [_label(n) for n in df["name"]]
    fig = go.Figure(
        go.Bar(
            x=list(rate * 100.0),
            y=names,
            orientation="h",
            marker_color=[BELOW if r < threshold else ABOVE for r in rate],
            text=[fmt.pct(r, lang) for r in rate],
            # Inside the bar's end: outside, a label just under the threshold sat on its dashed line.
            textposition="inside",
            insidetextanchor="end",
            textfont={"color": "white"},
            cliponaxis=False,
            customdata=list(actionable[df.index]),
            hovertemplate="%{y}: %{x:.1f}% (%{customdata:,})<extra></extra>",
        )
    )
    fig.add_vline(
        x=threshold * 100.0,
        line_dash="dash",
        line_color=BELOW,
        annotation_text=_label(t("hd.chart.threshold", lang, threshold=fmt.pct(threshold, lang, 0))),
        annotation_position="top",
    )
    theme.style(fig, height=max(260, 22 * len(df) + 80))
    low = min([*list(rate * 100.0), threshold * 100.0]) if len(df) else threshold * 100.0
    fig.update_xaxes(title=t("hd.chart.rate", lang) + " %", range=[max(0.0, low - 10.0), 104.0], ticksuffix="%")
    fig.update_layout(margin={"l": 10, "r": 50, "t": 30, "b": 10})
    return fig


def trend_figure(
    trend: pd.DataFrame, lang: str, *, threshold: float, complete: Collection[str] = (), selected: str | None = None
) -> go.Figure:
    """Handling rate by quarter for all operators, basic operators and MVNOs.

    ``trend`` is :func:`anning.analysis.handling.trend`. A quarter without status data has no point, so
    the line breaks there instead of dropping to 0%; a quarter not in ``complete`` is shaded (its
    pending reports may still be handled).
    """
    xs = list(dict.fromkeys(trend["quarter"]))
    fig = go.Figure()
    for group in ("all", "basic", "mvno"):
        part = trend[trend["group"] == group].set_index("quarter").reindex(xs)
        y = [None if pd.isna(v) else float(v) * 100.0 for v in part["handling_rate"]]
        name = t(f"hd.group.{group}", lang)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=y,
                name=_label(name),
                mode="lines+markers",
                connectgaps=False,
                line={"color": GROUP_COLORS[group], "width": 1.5 if group == "all" else 2.5},
                marker={"size": 5},
                hovertemplate="%{x}<br>" + _label(name) + ": %{y:.1f}%<extra></extra>",
            )
        )
    for i, q in enumerate(xs):
        if q not in complete:
            fig.add_vrect(x0=i - 0.5, x1=i + 0.5, fillcolor=theme.INCOMPLETE_FILL, line_width=0, layer="below")
    fig.add_hline(y=threshold * 100.0, line_dash="dash", line_color=BELOW, line_width=1)
    if selected in xs:
        fig.add_vline(x=xs.index(selected), line_width=1, line_dash="dash", line_color="#999")
    theme.style(fig, height=340)
    fig.update_layout(hovermode="x unified", margin={"t": 40})
    # At most 16 labels: 32 quarters in a two-fifths column otherwise overlap into an unreadable band.
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=xs, tickangle=-45, tickfont={"size": 11}, nticks=16
    )
    fig.update_yaxes(title=t("hd.chart.rate", lang) + " %", ticksuffix="%")
    return fig
