"""Charts of the enforcement page: the chain Sankey and its share bars, takedowns, actions, fines, the
MVNO complaint rates. Plain Plotly figures styled with :func:`anning.charts.theme.style`, testable without
Streamlit; every label comes from :mod:`anning.i18n` or the reference names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from anning.charts import theme
from anning.core import fmt
from anning.core.escape import inert
from anning.enforcement.actions import (
    ACTIONS,
    CAP_CEILING,
    CAP_NO_GAINS,
    LAYERS,
    NO_PORT,
    ROLES,
    TARGET_TYPES,
    ChainView,
    EnforcementView,
    Scorecard,
    TakedownView,
    label_action,
    label_role,
    label_type,
)
from anning.enforcement.authority import TYPES as AUTHORITY_TYPES
from anning.enforcement.authority import label_type as label_authority
from anning.i18n import t, terms

COMPLAINTS_NODE = "#1f4e79"
QUIET_NODE = "#aab2bb"  # a link that drew no action this quarter
NO_PORT_NODE = "#d5d9de"
HIT_LIGHT = (245, 183, 177)  # the lightest red: a node with a small share of its link's actions
HIT_DARK = (146, 43, 33)  # the darkest red: the node with the largest share
TYPE_COLORS = {"port": "#1f4e79", "number": "#c0392b", "line": "#d9822b"}
ROLE_COLORS = {"source_company": "#2e8540", "port_company": "#d9822b", "operator": "#1f4e79", "mvno": "#8e44ad"}
ACTION_COLORS = {
    "notice": "#9ecae1",
    "interview": "#4292c6",
    "rectification": "#16a085",
    "fine": "#d9822b",
    "credit_listing": "#922b21",
    "suspension": "#8e44ad",
    "accountability": "#7f8c8d",
}
AUTHORITY_COLORS = {"telecom": "#1f4e79", "other_department": "#2e8540", "operator_internal": "#7f8c8d"}
STATUS_COLORS = {"green": "#2e8540", "fail": "#c0392b", "incomplete": "#9e9e9e"}


def _mix(share: float) -> str:
    """A red between light and dark for a share of 0..1."""
    s = 0.0 if not math.isfinite(share) else max(0.0, min(1.0, share))
    r, g, b = (round(lo + (hi - lo) * s) for lo, hi in zip(HIT_LIGHT, HIT_DARK, strict=True))
    return f"rgb({r},{g},{b})"


def _legend_below(fig: go.Figure, y: float = -0.18) -> go.Figure:
    """Put the legend under the plot: in a half-width column it would collide with the title."""
    fig.update_layout(
        legend={"orientation": "h", "yanchor": "top", "y": y, "xanchor": "left", "x": 0}, margin={"b": 10}
    )
    return fig


def _vline(fig: go.Figure, x: float, text: str, color: str, *, dash: str = "dash", side: str = "left") -> None:
    """A vertical reference line labelled just above the plot area, where no bar can hide the label."""
    fig.add_vline(x=x, line_dash=dash, line_color=color)
    fig.add_annotation(
        x=x,
        y=1.0,
        xref="x",
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=text,
        xanchor="right" if side == "left" else "left",
        font={"size": 11, "color": color},
    )


def _empty(title: str, message: str, height: int = 260) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 14, "color": "#666"}
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return theme.style(fig, title=title, height=height)


# ------------------------------------------------------------------------------------------ the chain


SANKEY_LABEL_GAP = 22  # px of clear space above each node, where its label sits
SANKEY_COLUMNS = (0.0, 0.34, 0.67, 1.0)  # node columns across the figure (complaints, operators, senders, industries)


def _sankey_layout(cv: ChainView, plot_px: float) -> tuple[list[float], list[float], list[float]]:
    """Node x, node y (centres, 0 = top) and each node's top in px, for a fixed arrangement with label gaps.

    Plotly scales every node by the same px-per-complaint, chosen so the column with most nodes fits with
    ``pad`` between nodes; the nodes here are stacked with that gap above each one (the first one's gap is
    the top margin), so every label has its own clear band and never sits on a flow.
    """
    nodes = cv.nodes
    n_max = int(nodes.groupby("layer").size().max())
    ky = (plot_px - (n_max - 1) * SANKEY_LABEL_GAP) / max(cv.total, 1)
    xs, ys, tops = [], [], []
    used: dict[str, float] = {}
    for r in nodes.itertuples():
        col = LAYERS.index(r.layer)
        top = used.get(r.layer, -SANKEY_LABEL_GAP) + SANKEY_LABEL_GAP
        h = max(float(r.complaints) * ky, 1.0)
        used[r.layer] = top + h
        xs.append(min(max(SANKEY_COLUMNS[col], 0.001), 0.999))
        ys.append(min(max((top + h / 2) / plot_px, 0.001), 0.999))
        tops.append(top)
    return xs, ys, tops


def chain_sankey(cv: ChainView, lang: str, height: int = 640) -> go.Figure:
    """Complaints -> operators -> port companies -> source industries; a node's red shows the actions it drew.

    Nodes that drew actions this quarter are red, darker for a larger share of the actions on their link;
    grey nodes drew none. Flows into a red node are tinted. The column headings name each link's duty
    and how many actions landed on it. Labels sit in a clear band above each node (never over a flow),
    left-aligned on the first column, right-aligned on the last, centred on the middle ones.
    """
    title = t("enf.chart.sankey", lang, quarter=cv.quarter)
    if not cv.total:
        return _empty(title, t("enf.no_complaints", lang), height)
    margin = {"l": 10, "r": 10, "t": 110, "b": 10}
    plot_px = height - margin["t"] - margin["b"]
    nodes = cv.nodes
    xs, ys, tops = _sankey_layout(cv, plot_px)
    max_share = {la: nodes[nodes.layer == la].action_share.max() for la in LAYERS[1:]}
    colors, labels, hovers = [], [], []
    for r in nodes.itertuples():
        if r.layer == "complaints":
            colors.append(COMPLAINTS_NODE)
        elif r.actions:
            top = max_share.get(r.layer) or 1.0
            colors.append(_mix(0.25 + 0.75 * (r.action_share / top)))
        else:
            colors.append(NO_PORT_NODE if r.key == NO_PORT else QUIET_NODE)
        # Shortened, and inert: a port company may be named <a href=…>, never a link in the Sankey.
        name = inert(_short(str(r.label), 30 if lang == "en" else 16))
        labels.append(t("enf.chart.node_hit", lang, name=name, n=fmt.count(r.actions)) if r.actions else name)
        hovers.append(
            t(
                "enf.chart.node_hover",
                lang,
                name=name,
                complaints=fmt.count(r.complaints),
                share=fmt.pct(r.complaint_share, lang),
                actions=fmt.count(r.actions),
            )
        )
    hit = set(nodes[nodes.actions > 0].node)
    link_colors = ["rgba(192,57,43,0.22)" if tgt in hit else "rgba(120,130,140,0.18)" for tgt in cv.links.target]
    fig = go.Figure(
        go.Sankey(
            arrangement="fixed",
            valueformat=",d",
            node={
                "label": [""] * len(labels),  # drawn as annotations in the clear bands instead
                "x": xs,
                "y": ys,
                "color": colors,
                "pad": SANKEY_LABEL_GAP,
                "thickness": 16,
                "customdata": hovers,
                "hovertemplate": "%{customdata}<extra></extra>",
                "line": {"width": 0},
            },
            link={
                "source": cv.links.source.tolist(),
                "target": cv.links.target.tolist(),
                "value": cv.links.complaints.tolist(),
                "color": link_colors,
                "customdata": [
                    f"{inert(nodes.label.iloc[a])} → {inert(nodes.label.iloc[b])}"
                    for a, b in zip(cv.links.source, cv.links.target, strict=True)
                ],
                "hovertemplate": "%{customdata}: %{value:,d}<extra></extra>",
            },
        )
    )
    theme.style(fig, title=title, height=height)
    fig.update_layout(margin=margin, title_y=0.995, title_yanchor="top")  # above the column headings
    for r, x, top, text in zip(nodes.itertuples(), xs, tops, labels, strict=True):
        col = LAYERS.index(r.layer)
        anchor = "left" if col == 0 else "right" if col == len(LAYERS) - 1 else "center"
        fig.add_annotation(
            text=text,  # the names in it are inert already (see above)
            x=x,
            y=1 - (top - 2) / plot_px,  # just above the node's top edge, in its clear band
            xref="paper",
            yref="paper",
            xanchor=anchor,
            yanchor="bottom",
            showarrow=False,
            font={"size": 11, "color": "#1b1b1b"},
        )
    heads = [t("enf.chart.col_complaints", lang, n=fmt.count(cv.total))] + [
        t(f"enf.chart.col_{la}", lang, n=fmt.count(cv.layer_actions[la])) for la in LAYERS[1:]
    ]
    for x, text, anchor in zip(SANKEY_COLUMNS, heads, ("left", "center", "center", "right"), strict=True):
        fig.add_annotation(
            text=text,
            x=x,
            y=1 + (SANKEY_LABEL_GAP + 8) / plot_px,
            xref="paper",
            yref="paper",
            yanchor="bottom",
            xanchor=anchor,
            showarrow=False,
            font={"size": 12, "color": "#333"},
            align=anchor,
        )
    return fig


def chain_shares(cv: ChainView, lang: str) -> go.Figure:
    """Per link, each node's share of the quarter's complaints beside its share of the link's actions."""
    title = t("enf.chart.shares", lang)
    layers = list(LAYERS[1:])
    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=[
            t(f"enf.layer.{la}", lang) + "<br>" + t("enf.chart.n_actions", lang, n=fmt.count(cv.layer_actions[la]))
            for la in layers
        ],
        horizontal_spacing=0.16,
    )
    for i, la in enumerate(layers, start=1):
        sub = cv.nodes[(cv.nodes.layer == la) & (cv.nodes.key != NO_PORT)]
        sub = sub.iloc[::-1]  # largest at the top of a horizontal bar chart
        labels = [inert(_short(x)) for x in sub.label]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=sub.complaint_share,
                orientation="h",
                name=t("enf.chart.complaint_share", lang),
                marker_color="#7f98b3",
                showlegend=i == 1,
                legendgroup="c",
                hovertemplate="%{y}: %{x:.1%}<extra></extra>",
            ),
            row=1,
            col=i,
        )
        fig.add_trace(
            go.Bar(
                y=labels,
                x=sub.action_share.fillna(0),
                orientation="h",
                name=t("enf.chart.action_share", lang),
                marker_color="#c0392b",
                showlegend=i == 1,
                legendgroup="a",
                hovertemplate="%{y}: %{x:.1%}<extra></extra>",
            ),
            row=1,
            col=i,
        )
        fig.update_xaxes(tickformat=".0%", row=1, col=i, rangemode="tozero")
    theme.style(fig, title=title, height=max(380, 30 * int(cv.nodes.layer.value_counts().max()) + 160))
    fig.update_layout(barmode="group", bargap=0.25, margin={"l": 10, "r": 10, "t": 100, "b": 10})
    _legend_below(fig, -0.08)
    fig.update_annotations(font_size=13)
    return fig


