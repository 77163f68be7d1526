"""The quarterly complaint inventory (垃圾信息投诉情况盘点) as a document, and its publication.

:func:`build` reads the store for one quarter and language and returns a
:class:`anning.publish.documents.Document` with nine sections:

1. headline figures: SMS and call complaints with QoQ and YoY change, the overview's headline
   sentences (:mod:`anning.analysis.headlines` through :func:`anning.analysis.overview.build`) and the trend;
2. the category split (commercial marketing, harassment, suspected fraud);
3. the industry ranking with shares and changes (:func:`anning.analysis.rankings.rank`);
4. operators: each basic operator's share and the MVNO resellers' together, with complaints
   per million subscribers;
5. the most-reported number ranges;
6. the top provinces and the province map (:mod:`anning.analysis.provinces`);
7. typical companies: the quarter's published exposure list (:mod:`anning.publish.lists`);
8. enforcement: ports, numbers and lines shut; companies notified, interviewed, fined…;
9. methodology and caveats, with the data-as-of date.

Charts are Plotly figures (:class:`anning.publish.documents.Chart`) until :func:`anning.publish.documents.render_charts`
turns them into PNGs. Publishing (:func:`publish`, approvers) freezes the rendered document in both
languages; the Inventory page shows press users only that frozen version, and every export of it
is rebuilt from the record alone (:func:`published_document`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from anning.analysis import headlines, overview, provinces, rankings
from anning.charts import inventory as charts
from anning.core import auth, fmt, frozen, quarters
from anning.enforcement import actions as enforcement
from anning.i18n import t, terms
from anning.publish import documents, lists
from anning.publish.documents import Bullets, Chart, Document, Paragraph, Section, Table
from anning.store import db as store
from anning.store import info, sql
from anning.store.info import QuerySource

PREFIX = "INV"
FORMAT = "anning.inventory/1"
LANGS = ("zh", "en")
TOP = 10
CATEGORIES = terms.CATEGORIES


def inventory_id(quarter: str) -> str:
    """The id of a quarter's inventory (versions of it are published)."""
    return f"{PREFIX}-{quarters.label(*quarters.parse(quarter))}"


def _pct_change(cur: float, base: float | None) -> float | None:
    if base is None or not base:
        return None
    return round((cur - base) / base * 100.0, 1)


def _q(q: str, lang: str) -> str:
    return headlines.quarter_text(q, lang)


# --------------------------------------------------------------------------------------------- sections


def _headline(ov: overview.Overview, lang: str) -> Section:
    rows = []
    for key in ("sms", "call", "total"):
        k = ov.kpi(key)
        rows.append(
            {
                t("pub.inv.col_channel", lang): terms.channel(key, lang)
                if key in terms.CHANNELS
                else t("pub.inv.kpi.total", lang),
                t("rk.col.complaints", lang): int(k.value),
                t("pub.inv.col_previous", lang, quarter=ov.previous_quarter): None
                if k.previous is None
                else int(k.previous),
                t("rk.col.change_pct", lang): None if k.qoq is None else round(k.qoq * 100, 1),
                t("pub.inv.col_year_ago", lang, quarter=ov.year_ago_quarter): None
                if k.year_ago is None
                else int(k.year_ago),
                t("rk.col.yoy_pct", lang): None if k.yoy is None else round(k.yoy * 100, 1),
            }
        )
    blocks: list[Any] = [Paragraph(s, "lead" if i == 0 else "body") for i, s in enumerate(ov.headlines)]
    if not ov.complete:
        blocks.append(Paragraph(t("pub.inv.partial", lang, quarter=ov.quarter, as_of=str(ov.data_as_of)), "note"))
    blocks.append(Table("headline", t("pub.inv.tab_headline", lang), pd.DataFrame(rows)))
    trend = ov.trend.assign(quarter=ov.trend["quarter"].astype(str))
    blocks.append(
        Chart("trend", t("pub.inv.fig_trend", lang), charts.trend(trend, lang, quarter=ov.quarter), height=330)
    )
    return Section("headline", t("pub.inv.s1", lang), tuple(blocks))


