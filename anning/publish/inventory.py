"""The quarterly complaint inventory (垃圾信息投诉情况盘点) as a document, and its publication.

:func:`build` reads the store for one quarter and language and returns a
:class:`anning.publish.documents.Document` written as the ministry's bulletins are: a subject and
issuer ("12321举报中心共受理……"), counts of ten thousand or more in 万件, shares with their base,
changes of shares in 百分点, comparisons in words, and no quarter code, ISO date, arrow or
statistical term in the body. Methods, tie rules and tests are in the annex (附件：统计口径与方法).

The body's sections, in order (:data:`SECTIONS`), each fed by the function its page uses:

1. overview: complaints by type with QoQ and YoY (:func:`anning.analysis.overview.build`), records;
2. categories: marketing / harassment / illegal, within each type, with share changes;
3. SMS by sending route, point to point vs port, from the number range
   (:func:`anning.analysis.rankings.rank` by number range), and the top port companies (by port company);
4. source industries: real industries only; unclassified and "other" are shares of their own, never ranked;
5. operators; 6. mobile virtual network operators named, with their scorecard status
   (:func:`anning.enforcement.actions.mvno_scorecard`, as on the Enforcement page);
7. handling of forwarded reports: the handling rate of basic operators and MVNOs, how fast, operators below
   the threshold (:func:`anning.analysis.handling.measures`, as on the Report handling page);
8. number ranges; 9. provinces (:mod:`anning.analysis.provinces`);
10. the published list of companies (:mod:`anning.publish.lists`);
11. takedowns and enforcement (:mod:`anning.enforcement.actions`);
12. leads referred and feedback (:mod:`anning.publish.referrals`);
13–15. typical cases, next steps, advice to users: the editable narrative (:data:`NARRATIVE`).

Then the sign-off (落款: issuing body and date) and the annex.

**Adding a section**: write ``_name(ctx: Context) -> Section | None``
and put it in :data:`SECTIONS` where it belongs; numbering of sections, tables and figures follows.

**The narrative** (typical cases, next steps, advice) starts from drafts generated from the data
(:func:`draft_narrative`). An analyst edits it before publishing (:func:`save_narrative`); the
edits are stored per quarter and language in the workflow file, every build reads them
(:func:`narrative`), and publishing freezes them with the document version.

Charts are Plotly figures (:class:`anning.publish.documents.Chart`) until
:func:`anning.publish.documents.render_charts` turns them into PNGs. Publishing (:func:`publish`,
approvers) freezes the rendered document in both languages; the Inventory page shows press users
only that frozen version, and every export of it is rebuilt from the record alone
(:func:`published_document`), byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from anning.analysis import handling, headlines, overview, provinces, rankings
from anning.charts import inventory as charts
from anning.core import auth, frozen, quarters
from anning.enforcement import actions as enforcement
from anning.enforcement import authority
from anning.i18n import t, terms
from anning.publish import documents, lists, referrals, wording
from anning.publish.documents import Chart, Document, Paragraph, Section, Table
from anning.store import db as store
from anning.store import info, reference, sql
from anning.store.info import QuerySource

PREFIX = "INV"
FORMAT = "anning.inventory/2"
LANGS = ("zh", "en")
TOP = 10
CATEGORIES = ("marketing", "harassment", "fraud", "unknown")
# Sending routes of spam SMS, read from the number range of the reported number: ports (106 and the
# 95/96 service numbers) against point to point (mobile numbers, resellers' ranges included).
PORT_FAMILIES = ("106", "95", "96")
P2P_FAMILIES = ("mobile", "170", "171", "mvno_other")
# The annex's items, in order (pub.inv.m.<item>; "demo" only for demo data).
ANNEX_ITEMS = (
    "scope",
    "time",
    "shares",
    "routes",
    "industries",
    "companies",
    "ranks",
    "tests",
    "rates",
    "mvno",
    "handling",
)
# The operators named in the text as handling fewer reports than the threshold, at most (then "N operators, among them").
TOP_BELOW = 5
# ... and only with at least this many reports they could act on (the Report handling page's default).
HANDLING_MIN_REPORTS = handling.DEFAULT_MIN_REPORTS
# Every table's key (its caption pub.inv.tab.<key> and sheet name pub.inv.sheet.<key>), in document order.
TABLE_KEYS = (
    "headline",
    "categories",
    "routes",
    "port_companies",
    "industries",
    "unranked",
    "operators",
    "mvnos",
    "handling",
    "number_ranges",
    "provinces",
    "companies",
    "takedowns",
    "authorities",
    "actions",
    "departments",
    "referrals",
)
# The editable narrative sections, in document order.
NARRATIVE = ("cases", "next_steps", "advice")
MAX_NARRATIVE_CHARS = 4000
# Bulletins are dated in Beijing time.
CHINA_TZ = dt.timedelta(hours=8)


def inventory_id(quarter: str) -> str:
    """The id of a quarter's inventory (versions of it are published)."""
    return f"{PREFIX}-{quarters.label(*quarters.parse(quarter))}"


# --------------------------------------------------------------------------------------------- context


@dataclass(frozen=True)
class Context:
    """What every section builder reads: the store, the quarter and language, and what is shared."""

    src: QuerySource
    quarter: str
    lang: str
    info: info.StoreInfo
    overview: overview.Overview
    series: headlines.Series
    narrative: Mapping[str, tuple[str, ...]]
    today: dt.date | None = None

    @property
    def complete(self) -> bool:
        """The quarter's data are complete (else no comparison is made)."""
        return self.overview.complete

    def t(self, key: str, **kw: Any) -> str:
        """A translation in the document's language."""
        return t(key, self.lang, **kw)

    def q(self, quarter: str | None = None) -> str:
        """A quarter in words."""
        return wording.quarter(quarter or self.quarter, self.lang)


def _pct_change(cur: float, base: float | None) -> float | None:
    if base is None or pd.isna(base) or not base:
        return None
    return round((float(cur) - float(base)) / float(base) * 100.0, 1)


def _int(v: Any) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def _ints(values: Sequence[Any]) -> pd.arrays.IntegerArray:
    return pd.array([_int(v) for v in values], dtype="Int64")


def _floats(values: Sequence[Any], places: int = 1) -> pd.Series:
    return pd.Series([None if v is None or pd.isna(v) else round(float(v), places) for v in values], dtype="float64")


# The comparison clauses of the overview's sentences: (both known, QoQ only, YoY only).
LEAD_CMP = ("pub.inv.cmp.both", "pub.inv.cmp.qoq", "pub.inv.cmp.yoy")
CHANNEL_CMP = ("pub.inv.ch_cmp.both", "pub.inv.ch_cmp.qoq", "pub.inv.ch_cmp.yoy")


def _cmp_clause(keys: tuple[str, str, str], lang: str, qoq: str | None, yoy: str | None) -> str:
    """The comparison clause that fits what is known (both, one or neither)."""
    if qoq and yoy:
        return t(keys[0], lang, qoq=qoq, yoy=yoy)
    if qoq:
        return t(keys[1], lang, qoq=qoq)
    if yoy:
        return t(keys[2], lang, yoy=yoy)
    return ""


def _noun(term: str, lang: str) -> str:
    """A glossary term inside an English sentence starts in lower case ("Spam SMS" -> "spam SMS")."""
    return term if lang == "zh" or not term else term[0].lower() + term[1:]


def _table(key: str, ctx: Context, frame: pd.DataFrame, decimals: dict[str, int] | None = None) -> Table:
    """A table with its caption (``pub.inv.tab.<key>``) and tab name (``pub.inv.sheet.<key>``)."""
    return Table(key, ctx.t(f"pub.inv.tab.{key}"), frame, dict(decimals or {}), sheet=ctx.t(f"pub.inv.sheet.{key}"))


# --------------------------------------------------------------------------------------------- 1. overview


