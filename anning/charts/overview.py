"""Overview charts as Plotly figures (no Streamlit): the quarterly trend by channel, and actions by type."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from anning.charts import theme
from anning.core import fmt
from anning.i18n import t, terms


def trend_figure(
    trend: pd.DataFrame, lang: str, *, selected: str | None = None, data_as_of: object = None
) -> go.Figure:
    """Quarterly complaints by channel since the first loaded quarter, with the total.

    ``trend`` has ``quarter, sms, call, total, complete``. An incomplete quarter is shaded and
    labelled, and the line into it is dotted, so nobody reads a partial count as a fall.
    """
    fig = go.Figure()
    xs = list(trend.quarter)
    running = list(trend.quarter[~trend.complete])
    series = [
        ("total", t("ov.series.total", lang), "#7f8c8d"),
        ("sms", terms.channel("sms", lang), theme.CHANNEL_COLORS["sms"]),
        ("call", terms.channel("call", lang), theme.CHANNEL_COLORS["call"]),
    ]
    for col, name, color in series:
        theme.running_line(
            fig,
            xs,
            list(trend[col]),
            running,
            name=name,
            color=color,
            hover="%{y:,}",
            point_label=t("ov.partial_point", lang),
            width=2.5 if col != "total" else 1.5,
            dash="dot" if col == "total" else "solid",
        )
    # The shaded band says how far its data run: a count to 10 April is not a quarter's count.
    label = t("ov.partial_label", lang, as_of=fmt.date_words(data_as_of, lang))
    theme.mark_running(fig, xs, running, label, font_size=12)
    if selected in xs:
        fig.add_vline(x=xs.index(selected), line_width=1, line_dash="dash", line_color="#999")
    theme.style(fig, height=380)
    fig.update_layout(
        hovermode="x unified",
        margin={"t": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0},
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=xs, tickangle=-45, tickfont={"size": 11})
    fig.update_yaxes(title=t("ov.axis.complaints", lang), rangemode="tozero", tickformat=",")
    return fig


def actions_figure(actions: pd.DataFrame, lang: str) -> go.Figure:
    """Enforcement actions in the quarter by type, as horizontal bars (types with none are kept)."""
    df = actions.iloc[::-1]
    names = [terms.action(a, lang) if a in terms.ACTIONS else a for a in df.action]
    fig = go.Figure(
        go.Bar(
            x=list(df.actions),
            y=names,
            orientation="h",
            marker_color=theme.SEQUENCE[0],
            text=[f"{v:,}" for v in df.actions],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,}<extra></extra>",
        )
    )
    theme.style(fig, height=300)
    fig.update_xaxes(title=t("ov.axis.actions", lang), rangemode="tozero", tickformat=",")
    fig.update_layout(margin={"l": 10, "r": 40, "t": 20, "b": 10})
    return fig