def _categories(src: QuerySource, q: str, lang: str) -> Section:
    prev = quarters.previous(q)
    raw = src.query("inventory_categories", {"quarter": q, "prev_quarter": prev, "yoy_quarter": quarters.year_ago(q)})
    cur = raw[raw["quarter"] == q]
    rows, chart_rows, sentences = [], [], []
    for ch in ("sms", "call"):
        c = cur[cur["channel"] == ch]
        total = float(c["complaints"].sum())
        parts = []
        for cat in CATEGORIES:
            n = int(c.loc[c["category"] == cat, "complaints"].sum())
            if cat == "unknown" and n == 0:
                continue
            p = int(
                raw.loc[
                    (raw["quarter"] == prev) & (raw["channel"] == ch) & (raw["category"] == cat), "complaints"
                ].sum()
            )
            share = round(n / total * 100.0, 1) if total else None
            rows.append(
                {
                    t("pub.inv.col_channel", lang): terms.channel(ch, lang),
                    t("rk.category", lang): terms.category(cat, lang),
                    t("rk.col.complaints", lang): n,
                    t("rk.col.share", lang): share,
                    t("rk.col.change_pct", lang): _pct_change(n, p),
                }
            )
            chart_rows.append({"channel": ch, "category": cat, "share": share or 0.0})
            if cat != "unknown":
                parts.append(
                    t(
                        "pub.inv.cat_part",
                        lang,
                        category=terms.category(cat, lang),
                        share=fmt.pct((share or 0) / 100.0, lang),
                    )
                )
        if total:
            sentences.append(
                t(
                    "pub.inv.cat_sentence",
                    lang,
                    channel=terms.channel(ch, lang),
                    parts=t("pub.list_sep", lang).join(parts),
                )
            )
    blocks: list[Any] = [Paragraph(s) for s in sentences]
    blocks.append(Table("categories", t("pub.inv.tab_categories", lang), pd.DataFrame(rows)))
    blocks.append(
        Chart(
            "categories",
            t("pub.inv.fig_categories", lang),
            charts.categories(pd.DataFrame(chart_rows), lang),
            height=240,
        )
    )
    return Section("categories", t("pub.inv.s2", lang), tuple(blocks))


def _ranking_table(df: pd.DataFrame, by: str, lang: str, extra: Sequence[str] = ()) -> pd.DataFrame:
    out = pd.DataFrame(
        {
            t("rk.col.rank", lang): df["rank"].astype("Int64"),
            rankings.column_label("name", by, lang): df["name"].astype(str),
            t("rk.col.complaints", lang): df["complaints"].astype("int64"),
            t("rk.col.share", lang): (df["share"].astype(float) * 100).round(1),
            t("rk.col.change_pct", lang): df["change_pct"].astype(float).round(1),
            t("rk.col.yoy_pct", lang): df["yoy_pct"].astype(float).round(1),
        }
    )
    for col in extra:
        out[rankings.column_label(col, by, lang)] = df[col]
    return out


def _industries(src: QuerySource, q: str, lang: str) -> Section:
    df = rankings.rank(src, rankings.RankSpec("industry", q, top=TOP, min_volume=1), lang).table
    blocks: list[Any] = []
    if df.empty:
        blocks.append(Paragraph(t("pub.inv.none", lang)))
    else:
        top = df.iloc[0]
        blocks.append(
            Paragraph(
                t(
                    "pub.inv.industry_sentence",
                    lang,
                    name=top["name"],
                    share=fmt.pct(float(top["share"]), lang),
                    names=t("pub.list_sep", lang).join(df["name"].astype(str).head(3)),
                )
            )
        )
        blocks.append(Table("industries", t("pub.inv.tab_industries", lang), _ranking_table(df, "industry", lang)))
        blocks.append(
            Chart(
                "industries",
                t("pub.inv.fig_industries", lang),
                charts.shares(list(df["name"].astype(str)), list((df["share"] * 100).round(1)), lang),
                height=max(220, 60 + 28 * len(df)),
            )
        )
    blocks.append(
        Paragraph(" ".join(rankings.methodology(rankings.RankSpec("industry", q, min_volume=1), lang)[:3]), "note")
    )
    return Section("industries", t("pub.inv.s3", lang), tuple(blocks))