def _short(name: str, n: int = 24) -> str:
    """Keep axis labels short: long names end in an ellipsis (the full name is in the tables)."""
    return name if len(name) <= n else name[: n - 1] + "…"


# ------------------------------------------------------------------------------------------ takedowns


def _running(fig: go.Figure, xs: Sequence[str], running: Sequence[str], lang: str) -> None:
    theme.mark_running(fig, xs, running, t("enf.chart.running", lang))


def takedowns_trend(tv: TakedownView, lang: str, running: Sequence[str] = ()) -> go.Figure:
    """Ports, numbers and lines shut per quarter; a quarter still running is shaded."""
    fig = go.Figure()
    for tt in TARGET_TYPES:
        d = tv.per_quarter[tv.per_quarter.target_type == tt]
        fig.add_trace(go.Bar(x=d.quarter, y=d.takedowns, name=label_type(tt, lang), marker_color=TYPE_COLORS[tt]))
    fig.update_layout(barmode="stack", xaxis_type="category")
    _running(fig, list(dict.fromkeys(tv.per_quarter.quarter)), running, lang)
    return _legend_below(theme.style(fig, title=t("enf.chart.takedowns_trend", lang), height=380), -0.25)


def takedowns_by_operator(tv: TakedownView, names: dict[str, str], kinds: dict[str, str], lang: str) -> go.Figure:
    """Takedowns of the quarter per basic operator, and the resellers together (each reseller's numbers shut
    are in the scorecard), split by type."""
    title = t("enf.chart.takedowns_operator", lang)
    d = tv.by_operator
    if d.empty:
        return _empty(title, t("enf.none", lang))
    d = d.assign(
        who=[inert(names.get(o, o)) if kinds.get(o) != "mvno" else t("enf.chain.mvno", lang) for o in d.operator]
    )
    d = d.groupby(["who", "target_type"], as_index=False).takedowns.sum()
    order = d.groupby("who").takedowns.sum().sort_values().index.tolist()
    fig = go.Figure()
    for tt in TARGET_TYPES:
        s = d[d.target_type == tt].set_index("who").takedowns.reindex(order, fill_value=0)
        fig.add_trace(
            go.Bar(y=order, x=s.values, name=label_type(tt, lang), orientation="h", marker_color=TYPE_COLORS[tt])
        )
    fig.update_layout(barmode="stack")
    return _legend_below(theme.style(fig, title=title, height=380), -0.12)


