"""Plotly figures for the company profile: complaints per quarter with the takedowns and actions that followed.

The channel chart is the chain on one time axis: stacked bars of complaints, a
line of ports/numbers/lines shut per quarter (right axis), and a diamond above
the bars in each quarter with an enforcement action (hover lists them).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from anning.analysis.company import Profile, action_label
from anning.charts import theme
from anning.core import fmt
from anning.i18n import t, terms

CHANNEL_ORDER = ("sms", "call")
CATEGORY_ORDER = ("marketing", "harassment", "fraud", "unknown")
ACTION_COLOR = "#34495e"
TAKEDOWN_COLOR = "#2e8540"
HIGHLIGHT = "rgba(31,78,121,0.10)"


def _pivot(p: Profile, role: str, by: str, quarters: Sequence[str]) -> pd.DataFrame:
    df = p.timeline[p.timeline["role"] == role]
    if df.empty:
        return pd.DataFrame(index=list(quarters))
    wide = df.pivot_table(index="quarter", columns=by, values="complaints", aggfunc="sum")
    return wide.reindex(list(quarters)).fillna(0)


def _highlight(fig: go.Figure, quarters: Sequence[str], quarter: str | None) -> None:
    # The quarter chosen in the sidebar, shaded (category axes place shapes by index).
    if quarter in quarters:
        i = list(quarters).index(quarter)
        fig.add_vrect(x0=i - 0.5, x1=i + 0.5, fillcolor=HIGHLIGHT, line_width=0, layer="below")


def timeline_figure(
    p: Profile,
    *,
    role: str,
    by: str,
    lang: str,
    quarters: Sequence[str],
    highlight: str | None = None,
    chain: bool = True,
    height: int = 380,
    running: Sequence[str] = (),
) -> go.Figure:
    """Complaints per quarter stacked by ``by`` (``channel`` or ``category``) for one role.

    With ``chain``, also the targets shut per quarter (right axis) and the
    enforcement actions (diamonds with the actions in the hover text).
    """
    quarters = list(quarters)
    wide = _pivot(p, role, by, quarters)
    order = CHANNEL_ORDER if by == "channel" else CATEGORY_ORDER
    colours = theme.CHANNEL_COLORS if by == "channel" else theme.CATEGORY_COLORS
    fig = go.Figure()
    for value in order:
        if value not in wide.columns:
            continue
        label = terms.label(by, value, lang)
        fig.add_bar(
            x=quarters,
            y=wide[value].tolist(),
            name=label,
            marker_color=colours.get(value),
            hovertemplate=f"{label}<br>%{{x}}: %{{y:,}}<extra></extra>",
        )
    totals = wide.sum(axis=1) if len(wide.columns) else pd.Series(0, index=quarters)
    top = float(totals.max()) if len(totals) else 0.0
    if chain:
        _add_takedowns(fig, p, quarters, lang)
        _add_actions(fig, p, quarters, totals, top, lang)
    _highlight(fig, quarters, highlight)
    # A quarter still running holds complaints so far: shaded and labelled, it does not read as a collapse.
    theme.mark_running(fig, quarters, running, t("company.running", lang))
    fig.update_layout(barmode="stack", bargap=0.15, hovermode="closest")
    # The legend goes under the axis: above the plot it collides with the title in a narrow column.
    theme.style(fig, title=None, height=height)
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": -0.28, "xanchor": "left", "x": 0}, margin={"b": 40}
    )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=quarters, tickangle=-45, nticks=16)
    # Only the left axis: update_yaxes would also retitle the takedowns axis on the right.
    fig.update_layout(
        yaxis={"title": {"text": t("company.axis_complaints", lang)}, "rangemode": "tozero", "tickformat": ",d"}
    )
    title = t("company.by_channel" if by == "channel" else "company.by_category", lang)
    if role == "port":
        title = f"{title} · {t('company.as_port', lang)}"
    fig.update_layout(title={"text": title}, margin={"t": 50})
    return fig


def _add_takedowns(fig: go.Figure, p: Profile, quarters: list[str], lang: str) -> None:
    if p.takedowns.empty:
        return
    # Takedowns, not distinct targets: a port shut in several quarters counts in each (as the sentence says).
    per_q = p.takedowns.groupby("quarter").size().reindex(quarters).fillna(0)
    label = t("company.marker_takedowns", lang)
    fig.add_scatter(
        x=quarters,
        y=per_q.tolist(),
        name=label,
        yaxis="y2",
        mode="lines+markers",
        line={"color": TAKEDOWN_COLOR, "width": 2},
        marker={"size": 5},
        hovertemplate=f"{label}<br>%{{x}}: %{{y:,}}<extra></extra>",
    )
    # Own ticks (not synced to the complaints axis, which gives fractions such as 4.84) in whole numbers.
    fig.update_layout(
        yaxis2={
            "title": {"text": label},
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "tickmode": "auto",
            "tickformat": ",d",
            "nticks": 5,
        }
    )


def _add_actions(fig: go.Figure, p: Profile, quarters: list[str], totals: pd.Series, top: float, lang: str) -> None:
    if p.enforcement.empty:
        return
    xs, ys, texts = [], [], []
    for quarter, rows in p.enforcement.groupby("quarter", sort=True):
        if quarter not in quarters:
            continue
        lines = []
        for r in rows.sort_values(["decided_on", "case_id"]).itertuples():
            what = action_label(str(r.action), lang)
            if pd.notna(r.fine_yuan):
                what = f"{what} {fmt.yuan(r.fine_yuan, lang)}"
            lines.append(f"{pd.Timestamp(r.decided_on).date().isoformat()} {what}")
        xs.append(quarter)
        ys.append(float(totals.get(quarter, 0.0)) + max(top, 1.0) * 0.06)
        texts.append("<br>".join(lines))
    label = t("company.marker_action", lang)
    fig.add_scatter(
        x=xs,
        y=ys,
        name=label,
        mode="markers",
        text=texts,
        marker={"symbol": "diamond", "size": 10, "color": ACTION_COLOR},
        hovertemplate=f"<b>{label}</b><br>%{{text}}<extra></extra>",
    )