def operator_table(src: QuerySource, q: str, lang: str) -> pd.DataFrame:
    """Each basic operator and the MVNO resellers together: complaints, share, changes, rate per million."""
    ranking = rankings.rank(src, rankings.RankSpec("operator", q, min_volume=0), lang)
    df = ranking.table
    if df.empty:
        return pd.DataFrame()
    total = float(ranking.total or df["complaints"].sum())
    basic = df[df["kind"] == "basic"]
    mvno = df[df["kind"] == "mvno"]
    rows = []
    for r in basic.itertuples():
        rows.append(
            (
                str(r.name),
                terms.operator_kind("basic", lang),
                int(r.complaints),
                _num(r.previous_complaints),
                _num(r.yoy_complaints),
                _num(r.subscribers),
            )
        )
    if len(mvno):
        subs = mvno["subscribers"].dropna()
        rows.append(
            (
                t("pub.inv.mvno_all", lang, n=len(mvno)),
                terms.operator_kind("mvno", lang),
                int(mvno["complaints"].sum()),
                _sum(mvno["previous_complaints"]),
                _sum(mvno["yoy_complaints"]),
                int(subs.sum()) if len(subs) else None,
            )
        )
    out = []
    for name, kind, n, prev, yoy, subs in rows:
        out.append(
            {
                t("rk.name.operator", lang): name,
                t("rk.col.kind", lang): kind,
                t("rk.col.complaints", lang): n,
                t("rk.col.share", lang): round(n / total * 100.0, 1) if total else None,
                t("rk.col.change_pct", lang): _pct_change(n, prev),
                t("rk.col.yoy_pct", lang): _pct_change(n, yoy),
                terms.rate("subscribers", lang): round(n / subs * 1e6, 2) if subs else None,
            }
        )
    return pd.DataFrame(out)


def _num(v: Any) -> int | None:
    return None if v is None or pd.isna(v) else int(v)


def _sum(s: pd.Series) -> int | None:
    s = s.dropna()
    return int(s.sum()) if len(s) else None


def _operators(src: QuerySource, q: str, lang: str) -> Section:
    table = operator_table(src, q, lang)
    blocks: list[Any] = []
    if table.empty:
        blocks.append(Paragraph(t("pub.inv.none", lang)))
    else:
        share_col, name_col = t("rk.col.share", lang), t("rk.name.operator", lang)
        lead = table.sort_values(share_col, ascending=False).iloc[0]
        mv = table[table[t("rk.col.kind", lang)] == terms.operator_kind("mvno", lang)]
        blocks.append(
            Paragraph(
                t(
                    "pub.inv.operator_sentence",
                    lang,
                    name=lead[name_col],
                    share=fmt.pct(float(lead[share_col]) / 100, lang),
                    mvno=fmt.pct(float(mv[share_col].iloc[0]) / 100 if len(mv) else 0.0, lang),
                )
            )
        )
        blocks.append(
            Table("operators", t("pub.inv.tab_operators", lang), table, decimals={terms.rate("subscribers", lang): 2})
        )
        blocks.append(
            Chart(
                "operators",
                t("pub.inv.fig_operators", lang),
                charts.shares(list(table[name_col]), list(table[share_col].fillna(0)), lang, color="#d9822b"),
                height=max(220, 60 + 28 * len(table)),
            )
        )
        blocks.append(Paragraph(t("rk.method.rate", lang), "note"))
    return Section("operators", t("pub.inv.s4", lang), tuple(blocks))


def _number_ranges(src: QuerySource, q: str, lang: str) -> Section:
    df = rankings.rank(src, rankings.RankSpec("number_range", q, top=TOP, min_volume=1), lang).table
    blocks: list[Any] = []
    if df.empty:
        blocks.append(Paragraph(t("pub.inv.none", lang)))
    else:
        blocks.append(
            Paragraph(
                t(
                    "pub.inv.range_sentence",
                    lang,
                    names=t("pub.list_sep", lang).join(
                        f"{n}（{fmt.pct(float(s), lang)}）" if lang == "zh" else f"{n} ({fmt.pct(float(s), lang)})"
                        for n, s in zip(df["name"].head(3), df["share"].head(3), strict=True)
                    ),
                )
            )
        )
        blocks.append(Table("number_ranges", t("pub.inv.tab_ranges", lang), _ranking_table(df, "number_range", lang)))
    return Section("number_ranges", t("pub.inv.s5", lang), tuple(blocks))