def lag_histogram(tv: TakedownView, lang: str) -> go.Figure:
    """Days from a port's first complaint to its takedown, for the quarter's port takedowns."""
    title = t("enf.chart.lag", lang)
    lags = tv.lags.lag_days.dropna()
    if lags.empty:
        return _empty(title, t("enf.lag.none", lang))
    fig = go.Figure(
        go.Histogram(
            x=lags.astype(float),
            xbins={"size": 7, "start": 0},
            marker_color="#1f4e79",
            name=t("enf.col.lag_days", lang),
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    )
    if tv.median_lag is not None:
        _vline(fig, tv.median_lag, t("enf.chart.median", lang, days=f"{tv.median_lag:.0f}"), "#c0392b", side="right")
    fig.update_xaxes(title=t("enf.chart.days", lang))
    fig.update_yaxes(title=t("enf.chart.ports", lang))
    return theme.style(fig, title=title, height=320)


# ------------------------------------------------------------------------------------------ actions


def actions_by_type_role(counts: pd.DataFrame, lang: str) -> go.Figure:
    """The quarter's actions per type, stacked by the target's role on the chain."""
    title = t("enf.chart.actions", lang)
    if counts.empty:
        return _empty(title, t("enf.none", lang))
    fig = go.Figure()
    x = [label_action(a, lang) for a in ACTIONS]
    for role in ROLES:
        s = counts[counts.target_role == role].set_index("action").actions.reindex(list(ACTIONS), fill_value=0)
        fig.add_trace(go.Bar(x=x, y=s.values, name=label_role(role, lang), marker_color=ROLE_COLORS[role]))
    fig.update_layout(barmode="stack")
    return _legend_below(theme.style(fig, title=title, height=400), -0.3)


def actions_trend(trend: pd.DataFrame, lang: str, running: Sequence[str] = ()) -> go.Figure:
    """Actions per quarter by type (12 quarters); a quarter still running is shaded."""
    fig = go.Figure()
    for a in ACTIONS:
        d = trend[trend.action == a]
        fig.add_trace(go.Bar(x=d.quarter, y=d.actions, name=label_action(a, lang), marker_color=ACTION_COLORS[a]))
    fig.update_layout(barmode="stack", xaxis_type="category")
    _running(fig, sorted(set(trend.quarter.astype(str))), running, lang)
    return _legend_below(theme.style(fig, title=t("enf.chart.actions_trend", lang), height=400), -0.22)


def actions_by_authority(trend: pd.DataFrame, lang: str, running: Sequence[str] = ()) -> go.Figure:
    """Actions per quarter by deciding authority (12 quarters): the ministry's own, other departments',
    operators' internal accountability, each its own colour."""
    fig = go.Figure()
    for kind in AUTHORITY_TYPES:
        d = trend[trend.authority_type == kind]
        fig.add_trace(
            go.Bar(x=d.quarter, y=d.actions, name=label_authority(kind, lang), marker_color=AUTHORITY_COLORS[kind])
        )
    fig.update_layout(barmode="stack", xaxis_type="category")
    _running(fig, sorted(set(trend.quarter.astype(str))), running, lang)
    return _legend_below(theme.style(fig, title=t("enf.chart.by_authority", lang), height=380), -0.22)


def fines_distribution(fines: pd.DataFrame, lang: str) -> go.Figure:
    """The quarter's fines by amount, with the statutory caps marked: telecom fines within the cap, telecom
    fines above it (red: under legal review), other departments' fines (their own laws)."""
    title = t("enf.chart.fines", lang)
    if fines.empty:
        return _empty(title, t("enf.fines.none", lang))
    fig = go.Figure()
    kind = fines.authority_type if "authority_type" in fines.columns else pd.Series("telecom", index=fines.index)
    groups = (
        ((kind == "telecom") & ~fines.over_cap, "#1f4e79", t("enf.chart.within_cap", lang)),
        ((kind == "telecom") & fines.over_cap, "#c0392b", t("enf.chart.over_cap", lang)),
        (kind == "other_department", AUTHORITY_COLORS["other_department"], label_authority("other_department", lang)),
    )
    for mask, color, name in groups:
        d = fines[mask]
        if len(d):
            fig.add_trace(go.Histogram(x=d.fine_yuan, name=name, marker_color=color, xbins={"size": 2500, "start": 0}))
    for cap, key in ((float(CAP_NO_GAINS), "enf.chart.cap_no_gains"), (float(CAP_CEILING), "enf.chart.cap_ceiling")):
        _vline(fig, cap, t(key, lang, amount=fmt.yuan(cap, lang)), "#555", dash="dot")
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title=t("enf.chart.amount", lang), tickformat=",d")
    fig.update_yaxes(title=t("enf.chart.fines_n", lang))
    return _legend_below(theme.style(fig, title=title, height=360), -0.25)


