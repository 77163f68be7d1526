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
    """Handling rate per key as horizontal bars from 0%, lowest at the top, red below ``threshold`` (dashed line).

    ``rows`` are :func:`anning.analysis.handling.measures` rows. Keys without a rate, or with fewer than
    ``min_reports`` actionable reports (a rate from three reports says nothing), are left out. Each bar's rate
    is written in a column right of the plot, level with its bar.
    """
    actionable = rows["handled"] + rows["pending"]
    df = rows[rows["handling_rate"].notna() & (actionable >= max(min_reports, 1))]
    df = df.sort_values(["handling_rate", "key"], ascending=[False, True])
    rate = df["handling_rate"].astype(float)
    names = [_label(n) for n in df["name"]]
    colors = [BELOW if r < threshold else ABOVE for r in rate]
    fig = go.Figure(
        go.Bar(
            x=list(rate * 100.0),
            y=names,
            orientation="h",
            marker_color=colors,
            customdata=list(actionable[df.index]),
            hovertemplate="%{y}: %{x:.1f}% (%{customdata:,})<extra></extra>",
        )
    )
    # Labels on or just past the bar's end cross the threshold line whenever a rate is near it (94.1% sat on
    # the 90% line): beyond the 100% edge, every label is clear of the line and of the other bars.
    for name, r, color in zip(names, rate, colors, strict=True):
        fig.add_annotation(
            x=1.0,
            xref="paper",
            xanchor="left",
            xshift=6,
            y=name,
            showarrow=False,
            text=fmt.pct(r, lang),
            font={"size": 12, "color": color},
        )
    fig.add_vline(
        x=threshold * 100.0,
        line_dash="dash",
        line_color=BELOW,
        annotation_text=_label(t("hd.chart.threshold", lang, threshold=fmt.pct(threshold, lang, 0))),
        annotation_position="top",
    )
    theme.style(fig, height=max(260, 22 * len(df) + 80))
    # From 0: a bar's length is its rate, so a bar twice as long is twice the rate (an axis from 70% made 78%
    # look a third of 98%).
    fig.update_xaxes(title=t("hd.chart.rate", lang) + " %", range=[0.0, 100.0], ticksuffix="%")
    fig.update_layout(margin={"l": 10, "r": 60, "t": 30, "b": 10})
    return fig


def trend_figure(
    trend: pd.DataFrame,
    lang: str,
    *,
    threshold: float,
    complete: Collection[str] = (),
    selected: str | None = None,
    data_as_of: object = None,
) -> go.Figure:
    """Handling rate by quarter for all operators, basic operators and MVNOs.

    ``trend`` is :func:`anning.analysis.handling.trend`. A quarter without status data has no point, so
    the line breaks there instead of dropping to 0%. A quarter not in ``complete`` is still running: its
    reports received lately are still pending, so its rate is low for now. As on the overview, it is shaded
    and labelled with ``data_as_of``, and the lines run into it dotted, to hollow markers.
    """
    xs = list(dict.fromkeys(trend["quarter"]))
    running = [q for q in xs if q not in complete]
    fig = go.Figure()
    for group in ("all", "basic", "mvno"):
        part = trend[trend["group"] == group].set_index("quarter").reindex(xs)
        y = [None if pd.isna(v) else float(v) * 100.0 for v in part["handling_rate"]]
        theme.running_line(
            fig,
            xs,
            y,
            running,
            name=_label(t(f"hd.group.{group}", lang)),
            color=GROUP_COLORS[group],
            hover="%{y:.1f}%",
            point_label=t("hd.chart.running_point", lang),
            width=1.5 if group == "all" else 2.5,
        )
    theme.mark_running(fig, xs, running, _label(t("hd.chart.running", lang, as_of=fmt.date_words(data_as_of, lang))))
    fig.add_hline(y=threshold * 100.0, line_dash="dash", line_color=BELOW, line_width=1)
    if selected in xs:
        fig.add_vline(x=xs.index(selected), line_width=1, line_dash="dash", line_color="#999")
    theme.style(fig, height=340)
    fig.update_layout(hovermode="x unified", margin={"t": 40})
    # At most 16 labels: 32 quarters in a two-fifths column otherwise overlap into an unreadable band.
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=xs, tickangle=-45, tickfont={"size": 11}, nticks=16
    )
    fig.update_yaxes(title=t("hd.chart.rate", lang) + " %", **_rate_axis(fig, threshold, running))
    return fig


def _rate_axis(fig: go.Figure, threshold: float, running: Collection[str]) -> dict[str, object]:
    """The trend's rate axis: round ticks up to 100%, and room above 100% for the running quarter's label.

    The label sits at the top of the plot, where the basic operators' rates (about 98%) run; above 100% it
    covers no rate, since none is higher. Ticks stop at 100% so that the room above reads as no value.
    """
    values = [float(v) for tr in fig.data for v in tr.y if v is not None]
    low = min([*values, threshold * 100.0])
    step = 5 if low >= 70 else 10 if low >= 40 else 20
    bottom = max(0, int((low - 2.0) // step) * step)
    top = 100.0 + ((100.0 - bottom) * 0.12 if running else 2.0)
    ticks = list(range(bottom, 101, step))
    # Given tick values, Plotly drops the axis's tick suffix: the per cent sign goes into the tick text.
    return {"range": [bottom, top], "tickmode": "array", "tickvals": ticks, "ticktext": [f"{v}%" for v in ticks]}