def _provinces(src: QuerySource, q: str, lang: str) -> Section:
    view = provinces.view(src, q)
    ranked = view.table[view.table["has_data"]].head(TOP)
    blocks: list[Any] = []
    if ranked.empty:
        blocks.append(Paragraph(t("pub.inv.none", lang)))
        return Section("provinces", t("pub.inv.s6", lang), tuple(blocks))
    names = [provinces.province_name(r, lang) for r in ranked.itertuples()]
    blocks.append(
        Paragraph(
            t(
                "pub.inv.province_sentence",
                lang,
                names=t("pub.list_sep", lang).join(names[:5]),
                share=fmt.pct(float(ranked["share"].head(5).sum()), lang),
            )
        )
    )
    table = pd.DataFrame(
        {
            t("map.col_rank", lang): ranked["rank"].astype("Int64"),
            t("map.col_province", lang): names,
            t("map.col_complaints", lang): ranked["complaints"].astype("int64"),
            t("rk.col.share", lang): (ranked["share"] * 100).round(1),
            terms.rate("residents", lang): ranked["rate"].round(2),
        }
    )
    blocks.append(
        Table("provinces", t("pub.inv.tab_provinces", lang), table, decimals={terms.rate("residents", lang): 2})
    )
    blocks.append(Chart("map", t("pub.inv.fig_map", lang), charts.province_map(view, lang), height=560))
    notes = []
    if not view.no_data.empty:
        notes.append(t("map.no_data_note", lang, names=provinces.no_data_names(view, lang)))
    if view.unlocated:
        notes.append(
            t(
                "map.unlocated",
                lang,
                n=fmt.count(view.unlocated, lang),
                quarter=q,
                share=fmt.pct(view.unlocated / view.quarter_total if view.quarter_total else 0.0, lang),
            )
        )
    blocks.extend(Paragraph(n, "note") for n in notes)
    return Section("provinces", t("pub.inv.s6", lang), tuple(blocks))


def _companies(src: QuerySource, q: str, lang: str) -> Section:
    found = lists.current_version(src, q)
    if found is None:
        return Section("companies", t("pub.inv.s7", lang), (Paragraph(t("pub.inv.no_list", lang, quarter=q)),))
    rec, h = found
    from anning.publish import list_exports

    # The bulletin's table: fewer columns than the list's own export (credit codes and YoY are there).
    table = list_exports.press_frame(rec, lang)
    table = table.drop(
        columns=[c for c in (t("pub.col.company_id", lang), t("rk.col.yoy_pct", lang)) if c in table.columns]
    )
    blocks = (
        Paragraph(
            t(
                "pub.inv.list_sentence",
                lang,
                n=len(table),
                list_id=rec["list_id"],
                version=rec["version"],
                approved_by=rec["approved_by"],
                published=str(rec["published_at"])[:10],
            )
        ),
        Table("companies", t("pub.inv.tab_companies", lang), table),
        Paragraph(t("pub.hash_line", lang, hash=h), "note"),
    )
    return Section("companies", t("pub.inv.s7", lang), blocks)


def _enforcement(src: QuerySource, q: str, lang: str, ov: overview.Overview) -> Section:
    rows = []
    for key in ("ports", "numbers"):
        k = ov.kpi(key)
        rows.append(
            {
                t("pub.inv.col_measure", lang): t(f"pub.inv.kpi.{key}", lang),
                t("pub.inv.col_count", lang): int(k.value),
                t("rk.col.change_pct", lang): None if k.qoq is None else round(k.qoq * 100, 1),
                t("rk.col.yoy_pct", lang): None if k.yoy is None else round(k.yoy * 100, 1),
            }
        )
    acts = enforcement.actions(src)
    matrix = enforcement.action_matrix(acts, q, lang)
    in_q = acts[acts["quarter"] == q]
    named = in_q[in_q["action"].isin(("notice", "interview", "fine"))]
    companies = int(named["target_key"].nunique())
    blocks = (
        Paragraph(
            t(
                "pub.inv.enf_sentence",
                lang,
                ports=fmt.count(ov.kpi("ports").value, lang),
                numbers=fmt.count(ov.kpi("numbers").value, lang),
                actions=fmt.count(len(named), lang),
                companies=fmt.count(companies, lang),
                fines=fmt.yuan(ov.kpi("fines").value, lang),
            )
        ),
        Table("takedowns", t("pub.inv.tab_takedowns", lang), pd.DataFrame(rows)),
        Table("actions", t("pub.inv.tab_actions", lang), matrix),
    )
    return Section("enforcement", t("pub.inv.s8", lang), blocks)