# ------------------------------------------------------------------------------------------ MVNO


def scorecard_rates(card: Scorecard, lang: str) -> go.Figure:
    """Each reseller's complaints per million subscribers against the market's rate, coloured by status."""
    title = t("enf.chart.rates", lang, quarter=card.quarter)
    tb = card.table.dropna(subset=["rate"]).sort_values("rate")
    tb = tb.assign(name=[inert(n) for n in tb.name])  # reseller names as inert labels (bars and category order)
    if tb.empty:
        return _empty(title, t("enf.none", lang))
    fig = go.Figure()
    for status in ("fail", "incomplete", "green"):
        d = tb[tb.status == status]
        if len(d):
            fig.add_trace(
                go.Bar(
                    y=d.name,
                    x=d.rate,
                    orientation="h",
                    name=t(f"enf.status.{status}", lang),
                    marker_color=STATUS_COLORS[status],
                    hovertemplate="%{y}: %{x:.3f}<extra></extra>",
                )
            )
    if math.isfinite(card.market_rate):
        _vline(
            fig,
            card.market_rate,
            t("enf.chart.market", lang, rate=fmt.rate(card.market_rate, lang, 1)),
            "#1b1b1b",
            side="left",
        )
    if card.config.rate_factor != 1 and math.isfinite(card.market_rate):
        fig.add_vline(x=card.market_rate * card.config.rate_factor, line_dash="dot", line_color="#555")
    if card.config.market != "resellers" and math.isfinite(card.resellers_rate):
        _vline(
            fig,
            card.resellers_rate,
            t("enf.chart.resellers_rate", lang, rate=fmt.rate(card.resellers_rate, lang, 1)),
            "#8e44ad",
            dash="dot",
            side="right",
        )
    fig.update_layout(barmode="overlay", yaxis={"categoryorder": "array", "categoryarray": tb.name.tolist()})
    fig.update_xaxes(title=terms.rate("subscribers", lang))
    return theme.style(fig, title=title, height=max(380, 19 * len(tb) + 140))