def _overview(ctx: Context) -> Section:
    ov, lang = ctx.overview, ctx.lang
    blocks: list[Any] = []
    total = ov.kpi("total")
    cmp = _cmp_clause(
        LEAD_CMP,
        lang,
        wording.change(total.value, total.previous, lang),
        wording.change(total.value, total.year_ago, lang),
    )
    blocks.append(Paragraph(ctx.t("pub.inv.lead", quarter=ctx.q(), total=wording.count(total.value, lang), cmp=cmp)))
    if total.value:
        parts: dict[str, str] = {}
        for ch in ("sms", "call"):
            k = ov.kpi(ch)
            parts[ch] = wording.count(k.value, lang)
            parts[f"{ch}_share"] = wording.share(k.value / total.value, lang)
            parts[f"{ch}_cmp"] = _cmp_clause(
                CHANNEL_CMP,
                lang,
                wording.change(k.value, k.previous, lang),
                wording.change(k.value, k.year_ago, lang),
            )
        blocks.append(Paragraph(ctx.t("pub.inv.channels", **parts)))
    records = []
    for ch in ("sms", "call"):
        r = headlines.record(ctx.series, ctx.quarter, ch, ctx.today)
        if r is None:
            continue
        noun = _noun(terms.channel(ch, lang), lang)
        if r.since is not None:
            records.append(ctx.t(f"pub.inv.record.{r.kind}_since", channel=noun, since=ctx.q(r.since)))
        else:
            records.append(ctx.t(f"pub.inv.record.{r.kind}_all", channel=noun, first=ctx.q(r.first)))
    if records:
        blocks.append(Paragraph(("" if lang == "zh" else " ").join(records)))
    if not ov.complete:
        blocks.append(Paragraph(ctx.t("pub.inv.partial", as_of=wording.date(ov.data_as_of, lang)), "note"))
    rows = []
    for key in ("sms", "call", "total"):
        k = ov.kpi(key)
        rows.append(
            {
                ctx.t("pub.inv.col.type"): ctx.t("pub.inv.total") if key == "total" else terms.channel(key, lang),
                ctx.t("pub.inv.col.complaints"): int(k.value),
                ctx.t("pub.inv.col.previous"): _int(k.previous),
                ctx.t("pub.inv.col.qoq"): None if k.qoq is None else round(k.qoq * 100, 1),
                ctx.t("pub.inv.col.year_ago"): _int(k.year_ago),
                ctx.t("pub.inv.col.yoy"): None if k.yoy is None else round(k.yoy * 100, 1),
            }
        )
    frame = pd.DataFrame(rows)
    for c in (ctx.t("pub.inv.col.complaints"), ctx.t("pub.inv.col.previous"), ctx.t("pub.inv.col.year_ago")):
        frame[c] = _ints(list(frame[c]))
    for c in (ctx.t("pub.inv.col.qoq"), ctx.t("pub.inv.col.yoy")):
        frame[c] = _floats(list(frame[c]))
    blocks.append(_table("headline", ctx, frame))
    trend = ov.trend.assign(quarter=ov.trend["quarter"].astype(str))
    blocks.append(
        Chart(
            "trend",
            ctx.t("pub.inv.fig.trend"),
            charts.trend(trend, lang, quarter=ov.quarter, labels=lambda q: wording.quarter_short(q, lang)),
            height=290,
        )
    )
    return Section("headline", ctx.t("pub.inv.s.headline"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 2. categories


def _categories(ctx: Context) -> Section:
    q, lang = ctx.quarter, ctx.lang
    prev = quarters.previous(q)
    raw = ctx.src.query(
        "inventory_categories", {"quarter": q, "prev_quarter": prev, "yoy_quarter": quarters.year_ago(q)}
    )
    has_prev = ctx.complete and bool((raw["quarter"] == prev).any())
    rows, chart_rows, sentences = [], [], []
    for ch in ("sms", "call"):
        cur = raw[(raw["quarter"] == q) & (raw["channel"] == ch)]
        old = raw[(raw["quarter"] == prev) & (raw["channel"] == ch)]
        total, old_total = float(cur["complaints"].sum()), float(old["complaints"].sum())
        if not total:
            continue
        shares: dict[str, float] = {}
        shifts: dict[str, float] = {}
        for cat in CATEGORIES:
            n = int(cur.loc[cur["category"] == cat, "complaints"].sum())
            p = int(old.loc[old["category"] == cat, "complaints"].sum())
            if cat == "unknown" and n == 0 and p == 0:
                continue
            share = n / total * 100.0
            shares[cat] = share
            shift = share - p / old_total * 100.0 if has_prev and old_total else None
            if shift is not None:
                shifts[cat] = shift
            rows.append(
                {
                    ctx.t("pub.inv.col.type"): terms.channel(ch, lang),
                    ctx.t("pub.inv.col.category"): terms.category(cat, lang),
                    ctx.t("pub.inv.col.complaints"): n,
                    ctx.t("pub.inv.col.share_channel"): round(share, 1),
                    ctx.t("pub.inv.col.points"): None if shift is None else round(shift, 1),
                    ctx.t("pub.inv.col.qoq"): _pct_change(n, p) if has_prev else None,
                }
            )
            chart_rows.append({"channel": ch, "category": cat, "share": round(share, 1)})
        named = sorted((c for c in shares if c != "unknown"), key=lambda c: -shares[c])
        parts = [
            ctx.t(
                "pub.inv.cat.part",
                category=_noun(terms.category(c, lang), lang),
                share=wording.share(shares[c] / 100, lang),
            )
            for c in named
            if shares[c] > 0
        ]
        unknown = (
            ctx.t("pub.inv.cat.unknown", share=wording.share(shares["unknown"] / 100, lang))
            if shares.get("unknown")
            else ""
        )
        text = ctx.t(
            "pub.inv.cat.sentence",
            channel=_noun(terms.channel(ch, lang), lang),
            parts=wording.join(parts, lang),
            unknown=unknown,
        )
        moved = [c for c in named if c in shifts and abs(shifts[c]) >= wording.MIN_POINTS]
        if moved:
            top = max(moved, key=lambda c: abs(shifts[c]))
            shift_text = ctx.t(
                "pub.inv.cat.shift",
                category=_noun(terms.category(top, lang), lang),
                points=wording.points(shifts[top], lang),
            )
            text += ("" if lang == "zh" else " ") + shift_text
        sentences.append(text)
    frame = pd.DataFrame(rows)
    blocks: list[Any] = [Paragraph(s) for s in sentences] or [Paragraph(ctx.t("pub.inv.none"))]
    if not frame.empty:
        frame[ctx.t("pub.inv.col.complaints")] = _ints(list(frame[ctx.t("pub.inv.col.complaints")]))
        for c in ("pub.inv.col.share_channel", "pub.inv.col.points", "pub.inv.col.qoq"):
            frame[ctx.t(c)] = _floats(list(frame[ctx.t(c)]))
        blocks.append(_table("categories", ctx, frame))
        blocks.append(
            Chart(
                "categories",
                ctx.t("pub.inv.fig.categories"),
                charts.categories(pd.DataFrame(chart_rows), lang),
                height=210,
            )
        )
    return Section("categories", ctx.t("pub.inv.s.categories"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 3. SMS routes


def sms_routes(src: QuerySource, quarter: str, lang: str, *, today: dt.date | None = None) -> pd.DataFrame:
    """Spam SMS complaints by sending route (``port``, ``p2p``, ``other``) from the number-range ranking.

    Columns: ``route, complaints, share`` (of spam SMS complaints, a fraction), ``previous_complaints``,
    ``previous_share``, ``yoy_complaints`` (missing where that quarter is not loaded).
    """
    ranked = rankings.rank(
        src,
        rankings.RankSpec("number_range", quarter, channel="sms", min_volume=0, sort="change"),
        lang,
        today=today,
    ).table
    route = ["port" if k in PORT_FAMILIES else "p2p" if k in P2P_FAMILIES else "other" for k in ranked["key"]]
    df = ranked.assign(route=route)
    has_prev = df["previous_complaints"].notna().any()
    has_yoy = df["yoy_complaints"].notna().any()
    out = (
        df.groupby("route", sort=False)
        .agg(
            complaints=("complaints", "sum"),
            previous_complaints=("previous_complaints", "sum"),
            yoy_complaints=("yoy_complaints", "sum"),
        )
        .reindex(["port", "p2p", "other"], fill_value=0)
        .reset_index()
    )
    total, prev_total = float(out["complaints"].sum()), float(out["previous_complaints"].sum())
    out["share"] = out["complaints"] / total if total else float("nan")
    out["previous_share"] = out["previous_complaints"] / prev_total if has_prev and prev_total else float("nan")
    out["complaints"] = out["complaints"].astype("int64")
    out["previous_complaints"] = pd.array(
        [int(v) if has_prev else None for v in out["previous_complaints"]], dtype="Int64"
    )
    out["yoy_complaints"] = pd.array([int(v) if has_yoy else None for v in out["yoy_complaints"]], dtype="Int64")
    return out[["route", "complaints", "share", "previous_complaints", "previous_share", "yoy_complaints"]]


def _points(route: pd.Series, complete: bool) -> float:
    """The change of a route's share on the previous quarter in points; NaN for an incomplete quarter or when
    there is no previous quarter (the first quarter loaded)."""
    if not complete or pd.isna(route["previous_share"]) or pd.isna(route["share"]):
        return float("nan")
    return (float(route["share"]) - float(route["previous_share"])) * 100


def _sms_routes(ctx: Context) -> Section:
    lang = ctx.lang
    routes = sms_routes(ctx.src, ctx.quarter, lang, today=ctx.today).set_index("route")
    blocks: list[Any] = []
    total = int(routes["complaints"].sum())
    if not total:
        blocks.append(Paragraph(ctx.t("pub.inv.none")))
        return Section("sms_routes", ctx.t("pub.inv.s.sms_routes"), tuple(blocks))
    port, p2p, other = routes.loc["port"], routes.loc["p2p"], routes.loc["other"]
    shift = _points(port, ctx.complete)
    port_cmp = "" if pd.isna(shift) else ctx.t("pub.inv.route.cmp", points=wording.points(shift, lang))
    other_text = (
        ctx.t("pub.inv.route.other", share=wording.share(float(other["share"]), lang)) if other["complaints"] else ""
    )
    blocks.append(
        Paragraph(
            ctx.t(
                "pub.inv.route.sentence",
                port=wording.count(port["complaints"], lang),
                port_share=wording.share(float(port["share"]), lang),
                port_cmp=port_cmp,
                p2p=wording.count(p2p["complaints"], lang),
                p2p_share=wording.share(float(p2p["share"]), lang),
                other=other_text,
            )
        )
    )
    rows = []
    for key in ("port", "p2p", "other"):
        r = routes.loc[key]
        if key == "other" and not r["complaints"]:
            continue
        points = _points(r, ctx.complete)
        rows.append(
            {
                ctx.t("pub.inv.col.route"): ctx.t(
                    f"pub.inv.route.{key}" if key != "other" else "pub.inv.route.other_label"
                ),
                ctx.t("pub.inv.col.complaints"): int(r["complaints"]),
                ctx.t("pub.inv.col.share_sms"): round(float(r["share"]) * 100, 1),
                ctx.t("pub.inv.col.points"): None if pd.isna(points) else round(points, 1),
                ctx.t("pub.inv.col.qoq"): _pct_change(r["complaints"], r["previous_complaints"])
                if ctx.complete
                else None,
            }
        )
    frame = pd.DataFrame(rows)
    frame[ctx.t("pub.inv.col.complaints")] = _ints(list(frame[ctx.t("pub.inv.col.complaints")]))
    for c in ("pub.inv.col.share_sms", "pub.inv.col.points", "pub.inv.col.qoq"):
        frame[ctx.t(c)] = _floats(list(frame[ctx.t(c)]))
    blocks.append(_table("routes", ctx, frame))
    # The top SMS port companies: the Rankings page's port-company ranking, spam SMS only.
    pc = rankings.rank(
        ctx.src,
        rankings.RankSpec("port_company", ctx.quarter, channel="sms", top=TOP, min_volume=1),
        lang,
        today=ctx.today,
    ).table
    if pc.empty:
        blocks.append(Paragraph(ctx.t("pub.inv.ports.none")))
    else:
        top = pc[pc["rank"] <= 3]
        blocks.append(
            Paragraph(
                ctx.t(
                    "pub.inv.ports.sentence",
                    names=wording.join(list(top["name"].astype(str)), lang),
                    share=wording.share(float(top["share"].sum()), lang),
                )
            )
        )
        frame = pd.DataFrame(
            {
                ctx.t("pub.inv.col.rank"): _ints(list(pc["rank"])),
                ctx.t("pub.inv.col.port_company"): pc["name"].astype(str).to_numpy(),
                ctx.t("pub.inv.col.complaints"): _ints(list(pc["complaints"])),
                ctx.t("pub.inv.col.share_ports"): _floats(list(pc["share"] * 100)),
                ctx.t("pub.inv.col.qoq"): _floats(list(pc["change_pct"]) if ctx.complete else [None] * len(pc)),
            }
        )
        blocks.append(_table("port_companies", ctx, frame))
    return Section("sms_routes", ctx.t("pub.inv.s.sms_routes"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 4. industries


def industry_ranking(
    src: QuerySource, quarter: str, lang: str, *, top: int | None = TOP, today: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Real industries ranked (:func:`anning.analysis.rankings.rank` leaves ``unclassified`` and ``other`` out and
    ranks the rest among themselves) and the non-industries as shares of their own: ``(ranked, unranked)``.

    Shares stay fractions of all complaints (the base the document names).
    """
    ranking = rankings.rank(src, rankings.RankSpec("industry", quarter, min_volume=1), lang, today=today)
    real = ranking.table
    if top and not real.empty:
        real = real[real["rank"] <= top]
    unranked = ranking.unranked.copy()
    unranked["change_pct"] = [
        _pct_change(c, p) if ranking.has_previous else None
        for c, p in zip(unranked["complaints"], unranked["previous_complaints"], strict=True)
    ]
    return real.reset_index(drop=True), unranked.reset_index(drop=True)


def notable(ranked: pd.DataFrame, direction: str | None = None) -> pd.Series | None:
    """The entity with the largest change on the previous quarter that the exact test calls significant, from a
    base of at least :data:`anning.analysis.rankings.DEFAULT_MIN_VOLUME` (``direction``: ``rise``, ``fall`` or
    either); ``None`` when there is none. The body calls it a notable rise or fall; the annex says how."""
    if ranked.empty or "significant" not in ranked:
        return None
    base = ranked["previous_complaints"].astype("Float64").fillna(0)
    ok = ranked["significant"].fillna(False).astype(bool) & (base >= rankings.DEFAULT_MIN_VOLUME)
    change = ranked["change"].astype("Float64").fillna(0)
    if direction == "rise":
        ok &= change > 0
    elif direction == "fall":
        ok &= change < 0
    moved = ranked[ok.to_numpy(dtype=bool)]
    if moved.empty:
        return None
    key = moved["change_pct"].abs() if direction == "rise" else moved["change"].astype("int64").abs()
    return moved.loc[key.idxmax()]


def _industries(ctx: Context) -> Section:
    lang = ctx.lang
    every, unranked = industry_ranking(ctx.src, ctx.quarter, lang, top=None, today=ctx.today)
    real = every[every["rank"] <= TOP] if not every.empty else every
    blocks: list[Any] = []
    if real.empty:
        blocks.append(Paragraph(ctx.t("pub.inv.none")))
    else:
        top = real[real["rank"] <= 3]
        text = ctx.t(
            "pub.inv.ind.sentence",
            names=wording.join([_noun(n, lang) for n in top["name"].astype(str)], lang),
            shares=wording.join([wording.share(float(s), lang) for s in top["share"]], lang),
        )
        leader = real[real["rank"] == 1]
        prev = real[real["previous_complaints"].fillna(0) > 0]
        if ctx.complete and len(leader) == 1 and not prev.empty:
            prev_top = prev[prev["previous_complaints"] == prev["previous_complaints"].max()]
            name = str(leader["name"].iloc[0])
            if leader["key"].iloc[0] in set(prev_top["key"]):
                text += ("" if lang == "zh" else " ") + ctx.t("pub.inv.ind.remained", name=name)
            else:
                previous = wording.join([_noun(n, lang) for n in prev_top["name"].astype(str)], lang)
                text += ("" if lang == "zh" else " ") + ctx.t("pub.inv.ind.became", name=name, previous=previous)
        riser = notable(every, "rise")
        if riser is not None:
            text += ("" if lang == "zh" else " ") + ctx.t(
                "pub.inv.ind.riser", name=riser["name"], pct=f"{abs(float(riser['change_pct'])):.1f}%"
            )
        blocks.append(Paragraph(text))
    shares = {k: float(s) for k, s in zip(unranked["key"], unranked["share"], strict=True)}
    if shares:
        blocks.append(
            Paragraph(
                ctx.t(
                    "pub.inv.ind.unranked",
                    unclassified=wording.share(shares.get("unclassified", 0.0), lang),
                    other=wording.share(shares.get("other", 0.0), lang),
                )
            )
        )
    if not real.empty:
        frame = pd.DataFrame(
            {
                ctx.t("pub.inv.col.rank"): _ints(list(real["rank"])),
                ctx.t("pub.inv.col.industry"): real["name"].astype(str).to_numpy(),
                ctx.t("pub.inv.col.complaints"): _ints(list(real["complaints"])),
                ctx.t("pub.inv.col.share_all"): _floats(list(real["share"] * 100)),
                ctx.t("pub.inv.col.qoq"): _floats(list(real["change_pct"]) if ctx.complete else [None] * len(real)),
                ctx.t("pub.inv.col.yoy"): _floats(list(real["yoy_pct"]) if ctx.complete else [None] * len(real)),
            }
        )
        blocks.append(_table("industries", ctx, frame))
        blocks.append(
            Chart(
                "industries",
                ctx.t("pub.inv.fig.industries"),
                charts.shares(list(real["name"].astype(str)), list((real["share"] * 100).round(1)), lang),
                height=max(180, 40 + 22 * len(real)),
                width_cm=14.0,
            )
        )
    if not unranked.empty:
        frame = pd.DataFrame(
            {
                ctx.t("pub.inv.col.what"): [ctx.t(f"pub.inv.unranked.{k}") for k in unranked["key"]],
                ctx.t("pub.inv.col.complaints"): _ints(list(unranked["complaints"])),
                ctx.t("pub.inv.col.share_all"): _floats(list(unranked["share"] * 100)),
                ctx.t("pub.inv.col.qoq"): _floats(
                    list(unranked["change_pct"]) if ctx.complete else [None] * len(unranked)
                ),
            }
        )
        blocks.append(_table("unranked", ctx, frame))
    return Section("industries", ctx.t("pub.inv.s.industries"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 5. operators


def operator_table(src: QuerySource, q: str, lang: str, *, complete: bool = True) -> tuple[pd.DataFrame, int]:
    """Each basic operator, then the MVNO resellers together: complaints, share, changes, rate per million;
    and how many rows are basic operators (the rest is the resellers' row)."""
    df = rankings.rank(src, rankings.RankSpec("operator", q, min_volume=0), lang).table
    if df.empty:
        return pd.DataFrame(), 0
    total = float(df["complaints"].sum())
    basic = df[df["kind"] == "basic"]
    mvno = df[df["kind"] == "mvno"]
    rows = [
        (
            str(r.name),
            "basic",
            int(r.complaints),
            _int(r.previous_complaints),
            _int(r.yoy_complaints),
            _int(r.subscribers),
        )
        for r in basic.itertuples()
    ]
    if len(mvno):
        subs = mvno["subscribers"].dropna()
        rows.append(
            (
                t("pub.inv.mvno_all", lang),
                "mvno",
                int(mvno["complaints"].sum()),
                _sum(mvno["previous_complaints"]),
                _sum(mvno["yoy_complaints"]),
                int(subs.sum()) if len(subs) else None,
            )
        )
    out = pd.DataFrame(
        {
            t("pub.inv.col.operator", lang): [r[0] for r in rows],
            t("pub.inv.col.complaints", lang): _ints([r[2] for r in rows]),
            t("pub.inv.col.share_all", lang): _floats([r[2] / total * 100 if total else None for r in rows]),
            t("pub.inv.col.qoq", lang): _floats([_pct_change(r[2], r[3]) if complete else None for r in rows]),
            t("pub.inv.col.yoy", lang): _floats([_pct_change(r[2], r[4]) if complete else None for r in rows]),
            t("pub.inv.col.rate_million", lang): _floats([r[2] / r[5] * 1e6 if r[5] else None for r in rows], 2),
        }
    )
    return out, len(basic)


def _sum(s: pd.Series) -> int | None:
    s = s.dropna()
    return int(s.sum()) if len(s) else None


def _operators(ctx: Context) -> Section:
    lang = ctx.lang
    table, n_basic = operator_table(ctx.src, ctx.quarter, lang, complete=ctx.complete)
    blocks: list[Any] = []
    if table.empty:
        blocks.append(Paragraph(ctx.t("pub.inv.none")))
        return Section("operators", ctx.t("pub.inv.s.operators"), tuple(blocks))
    name_col = ctx.t("pub.inv.col.operator")
    share_col, rate_col = ctx.t("pub.inv.col.share_all"), ctx.t("pub.inv.col.rate_million")
    basic = table.iloc[:n_basic].sort_values(share_col, ascending=False)
    mv = table.iloc[n_basic:]
    if len(basic):
        lead, others = basic.iloc[0], basic.iloc[1:]
        blocks.append(
            Paragraph(
                ctx.t(
                    "pub.inv.op.sentence",
                    lead=lead[name_col],
                    n=wording.count(lead[ctx.t("pub.inv.col.complaints")], lang),
                    share=wording.share(float(lead[share_col]) / 100, lang),
                    others=wording.join(list(others[name_col]), lang),
                    shares=wording.join([wording.share(float(s) / 100, lang) for s in others[share_col]], lang),
                    mvno=wording.share(float(mv[share_col].iloc[0]) / 100 if len(mv) else 0.0, lang),
                )
            )
        )
        ranked = rankings.rank(
            ctx.src, rankings.RankSpec("operator", ctx.quarter, min_volume=0), lang, today=ctx.today
        ).table
        move = notable(ranked) if ctx.complete else None
        if move is not None:
            key = "pub.inv.op.move_up" if float(move["change"]) > 0 else "pub.inv.op.move_down"
            blocks.append(Paragraph(ctx.t(key, name=move["name"], pct=f"{abs(float(move['change_pct'])):.1f}%")))
        rated = basic.dropna(subset=[rate_col])
        if len(rated):
            worst = rated.sort_values(rate_col, ascending=False).iloc[0]
            blocks.append(
                Paragraph(ctx.t("pub.inv.op.rate", name=worst[name_col], rate=f"{float(worst[rate_col]):,.2f}"))
            )
    blocks.append(_table("operators", ctx, table, {rate_col: 2}))
    blocks.append(
        Chart(
            "operators",
            ctx.t("pub.inv.fig.operators"),
            charts.shares(list(table[name_col]), list(table[share_col].fillna(0)), lang, color="#d9822b"),
            height=max(160, 40 + 24 * len(table)),
            width_cm=14.0,
        )
    )
    return Section("operators", ctx.t("pub.inv.s.operators"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 6. MVNOs


def mvno_table(card: enforcement.Scorecard, lang: str, *, top: int = TOP) -> pd.DataFrame:
    """The resellers with the most complaints (ties at the boundary kept) with the three tests in words."""
    tb = card.table
    if tb.empty:
        return pd.DataFrame()
    tb = tb.assign(_rank=tb["complaints"].rank(method="min", ascending=False).astype("int64"))
    tb = tb[(tb["_rank"] <= top) & (tb["complaints"] > 0)].sort_values(["_rank", "name"])
    rate = [
        c / s * 1e6 if s and not pd.isna(s) else None for c, s in zip(tb["complaints"], tb["subscribers"], strict=True)
    ]
    return pd.DataFrame(
        {
            t("pub.inv.col.rank", lang): _ints(list(tb["_rank"])),
            t("pub.inv.col.mvno", lang): tb["name"].astype(str).to_numpy(),
            t("pub.inv.col.complaints", lang): _ints(list(tb["complaints"])),
            t("pub.inv.col.rate_million", lang): _floats(rate, 2),
            t("pub.inv.col.lawful", lang): [t(f"pub.inv.test.{x}", lang) for x in tb["lawful"]],
            t("pub.inv.col.real_name", lang): [t(f"pub.inv.test.{x}", lang) for x in tb["real_name_ok"]],
            t("pub.inv.col.response", lang): [t(f"pub.inv.test.{x}", lang) for x in tb["response"]],
            t("pub.inv.col.assessment", lang): [t(f"pub.inv.status.{x}", lang) for x in tb["status"]],
        }
    )


def _mvnos(ctx: Context) -> Section:
    lang = ctx.lang
    acts = enforcement.actions(ctx.src)
    card = enforcement.mvno_scorecard(ctx.src, acts, ctx.quarter, lang)
    tb = card.table
    if tb.empty:
        return Section("mvnos", ctx.t("pub.inv.s.mvnos"), (Paragraph(ctx.t("pub.inv.mvno.none")),))
    total = float(ctx.overview.kpi("total").value)
    n_complaints = int(tb["complaints"].sum())
    table = mvno_table(card, lang)
    names = list(table[ctx.t("pub.inv.col.mvno")].head(3)) if not table.empty else []
    blocks: list[Any] = [
        Paragraph(
            ctx.t(
                "pub.inv.mvno.sentence",
                n=len(tb),
                total=wording.count(n_complaints, lang),
                share=wording.share(n_complaints / total if total else 0.0, lang),
                names=wording.join(names, lang),
            )
        )
    ]
    incomplete = int((tb["status"] == "incomplete").sum())
    blocks.append(
        Paragraph(
            ctx.t(
                "pub.inv.mvno.tests",
                green=int((tb["status"] == "green").sum()),
                fail=int((tb["status"] == "fail").sum()),
                incomplete=ctx.t("pub.inv.mvno.incomplete", n=incomplete) if incomplete else "",
            )
        )
    )
    if not table.empty:
        blocks.append(_table("mvnos", ctx, table, {ctx.t("pub.inv.col.rate_million"): 2}))
    return Section("mvnos", ctx.t("pub.inv.s.mvnos"), tuple(blocks))


# --------------------------------------------------------------------------------------------- handling


def _days(d: float | None) -> str:
    """Days to one decimal, a whole number without its ``.0``."""
    return "" if d is None else f"{float(d):.1f}".removesuffix(".0")


def _percent(fraction: float) -> str:
    """A threshold as set: ``90%``, ``92.5%``."""
    return f"{fraction * 100:.1f}".removesuffix(".0") + "%"


def _timing(tot: handling.Totals, ctx: Context, sla_days: int) -> str:
    """The clause on how fast: half handled within N days, and the share within the service level."""
    if tot.median_days is None or tot.within_sla_share is None:
        return ""
    d = float(tot.median_days)
    key = "pub.inv.hd.half_same_day" if d == 0 else "pub.inv.hd.half_one_day" if d == 1 else "pub.inv.hd.half_days"
    half = ctx.t(key, d=_days(d))
    sla = ctx.t("pub.inv.hd.sla", share=wording.share(tot.within_sla_share, ctx.lang), n=sla_days)
    return ctx.t("pub.inv.hd.timing", half=half, sla=sla)


def handling_table(h: handling.Handling, lang: str) -> pd.DataFrame:
    """Each basic operator, the resellers together and the total: reports forwarded, handled, being handled and
    not actionable, the handling rate, the days within which half were handled and the share within the
    service level (the measures of the Report handling page)."""
    ops = h.operators
    basic = ops[ops["kind"] == "basic"].sort_values(["forwarded", "name"], ascending=[False, True])
    rows: list[tuple[str, handling.Totals | pd.Series]] = [(str(r["name"]), r) for _, r in basic.iterrows()]
    if "mvno" in h.groups:
        rows.append((t("pub.inv.mvno_all", lang), h.groups["mvno"]))
    if h.national is not None:
        rows.append((t("pub.inv.total", lang), h.national))

    def get(x: handling.Totals | pd.Series, field: str) -> Any:
        v = getattr(x, field) if isinstance(x, handling.Totals) else x[field]
        return None if v is None or pd.isna(v) else v

    def pct(x: handling.Totals | pd.Series, field: str) -> float | None:
        v = get(x, field)
        return None if v is None else float(v) * 100.0

    return pd.DataFrame(
        {
            t("pub.inv.col.operator", lang): [n for n, _ in rows],
            t("pub.inv.col.forwarded", lang): _ints([get(x, "forwarded") for _, x in rows]),
            t("pub.inv.col.handled", lang): _ints([get(x, "handled") for _, x in rows]),
            t("pub.inv.col.pending", lang): _ints([get(x, "pending") for _, x in rows]),
            t("pub.inv.col.not_actionable", lang): _ints([get(x, "not_actionable") for _, x in rows]),
            t("pub.inv.col.handling_rate", lang): _floats([pct(x, "handling_rate") for _, x in rows]),
            t("pub.inv.col.half_days", lang): _floats([get(x, "median_days") for _, x in rows]),
            t("pub.inv.col.within_sla", lang, n=h.sla_days): _floats([pct(x, "within_sla_share") for _, x in rows]),
        }
    )


def _handling(ctx: Context) -> Section:
    lang = ctx.lang
    h = handling.measures(ctx.src, ctx.quarter, "operator", lang, today=ctx.today)
    title = ctx.t("pub.inv.s.handling")
    if not h.has_status or h.national is None:
        # Never a rate of 0% for a quarter whose files say nothing about handling.
        return Section("handling", title, (Paragraph(ctx.t("pub.inv.hd.no_status")),))
    nat = h.national
    blocks: list[Any] = [
        Paragraph(
            ctx.t(
                "pub.inv.hd.forwarded",
                forwarded=wording.count(nat.forwarded, lang),
                handled=wording.count(nat.handled, lang),
                pending=wording.count(nat.pending, lang),
                not_actionable=wording.count(nat.not_actionable, lang),
            )
        )
    ]
    rates = []
    for group, key in (("basic", "pub.inv.hd.basic"), ("mvno", "pub.inv.hd.mvno")):
        tot = h.groups.get(group)
        if tot is not None and tot.handling_rate is not None:
            rates.append(ctx.t(key, rate=wording.share(tot.handling_rate, lang), timing=_timing(tot, ctx, h.sla_days)))
    if not rates and nat.handling_rate is not None:
        rates.append(
            ctx.t("pub.inv.hd.all", rate=wording.share(nat.handling_rate, lang), timing=_timing(nat, ctx, h.sla_days))
        )
    if rates:
        blocks.append(Paragraph(("" if lang == "zh" else " ").join(rates)))
    threshold = _percent(handling.DEFAULT_RATE_THRESHOLD)
    low = handling.below_threshold(h, handling.DEFAULT_RATE_THRESHOLD, HANDLING_MIN_REPORTS)
    names = [
        ctx.t("pub.inv.hd.name_rate", name=str(r["name"]), rate=wording.share(float(r["handling_rate"]), lang))
        for _, r in low.head(TOP_BELOW).iterrows()
    ]
    if len(low) > TOP_BELOW:
        blocks.append(
            Paragraph(
                ctx.t("pub.inv.hd.below_many", total=len(low), names=wording.join(names, lang), threshold=threshold)
            )
        )
    elif names:
        blocks.append(Paragraph(ctx.t("pub.inv.hd.below", names=wording.join(names, lang), threshold=threshold)))
    else:
        blocks.append(Paragraph(ctx.t("pub.inv.hd.below_none", threshold=threshold)))
    if not h.complete:
        blocks.append(Paragraph(ctx.t("pub.inv.hd.partial"), "note"))
    table = handling_table(h, lang)
    blocks.append(_table("handling", ctx, table))
    return Section("handling", title, tuple(blocks))


# --------------------------------------------------------------------------------------------- 7. number ranges


def _number_ranges(ctx: Context) -> Section:
    lang = ctx.lang
    df = rankings.rank(
        ctx.src, rankings.RankSpec("number_range", ctx.quarter, top=TOP, min_volume=1), lang, today=ctx.today
    ).table
    if df.empty:
        return Section("number_ranges", ctx.t("pub.inv.s.number_ranges"), (Paragraph(ctx.t("pub.inv.none")),))
    top = df[df["rank"] <= 3]
    blocks: list[Any] = [
        Paragraph(
            ctx.t(
                "pub.inv.range.sentence",
                # Inside an English sentence: "106 SMS ports, other mobile numbers and 400 numbers".
                names=wording.join([terms.inline(n, lang) for n in top["name"].astype(str)], lang),
                shares=wording.join([wording.share(float(s), lang) for s in top["share"]], lang),
            )
        )
    ]
    frame = pd.DataFrame(
        {
            ctx.t("pub.inv.col.rank"): _ints(list(df["rank"])),
            ctx.t("pub.inv.col.number_range"): df["name"].astype(str).to_numpy(),
            ctx.t("pub.inv.col.complaints"): _ints(list(df["complaints"])),
            ctx.t("pub.inv.col.share_all"): _floats(list(df["share"] * 100)),
            ctx.t("pub.inv.col.qoq"): _floats(list(df["change_pct"]) if ctx.complete else [None] * len(df)),
            ctx.t("pub.inv.col.yoy"): _floats(list(df["yoy_pct"]) if ctx.complete else [None] * len(df)),
        }
    )
    blocks.append(_table("number_ranges", ctx, frame))
    return Section("number_ranges", ctx.t("pub.inv.s.number_ranges"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 8. provinces


def _provinces(ctx: Context) -> Section:
    lang = ctx.lang
    view = provinces.view(ctx.src, ctx.quarter)
    ranked = view.table[view.table["has_data"]].head(TOP)
    if ranked.empty:
        return Section("provinces", ctx.t("pub.inv.s.provinces"), (Paragraph(ctx.t("pub.inv.none")),))
    names = [provinces.province_name(r, lang) for r in ranked.itertuples()]
    blocks: list[Any] = [
        Paragraph(
            ctx.t(
                "pub.inv.prov.sentence",
                names=wording.join(names[:5], lang),
                share=wording.share(float(ranked["share"].head(5).sum()), lang),
            )
        )
    ]
    if view.unlocated:
        blocks.append(
            Paragraph(
                ctx.t(
                    "pub.inv.prov.unlocated",
                    n=wording.count(view.unlocated, lang, unit=False),
                    share=wording.share(view.unlocated / view.quarter_total if view.quarter_total else 0.0, lang),
                )
            )
        )
    table = pd.DataFrame(
        {
            ctx.t("pub.inv.col.rank"): _ints(list(ranked["rank"])),
            ctx.t("pub.inv.col.province"): names,
            ctx.t("pub.inv.col.complaints"): _ints(list(ranked["complaints"])),
            ctx.t("pub.inv.col.share_located"): _floats(list(ranked["share"] * 100)),
            ctx.t("pub.inv.col.rate_residents"): _floats(list(ranked["rate"]), 2),
        }
    )
    blocks.append(_table("provinces", ctx, table, {ctx.t("pub.inv.col.rate_residents"): 2}))
    blocks.append(
        Chart("map", ctx.t("pub.inv.fig.map"), charts.province_map(view, lang), width=640, height=430, width_cm=13.5)
    )
    if not view.no_data.empty:
        missing = [provinces.province_name(r, lang) for r in view.no_data.itertuples()]
        blocks.append(Paragraph(ctx.t("pub.inv.prov.no_data", names=wording.join(missing, lang)), "note"))
    return Section("provinces", ctx.t("pub.inv.s.provinces"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 9. companies


def _companies(ctx: Context) -> Section:
    lang = ctx.lang
    found = lists.current_version(ctx.src, ctx.quarter)
    if found is None:
        return Section("companies", ctx.t("pub.inv.s.companies"), (Paragraph(ctx.t("pub.inv.list.none")),))
    rec, _ = found
    from anning.publish import list_exports

    # The bulletin's table: fewer columns than the list's own export (credit codes and YoY are there).
    # The bulletin's table is the press list narrowed to a page's width: name, industry, complaints, the grounds
    # and the measure taken (credit codes, shares, changes and port companies are in the list's own export).
    table = list_exports.press_frame(rec, lang)
    keep = [
        t(k, lang)
        for k in (
            "pub.col.no",
            "pub.col.company",
            "pub.col.industry",
            "pub.col.complaints",
            "pub.col.grounds",
            "pub.col.measure",
        )
    ]
    table = table[[c for c in keep if c in table.columns]]
    count = t("pub.col.complaints", lang)
    if count in table.columns:
        table[count] = _ints(list(table[count]))
    published = frozen.parse_ts(str(rec["published_at"])) + CHINA_TZ
    blocks = (
        Paragraph(
            ctx.t(
                "pub.inv.list.sentence",
                n=len(table),
                version=rec["version"],
                published=wording.date(published.date(), lang),
            )
        ),
        _table("companies", ctx, table),
    )
    return Section("companies", ctx.t("pub.inv.s.companies"), blocks)


# --------------------------------------------------------------------------------------------- 10. enforcement


def _enforcement(ctx: Context) -> Section:
    lang, ov = ctx.lang, ctx.overview
    ports, numbers = ov.kpi("ports"), ov.kpi("numbers")
    pq, nq = wording.change(ports.value, ports.previous, lang), wording.change(numbers.value, numbers.previous, lang)
    cmp = ctx.t("pub.inv.enf.takedowns_cmp", ports_qoq=pq, numbers_qoq=nq) if pq and nq else ""
    blocks: list[Any] = [
        Paragraph(
            ctx.t(
                "pub.inv.enf.takedowns",
                ports=wording.count(ports.value, lang, unit=False),
                numbers=wording.count(numbers.value, lang, unit=False),
                cmp=cmp,
            )
        )
    ]
    # Each deciding authority on its own (anning.enforcement.authority): the telecom regulators' measures and
    # fines within the cap, operators' internal accountability, other departments under their own laws.
    acts = enforcement.actions(ctx.src)
    fines = authority.fine_summary(acts, ctx.quarter)
    ba = fines.by_authority.set_index("authority_type")
    tel, internal, other = ba.loc["telecom"], ba.loc["operator_internal"], ba.loc["other_department"]
    if not int(ba["actions"].sum()):
        blocks.append(Paragraph(ctx.t("pub.inv.enf.no_actions")))
    if int(tel["actions"]):
        blocks.append(
            Paragraph(
                ctx.t(
                    "pub.inv.enf.telecom",
                    targets=f"{int(tel['targets']):,}",
                    actions=f"{int(tel['actions']):,}",
                    fines=f"{fines.count:,}",
                    total=wording.amount(fines.total_yuan, lang),
                )
            )
        )
    if len(fines.under_review):
        blocks.append(
            Paragraph(
                ctx.t(
                    "pub.inv.enf.review",
                    n=f"{len(fines.under_review):,}",
                    total=wording.amount(fines.under_review_yuan, lang),
                )
            )
        )
    if int(internal["actions"]):
        blocks.append(Paragraph(ctx.t("pub.inv.enf.internal", n=f"{int(internal['actions']):,}")))
    departments = authority.by_department(acts, ctx.quarter, lang)
    if int(other["actions"]):
        # English names a ministry with its article ("the National Health Commission").
        names = wording.join([str(d) if lang == "zh" else f"the {d}" for d in departments["department"].head(3)], lang)
        blocks.append(
            Paragraph(
                ctx.t(
                    "pub.inv.enf.other",
                    departments=names,
                    targets=f"{int(other['targets']):,}",
                    actions=f"{int(other['actions']):,}",
                    total=wording.amount(fines.other_yuan, lang),
                )
            )
        )
    rows = []
    for key, k in (("ports", ports), ("numbers", numbers)):
        rows.append(
            {
                ctx.t("pub.inv.col.measure"): ctx.t(f"pub.inv.kpi.{key}"),
                ctx.t("pub.inv.col.count"): int(k.value),
                ctx.t("pub.inv.col.previous"): _int(k.previous),
                ctx.t("pub.inv.col.qoq"): None if k.qoq is None else round(k.qoq * 100, 1),
                ctx.t("pub.inv.col.yoy"): None if k.yoy is None else round(k.yoy * 100, 1),
            }
        )
    frame = pd.DataFrame(rows)
    for c in ("pub.inv.col.count", "pub.inv.col.previous"):
        frame[ctx.t(c)] = _ints(list(frame[ctx.t(c)]))
    for c in ("pub.inv.col.qoq", "pub.inv.col.yoy"):
        frame[ctx.t(c)] = _floats(list(frame[ctx.t(c)]))
    blocks.append(_table("takedowns", ctx, frame))
    by_kind = pd.DataFrame(
        {
            ctx.t("pub.inv.col.authority"): [authority.label_type(k, lang) for k in ba.index],
            ctx.t("pub.inv.col.actions"): _ints(list(ba["actions"])),
            ctx.t("pub.inv.col.targets"): _ints(list(ba["targets"])),
            ctx.t("pub.inv.col.fines"): _ints(list(ba["fines"])),
            ctx.t("pub.inv.col.fines_yuan"): _ints([round(v) for v in ba["fines_yuan"]]),
            ctx.t("pub.inv.col.under_review"): _ints(list(ba["under_review"])),
        }
    )
    blocks.append(_table("authorities", ctx, by_kind))
    matrix = enforcement.action_matrix(acts, ctx.quarter, lang, "telecom")
    # Internal accountability is the operators' own, never a regulator's measure: not a row of this table.
    matrix = matrix[matrix.iloc[:, 0] != enforcement.label_action("accountability", lang)].reset_index(drop=True)
    for c in matrix.columns[1:]:
        matrix[c] = _ints(list(matrix[c]))
    if lang != "zh":  # the page's labels are lower case; a table in a bulletin starts each label with a capital
        matrix = matrix.rename(columns=lambda c: str(c)[:1].upper() + str(c)[1:])
        first = matrix.columns[0]
        matrix[first] = [str(v)[:1].upper() + str(v)[1:] for v in matrix[first]]
    blocks.append(_table("actions", ctx, matrix))
    if len(departments):
        dep = pd.DataFrame(
            {
                ctx.t("pub.inv.col.department"): departments["department"].astype(str).to_numpy(),
                ctx.t("pub.inv.col.actions"): _ints(list(departments["actions"])),
                ctx.t("pub.inv.col.targets"): _ints(list(departments["targets"])),
                ctx.t("pub.inv.col.fines"): _ints(list(departments["fines"])),
                ctx.t("pub.inv.col.fines_yuan"): _ints([round(float(v)) for v in departments["fines_yuan"]]),
            }
        )
        blocks.append(_table("departments", ctx, dep))
    return Section("enforcement", ctx.t("pub.inv.s.enforcement"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 11. referrals


def _referrals(ctx: Context) -> Section:
    lang = ctx.lang
    files = referrals.files(ctx.src)
    mine = files[files["quarter"].astype(str) == ctx.quarter]
    blocks: list[Any] = []
    if mine.empty:
        blocks.append(Paragraph(ctx.t("pub.inv.ref.none")))
        return Section("referrals", ctx.t("pub.inv.s.referrals"), tuple(blocks))
    # Public security's file carries the number list, one lead id per sender number: referrals.files counts
    # those as its leads, as the feedback does, so every figure here adds up to the feedback's total.
    batch = referrals.batches(ctx.src)
    batch = batch[batch["quarter"].astype(str) == ctx.quarter]
    numbers = int(batch["numbers"].iloc[0]) if len(batch) else 0
    mine = mine.sort_values("leads", ascending=False)
    dep_col = "department_zh" if lang == "zh" else "department_en"
    deps = [
        str(d) if isinstance(d, str) and d else str(c)
        for d, c in zip(mine[dep_col], mine["department_code"], strict=True)
    ]
    industry = [
        (d, int(n))
        for d, c, n in zip(deps, mine["department_code"], mine["leads"], strict=True)
        if c != referrals.PUBLIC_SECURITY and n
    ]
    blocks.append(
        Paragraph(
            ctx.t(
                "pub.inv.ref.sentence",
                leads=wording.count(sum(n for _, n in industry), lang, unit=False),
                companies=f"{int(mine['companies'].sum()):,}",
                n=len(industry),
                # English names a ministry with its article ("the Ministry of Education").
                departments=wording.join([d if lang == "zh" else f"the {d}" for d, _ in industry][:3], lang),
            )
        )
    )
    if numbers:
        blocks.append(Paragraph(ctx.t("pub.inv.ref.numbers", n=wording.count(numbers, lang, unit=False))))
    year = quarters.parse(ctx.quarter)[0]
    yt = referrals.year_totals(ctx.src)
    this_year = yt[yt["year"].astype(int) == year] if not yt.empty else yt
    if len(this_year):
        r = this_year.iloc[0]
        blocks.append(
            Paragraph(
                ctx.t(
                    "pub.inv.ref.year_one" if int(r["batches"]) == 1 else "pub.inv.ref.year",
                    year=year,
                    batches=int(r["batches"]),
                    leads=wording.count(int(r["leads"]) + int(r["numbers"]), lang, unit=False),
                )
            )
        )
    # Feedback (件件有处置，事事有回音): what the departments answered on the leads sent up to this quarter.
    fs = referrals.feedback_summary(ctx.src)
    if len(fs):
        fs = fs[(fs["quarter"].astype(str) <= ctx.quarter) & fs["referred_on"].notna()]
    if fs.empty:
        blocks.append(Paragraph(ctx.t("pub.inv.ref.fb_none")))
    else:
        leads, answered = int(fs["leads"].sum()), int(fs["answered"].sum())
        how = [
            ctx.t(f"pub.inv.ref.fb.{o}", n=wording.count(int(fs[o].sum()), lang, unit=False))
            for o in referrals.OUTCOMES
            if int(fs[o].sum())
        ]
        key = "pub.inv.ref.fb_sentence" if how else "pub.inv.ref.fb_waiting"
        blocks.append(
            Paragraph(
                ctx.t(
                    key,
                    leads=wording.count(leads, lang, unit=False),
                    answered=wording.count(answered, lang, unit=False),
                    share=wording.share(answered / leads if leads else 0.0, lang),
                    how=wording.join(how, lang),
                )
            )
        )
    if len(batch) and "feedback_due" in batch.columns and pd.notna(batch["feedback_due"].iloc[0]):
        due = pd.Timestamp(batch["feedback_due"].iloc[0]).date()
        blocks.append(Paragraph(ctx.t("pub.inv.ref.due", date=wording.date(due, lang))))
    answered_by = {}
    if len(fs):
        now = fs[fs["quarter"].astype(str) == ctx.quarter]
        answered_by = dict(zip(now["department_code"], now["answered"], strict=True))
    frame = pd.DataFrame(
        {
            ctx.t("pub.inv.col.department"): deps,
            ctx.t("pub.inv.col.leads"): _ints(list(mine["leads"])),
            ctx.t("pub.inv.col.companies"): _ints(list(mine["companies"])),
            ctx.t("pub.inv.col.answered"): _ints([answered_by.get(c, 0) for c in mine["department_code"]]),
        }
    )
    blocks.append(_table("referrals", ctx, frame))
    return Section("referrals", ctx.t("pub.inv.s.referrals"), tuple(blocks))


# --------------------------------------------------------------------------------------------- 12–14. narrative


def _narrative_section(key: str) -> Callable[[Context], Section]:
    def build_section(ctx: Context) -> Section:
        paragraphs = ctx.narrative.get(key) or ()
        return Section(key, ctx.t(f"pub.inv.s.{key}"), tuple(Paragraph(p) for p in paragraphs))

    build_section.__name__ = f"_{key}"
    return build_section


def _draft_cases(src: QuerySource, q: str, lang: str) -> tuple[str, ...]:
    """Typical cases from the quarter's data, without naming anyone: the source companies that drew the most
    complaints among those fined or interviewed by a telecom authority, and the port company with the most
    ports shut."""
    acts = enforcement.actions(src)
    in_q = acts[(acts["quarter"] == q) & (acts["target_role"] == "source_company")]
    in_q = in_q[in_q["action"].isin(("fine", "interview", "notice"))]
    # The telecom regulators' own measures (the ministry and the provincial administrations).
    in_q = authority.classify_frame(in_q) if "authority_type" not in in_q.columns else in_q
    in_q = in_q[in_q["authority_type"] == "telecom"]
    # A fine above its statutory cap is under legal review, not a case to hold up.
    in_q = in_q[~in_q["over_cap"].fillna(False).astype(bool)]
    out: list[str] = []
    if not in_q.empty:
        comp = rankings.rank(src, rankings.RankSpec("company", q, min_volume=1), lang).table
        n_by_key = dict(zip(comp["key"], comp["complaints"], strict=True))
        ind = enforcement.industry_names(lang)
        order = {"fine": 0, "interview": 1, "notice": 2}
        in_q = in_q.assign(
            n_=[int(n_by_key.get(k, 0)) for k in in_q["target_key"]],
            o_=[order[a] for a in in_q["action"]],
            name_=authority.authority_names(in_q, "zh"),
        )
        picked = (
            in_q[in_q["n_"] > 0]
            .sort_values(["o_", "n_", "case_id"], ascending=[True, False, True])
            .drop_duplicates("target_key")
            .head(2)
        )
        for r in picked.itertuples():
            amount = wording.amount(float(r.fine_yuan), lang) if r.action == "fine" and not pd.isna(r.fine_yuan) else ""
            out.append(
                t(
                    "pub.inv.case.sentence",
                    lang,
                    industry=_noun(ind.get(str(r.industry), ind.get("other", "")), lang),
                    n=f"{int(r.n_):,}",
                    authority=_authority(r.name_, lang),
                    action=t(f"pub.inv.case.act.{r.action}", lang, amount=amount),
                )
            )
    holders = src.query("enforcement_takedown_holders", {"quarter": q})
    ports = holders[(holders["target_type"] == "port") & holders["holder"].notna()]
    if not ports.empty:
        pc = rankings.rank(src, rankings.RankSpec("port_company", q, channel="sms", min_volume=1), lang).table
        n_by_key = dict(zip(pc["key"], pc["complaints"], strict=True))
        ports = ports.assign(n_=[int(n_by_key.get(k, 0)) for k in ports["holder_key"]])
        ports = ports[ports["n_"] > 0].sort_values(["n_", "takedowns"], ascending=False)
        if len(ports):
            r = ports.iloc[0]
            out.append(t("pub.inv.case.port", lang, n=f"{int(r['n_']):,}", ports=f"{int(r['takedowns']):,}"))
    return tuple(out) or (t("pub.inv.case.none", lang),)


def _authority(name: object, lang: str) -> str:
    """The deciding authority as a case sentence names it: its published Chinese name in Chinese; in English
    the ministry by name and a provincial administration generically (its name is Chinese)."""
    text = name if isinstance(name, str) else ""
    if lang == "zh" and text:
        return text
    if "工业和信息化部" in text:
        return t("pub.inv.case.authority_miit", lang)
    return t("pub.inv.case.authority", lang)


def _draft_next_steps(src: QuerySource, q: str, lang: str) -> tuple[str, ...]:
    """Next steps: the standing lines of work, with the quarter's leading industries and their departments."""
    real, _ = industry_ranking(src, q, lang, top=2)
    ind_codes = list(real["key"].head(2))
    names = list(real["name"].astype(str).head(2))
    ref = reference.table("industry").set_index("code")
    deps = []
    for code in ind_codes:
        dep = ref["department_code"].get(code) if code in ref.index else None
        if isinstance(dep, str) and dep and dep != "miit":
            name = referrals.department_name(dep, lang)
            name = name if lang == "zh" else f"the {name}"
            if name not in deps:
                deps.append(name)
    lines = [t("pub.inv.next.1", lang, lead=wording.ordinal_clause(1, lang))]
    if names and deps:
        lines.append(
            t(
                "pub.inv.next.2",
                lang,
                lead=wording.ordinal_clause(2, lang),
                industries=wording.join([_noun(n, lang) for n in names], lang),
                departments=wording.join(deps, lang),
            )
        )
    for key in ("pub.inv.next.3", "pub.inv.next.4"):
        lines.append(t(key, lang, lead=wording.ordinal_clause(len(lines) + 1, lang)))
    return tuple(lines)


def _draft_advice(lang: str) -> tuple[str, ...]:
    return tuple(t(f"pub.inv.advice.{i}", lang, lead=wording.ordinal_clause(i, lang)) for i in range(1, 5))


def draft_narrative(src: QuerySource, quarter: str, lang: str) -> dict[str, tuple[str, ...]]:
    """The generated drafts of the narrative sections (typical cases, next steps, advice to users)."""
    q = quarters.label(*quarters.parse(quarter))
    return {
        "cases": _draft_cases(src, q, lang),
        "next_steps": _draft_next_steps(src, q, lang),
        "advice": _draft_advice(lang),
    }


def stored_narrative(src: QuerySource, quarter: str) -> pd.DataFrame:
    """The latest saved text of each narrative section of ``quarter``: ``lang, section, body, edited_by,
    edited_at`` (``body`` missing: the section went back to its generated draft)."""
    q = quarters.label(*quarters.parse(quarter))
    return info.query_if_table(src, "inventory_narrative_latest", "inventory_narratives", {"quarter": q})


def paragraphs(text: str) -> tuple[str, ...]:
    """Text as typed in the editor, split into paragraphs at blank lines (lines inside one are joined)."""
    blocks, cur = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.strip():
            cur.append(line.strip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return tuple(("" if _cjk(b[0]) else " ").join(b) for b in blocks)


def _cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") for ch in text)


def narrative(src: QuerySource, quarter: str, lang: str) -> dict[str, tuple[str, ...]]:
    """The narrative a build uses: the saved text where an analyst saved one, else the generated draft."""
    out = draft_narrative(src, quarter, lang)
    saved = stored_narrative(src, quarter)
    for r in saved[saved["lang"] == lang].itertuples():
        if r.section in out and isinstance(r.body, str):
            out[str(r.section)] = paragraphs(r.body)
    return out


def edited_sections(src: QuerySource, quarter: str, lang: str) -> list[str]:
    """The narrative sections whose saved text replaces the generated draft."""
    saved = stored_narrative(src, quarter)
    return [s for s in NARRATIVE if ((saved["lang"] == lang) & (saved["section"] == s) & saved["body"].notna()).any()]


def _clean(text: str) -> str:
    """Typed text without control characters (tabs become spaces; line breaks stay)."""
    text = text.replace("\t", " ")
    return "".join(ch for ch in text if ch in "\n\r" or unicodedata.category(ch)[0] != "C")


def save_narrative(
    db: Path, quarter: str, lang: str, texts: Mapping[str, str | None], user: auth.User, *, now: str | None = None
) -> None:
    """Store edited narrative text for ``quarter`` in ``lang`` (``None`` or blank: back to the generated draft).

    Analysts only (``build_inventory``); each section at most :data:`MAX_NARRATIVE_CHARS` characters; control
    characters are dropped. Every save is kept (the latest wins) and audited.
    """
    if user is None or not auth.can(user.role, "build_inventory"):
        raise lists.NotAllowedError(f"{getattr(user, 'name', '?')} may not edit the inventory")
    q = quarters.label(*quarters.parse(quarter))
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    unknown = set(texts) - set(NARRATIVE)
    if unknown:
        raise ValueError(f"unknown narrative sections: {', '.join(sorted(unknown))}")
    clean: dict[str, str | None] = {}
    for key, text in texts.items():
        body = _clean(text).strip() if isinstance(text, str) else ""
        if len(body) > MAX_NARRATIVE_CHARS:
            raise ValueError(
                t("pub.inv.narr.too_long", lang, section=t(f"pub.inv.s.{key}", lang), n=MAX_NARRATIVE_CHARS)
            )
        clean[key] = body or None
    at = frozen.parse_ts(now) if now else frozen.utc_now()

    def _write(con: duckdb.DuckDBPyConnection) -> None:
        for key, body in clean.items():
            sql.execute(
                con,
                "inventory_narrative_insert",
                {"quarter": q, "lang": lang, "section": key, "body": body, "edited_by": user.name, "edited_at": at},
            )
        sql.execute(
            con,
            "audit_append",
            {
                "user": user.name,
                "action": "inventory_narrative",
                "detail": json.dumps({"quarter": q, "lang": lang, "sections": sorted(clean)}),
            },
        )

    store.write_work(db, _write)


# --------------------------------------------------------------------------------------------- the annex


def method_items(as_of: dt.date | None, quarter: str, lang: str) -> list[str]:
    """The definitions and methods of the annex, in ``lang`` (the methodology page reads the same lines)."""
    args: dict[str, dict[str, Any]] = {
        "time": {"as_of": wording.date(as_of, lang), "quarter": wording.quarter(quarter, lang)},
        "ranks": {"n": TOP},
        "tests": {"min": rankings.DEFAULT_MIN_VOLUME},
        "mvno": {"window": enforcement.ScorecardConfig().window_quarters},
        "handling": {
            "n": handling.DEFAULT_SLA_DAYS,
            "threshold": _percent(handling.DEFAULT_RATE_THRESHOLD),
            "min": HANDLING_MIN_REPORTS,
        },
    }
    return [t(f"pub.inv.m.{k}", lang, **args.get(k, {})) for k in ANNEX_ITEMS]


def _annex(ctx: Context) -> Section:
    lang = ctx.lang
    items = method_items(ctx.info.data_as_of, ctx.quarter, lang)
    if ctx.info.demo:
        items.append(ctx.t("pub.inv.m.demo"))
    numbered = [
        (f"（{wording.numeral(i, 'zh')}）" if lang == "zh" else f"{i}. ") + text
        for i, text in enumerate(items, start=1)
    ]
    return Section("annex", ctx.t("pub.inv.s.annex"), tuple(Paragraph(x) for x in numbered), annex=True)


# --------------------------------------------------------------------------------------------- the document


Builder = Callable[[Context], Section | None]

# The body, in order. Add a section by adding its builder here (see the module docstring).
SECTIONS: tuple[tuple[str, Builder], ...] = (
    ("headline", _overview),
    ("categories", _categories),
    ("sms_routes", _sms_routes),
    ("industries", _industries),
    ("operators", _operators),
    ("mvnos", _mvnos),
    ("handling", _handling),
    ("number_ranges", _number_ranges),
    ("provinces", _provinces),
    ("companies", _companies),
    ("enforcement", _enforcement),
    ("referrals", _referrals),
    ("cases", _narrative_section("cases")),
    ("next_steps", _narrative_section("next_steps")),
    ("advice", _narrative_section("advice")),
)


def build(
    src: QuerySource,
    quarter: str,
    lang: str,
    *,
    today: dt.date | None = None,
    issued: dt.date | None = None,
    narrative_text: Mapping[str, Sequence[str]] | None = None,
) -> Document:
    """The inventory for ``quarter`` in ``lang`` (charts still as figures; see the module docstring).

    ``issued`` is the date of the sign-off (a draft: the data-as-of date); ``narrative_text`` replaces the
    narrative read from the store (:func:`narrative`).
    """
    q = quarters.label(*quarters.parse(quarter))
    si = info.store_info(src, today)
    if q not in si.quarters:
        raise ValueError(f"no complaints loaded for {q}")
    ov = overview.build(src, q, lang, today=today)
    text = dict(narrative(src, q, lang))
    if narrative_text is not None:
        text.update({k: tuple(v) for k, v in narrative_text.items()})
    ctx = Context(src, q, lang, si, ov, headlines.series(src), text, today)
    sections = [s for s in (fn(ctx) for _, fn in SECTIONS) if s is not None]
    sections.append(_annex(ctx))
    as_of = si.data_as_of
    # An unpublished inventory carries the data-as-of date as its time, so building it twice from the
    # same data gives the same files; a published one carries its publication time.
    stamp = dt.datetime.combine(as_of, dt.time()) if as_of else dt.datetime(2000, 1, 1)
    day = issued or as_of
    return Document(
        title=t("pub.inv.title", lang, quarter=wording.quarter_title(q, lang)),
        subtitle="",
        lang=lang,
        demo=si.demo,
        timestamp=stamp.isoformat(),
        sections=_numbered(sections, lang),
        footnotes=(),
        meta={
            "quarter": q,
            "data_as_of": str(as_of) if as_of else None,
            "complete": ov.complete,
            "narrative": {k: list(text.get(k, ())) for k in NARRATIVE},
        },
        signoff=(t("pub.inv.issuer", lang), wording.date(day, lang)),
    )


def _numbered(sections: Sequence[Section], lang: str) -> tuple[Section, ...]:
    """Number the body's sections (``一、`` / ``1.``), tables and figures in order, so a section added or
    left out leaves no gap; annexes keep their own title."""
    n_section = n_table = n_fig = 0
    out = []
    for s in sections:
        blocks = []
        for b in s.blocks:
            if isinstance(b, Table):
                n_table += 1
                b = replace(
                    b, title=t("pub.inv.table_no", lang, n=n_table, title=b.title), sheet=_sheet(b, n_table, lang)
                )
            elif isinstance(b, Chart):
                n_fig += 1
                b = replace(b, title=t("pub.inv.figure_no", lang, n=n_fig, title=b.title))
            blocks.append(b)
        title = s.title
        if not s.annex:
            n_section += 1
            title = t("pub.inv.section_no", lang, n=wording.numeral(n_section, lang), title=s.title)
        out.append(replace(s, title=title, blocks=tuple(blocks)))
    return tuple(out)


def _sheet(b: Table, n: int, lang: str) -> str:
    """``表3 行业排名`` / ``T3 Industries``: the table's number and short name, within Excel's 31 characters."""
    return t("pub.inv.sheet", lang, n=n, name=b.sheet or b.key)[:31]


# --------------------------------------------------------------------------------------------- stamping


def draft_document(doc: Document) -> Document:
    """An unpublished inventory with charts rendered and its content hash printed (marked as a draft)."""
    rendered = documents.render_charts(doc)
    h = frozen.content_hash(rendered.to_json())
    return documents.stamped(
        rendered,
        [t("pub.inv.draft_line", doc.lang), t("pub.hash_line", doc.lang, hash=h)],
        content_hash=h,
        version_label=t("pub.inv.draft_label", doc.lang),
    )


def published_document(rec: dict[str, Any], h: str, lang: str) -> Document:
    """A published inventory in ``lang``, rebuilt from the frozen record alone, with version and hash."""
    docs = rec["documents"]
    d = Document.from_json(docs[lang] if lang in docs else next(iter(docs.values())))
    # No username, id or ISO time in a published text: the version and the date, in words.
    label = t("pub.inv.version_label", d.lang, version=rec["version"])
    day = (frozen.parse_ts(str(rec["published_at"])) + CHINA_TZ).date()
    lines = [t("pub.inv.published_line", d.lang, version=rec["version"], date=wording.date(day, d.lang))]
    if rec.get("supersedes"):
        lines.append(
            t(
                "pub.inv.supersedes_line",
                d.lang,
                version=rec["supersedes"]["version"],
                hash=rec["supersedes"]["content_hash"],
            )
        )
    lines.append(t("pub.hash_line", d.lang, hash=h))
    return documents.stamped(d, lines, content_hash=h, version_label=label)


def export(doc: Document, fmt_: str) -> bytes | dict[str, bytes]:
    """One format of a document: ``docx``, ``xlsx``, ``pdf`` (bytes) or ``csv`` (file name -> bytes)."""
    if fmt_ == "docx":
        return documents.to_docx(doc)
    if fmt_ == "xlsx":
        return documents.to_xlsx(doc)
    if fmt_ == "pdf":
        return documents.to_pdf(doc)
    if fmt_ == "csv":
        return documents.to_csvs(doc)
    raise ValueError(f"unknown format {fmt_!r}; choose one of: {', '.join(documents.formats())}")


def write_all(doc: Document, out: Path, stem: str) -> list[Path]:
    """Write every format into ``out`` (CSV: one file per table); the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for f in documents.formats():
        data = export(doc, f)
        if isinstance(data, dict):
            for name, body in data.items():
                p = out / f"{stem}_{name}"
                p.write_bytes(body)
                written.append(p)
        else:
            p = out / f"{stem}.{f}"
            p.write_bytes(data)
            written.append(p)
    return written


def file_stem(doc: Document) -> str:
    """``inventory_2024Q2_zh`` (plus ``_v2`` for a published version)."""
    stem = f"inventory_{doc.meta.get('quarter', 'q')}_{doc.lang}"
    if doc.meta.get("version"):
        stem += f"_v{doc.meta['version']}"
    return stem


# --------------------------------------------------------------------------------------------- publishing


@dataclass(frozen=True)
class PublishedInventory:
    """What :func:`publish` created."""

    inventory_id: str
    version: int
    content_hash: str


def publish(
    db: Path, src: QuerySource, quarter: str, user: auth.User, *, today: dt.date | None = None, now: str | None = None
) -> PublishedInventory:
    """Freeze the quarter's inventory, both languages, charts rendered, as the next version (approvers).

    Only a complete quarter is published: a partial one would read as a fall in complaints.
    """
    if user is None or not auth.can(user.role, "publish"):
        raise lists.NotAllowedError(f"{getattr(user, 'name', '?')} may not publish")
    q = quarters.label(*quarters.parse(quarter))
    si = info.store_info(src, today)
    if not si.is_complete(q):
        raise lists.WorkflowError(f"{q} is not complete (data to {si.data_as_of}); publish it once it is over")
    when = frozen.parse_ts(now) if now else frozen.utc_now()
    at = when.isoformat()
    issued = (when + CHINA_TZ).date()
    docs = {}
    for lang in LANGS:
        d = documents.render_charts(build(src, q, lang, today=today, issued=issued))
        docs[lang] = replace(d, timestamp=at, meta={**d.meta, "version": None}).to_json()
    iid = inventory_id(q)

    def _write(con: duckdb.DuckDBPyConnection) -> PublishedInventory:
        state = sql.run(con, "inventory_state", {"inventory_id": iid}).iloc[0]
        latest = None if pd.isna(state["latest_version"]) else int(state["latest_version"])
        version = (latest or 0) + 1
        supersedes = None if latest is None else {"version": latest, "content_hash": str(state["latest_hash"])}
        for lang in LANGS:
            docs[lang]["meta"]["version"] = version
        rec = frozen.plain(
            {
                "format": FORMAT,
                "inventory_id": iid,
                "version": version,
                "quarter": q,
                "supersedes": supersedes,
                "published_by": user.name,
                "published_at": at,
                "documents": docs,
            }
        )
        h = frozen.content_hash(rec)
        sql.execute(
            con,
            "inventory_version_insert",
            {
                "inventory_id": iid,
                "version": version,
                "quarter": q,
                "supersedes": latest,
                "record": frozen.canonical(rec).decode("utf-8"),
                "content_hash": h,
                "published_by": user.name,
                "published_at": frozen.parse_ts(at),
            },
        )
        sql.execute(
            con,
            "audit_append",
            {
                "user": user.name,
                "action": "inventory_publish",
                "detail": json.dumps({"inventory": iid, "version": version, "hash": h}),
            },
        )
        return PublishedInventory(iid, version, h)

    return store.write_work(db, _write)


def versions(src: QuerySource, quarter: str | None = None) -> pd.DataFrame:
    """Published inventory versions, newest first."""
    df = info.query_if_table(src, "inventory_versions_all", "inventory_versions")
    return df[df["quarter"] == quarter].reset_index(drop=True) if quarter else df


def record(src: QuerySource, inventory: str, version: int) -> tuple[dict[str, Any], str]:
    """A published inventory's frozen record and hash (checked against each other)."""
    from anning.publish import records

    return records.verified(
        src,
        "inventory_version_record",
        {"inventory_id": inventory, "version": int(version)},
        f"version {version} of {inventory}",
    )


def latest_published(src: QuerySource, quarter: str) -> tuple[dict[str, Any], str] | None:
    """The newest published inventory of a quarter, or None."""
    v = versions(src, quarter)
    if v.empty:
        return None
    top = v.sort_values("version").iloc[-1]
    return record(src, str(top["inventory_id"]), int(top["version"]))


# Tables of a published inventory that rank something (the press reads them on the Rankings page).
RANKING_TABLES = ("industries", "operators", "number_ranges", "provinces", "companies")


def published_rankings(src: QuerySource, quarter: str, lang: str) -> tuple[Document, list[documents.Table]] | None:
    """The ranking tables of the newest published inventory of ``quarter``, exactly as published (rebuilt
    from the frozen record, never from the store as it is now), or None when none is published."""
    found = latest_published(src, quarter)
    if found is None:
        return None
    doc = published_document(found[0], found[1], lang)
    return doc, [tb for tb in doc.tables if tb.key in RANKING_TABLES]


def published_quarters(src: QuerySource) -> list[str]:
    """The quarters with a published inventory, newest first."""
    v = versions(src)
    return sorted({str(q) for q in v["quarter"]}, reverse=True) if len(v) else []