def _methodology(q: str, lang: str, as_of: dt.date | None, demo: bool) -> Section:
    items = [t(f"pub.inv.method.{k}", lang) for k in ("unverified", "attribution", "ties", "thresholds", "changes")]
    items.append(t("pub.inv.method.as_of", lang, as_of=str(as_of or "–"), quarter=q))
    if demo:
        items.append(t("banner.demo", lang))
    return Section("methodology", t("pub.inv.s9", lang), (Bullets(tuple(items)),))


def build(src: QuerySource, quarter: str, lang: str, *, today: dt.date | None = None) -> Document:
    """The inventory for ``quarter`` in ``lang`` (charts still as figures; see the module docstring)."""
    q = quarters.label(*quarters.parse(quarter))
    si = info.store_info(src, today)
    if q not in si.quarters:
        raise ValueError(f"no complaints loaded for {q}")
    ov = overview.build(src, q, lang, today=today)
    sections = (
        _headline(ov, lang),
        _categories(src, q, lang),
        _industries(src, q, lang),
        _operators(src, q, lang),
        _number_ranges(src, q, lang),
        _provinces(src, q, lang),
        _companies(src, q, lang),
        _enforcement(src, q, lang, ov),
        _methodology(q, lang, si.data_as_of, si.demo),
    )
    as_of = si.data_as_of
    # An unpublished inventory carries the data-as-of date as its time, so building it twice from the
    # same data gives the same files; a published one carries its publication time.
    stamp = dt.datetime.combine(as_of, dt.time()) if as_of else dt.datetime(2000, 1, 1)
    sections = _numbered(sections, lang)
    footnotes = (t("pub.inv.foot_as_of", lang, as_of=str(as_of or "–")), t("pub.inv.foot_method", lang))
    return Document(
        title=t("pub.inv.title", lang, quarter=_q(q, lang)),
        subtitle=t("pub.inv.subtitle", lang, as_of=str(as_of or "–")),
        lang=lang,
        demo=si.demo,
        timestamp=stamp.isoformat(),
        sections=sections,
        footnotes=footnotes,
        meta={"quarter": q, "data_as_of": str(as_of) if as_of else None, "complete": ov.complete},
    )


def _numbered(sections: Sequence[Section], lang: str) -> tuple[Section, ...]:
    """Number tables and figures in order (``Table 3.`` / ``表3``), so a missing section leaves no gap."""
    from dataclasses import replace

    n_table = n_fig = 0
    out = []
    for s in sections:
        blocks = []
        for b in s.blocks:
            if isinstance(b, Table):
                n_table += 1
                b = replace(b, title=t("pub.inv.table_no", lang, n=n_table, title=b.title))
            elif isinstance(b, Chart):
                n_fig += 1
                b = replace(b, title=t("pub.inv.figure_no", lang, n=n_fig, title=b.title))
            blocks.append(b)
        out.append(replace(s, blocks=tuple(blocks)))
    return tuple(out)


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
    label = t("pub.inv.version_label", d.lang, id=rec["inventory_id"], version=rec["version"])
    lines = [
        t(
            "pub.inv.published_line",
            d.lang,
            id=rec["inventory_id"],
            version=rec["version"],
            by=rec["published_by"],
            at=rec["published_at"],
        )
    ]
    if rec.get("supersedes"):
        lines.append(
            t(
                "pub.supersedes_line",
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
    at = (frozen.parse_ts(now) if now else frozen.utc_now()).isoformat()
    docs = {}
    for lang in LANGS:
        d = documents.render_charts(build(src, q, lang, today=today))
        docs[lang] = Document(
            d.title, d.subtitle, d.lang, d.demo, at, d.sections, d.footnotes, {**d.meta, "version": None}
        ).to_json()
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