def page_figures(v: EnforcementView, names: dict[str, str], kinds: dict[str, str], lang: str) -> dict[str, go.Figure]:
    """Every chart of the enforcement page, by name, from one view (the page caches them together)."""
    tv = v.takedowns
    return {
        "sankey": chain_sankey(v.chain, lang),
        "shares": chain_shares(v.chain, lang),
        "takedowns_trend": takedowns_trend(tv, lang),
        "takedowns_operator": takedowns_by_operator(tv, names, kinds, lang),
        "lag": lag_histogram(tv, lang),
        "actions": actions_by_type_role(v.counts, lang),
        "actions_trend": actions_trend(v.trend, lang),
        "authority": actions_by_authority(v.authority_trend, lang),
        "fines": fines_distribution(v.fines, lang),
        "rates": scorecard_rates(v.scorecard, lang),
    }


def section_figures(
    name: str, part: object, names: dict[str, str], kinds: dict[str, str], lang: str, running: Sequence[str] = ()
) -> dict[str, go.Figure]:
    """The charts of one enforcement section (see :mod:`anning.enforcement.sections`), by name; ``running``
    names the quarters still running, shaded on the time charts."""
    if name == "chain":
        return {"sankey": chain_sankey(part, lang), "shares": chain_shares(part, lang)}  # type: ignore[arg-type]
    if name == "takedowns":
        return {
            "takedowns_trend": takedowns_trend(part, lang, running),  # type: ignore[arg-type]
            "takedowns_operator": takedowns_by_operator(part, names, kinds, lang),  # type: ignore[arg-type]
            "lag": lag_histogram(part, lang),  # type: ignore[arg-type]
        }
    if name == "penalties":
        pv: Any = part
        return {
            "actions": actions_by_type_role(pv.counts, lang),
            "actions_trend": actions_trend(pv.trend, lang, running),
            "authority": actions_by_authority(pv.authority_trend, lang, running),
            "fines": fines_distribution(pv.fines, lang),
        }
    if name == "mvno":
        return {"rates": scorecard_rates(part, lang)}  # type: ignore[arg-type]
    return {}
