"""Exports of a published exposure list, built from its frozen record alone (never from the data).

* :func:`press_frame`: the companies the list names (included), as press staff publish them;
* :func:`review_frame`: every candidate with its evidence, decision and reason (internal);
* :func:`footnotes`: methodology (the rules), the data-as-of date, the list id and version, who
  prepared and approved it, what it supersedes, and the content hash; on every export;
* :func:`csv_bytes`, :func:`xlsx_bytes`, :func:`png_bytes`: the files. Each is a pure function of
  the record, the hash and the language, with the record's publication time as the file time,
  so re-exporting a version gives the same bytes however much data has been loaded since.
"""

from __future__ import annotations

import html
import math
import textwrap
import unicodedata
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from anning.charts import theme
from anning.core import frozen
from anning.enforcement import exposure
from anning.i18n import t
from anning.publish import exports, images

Record = Mapping[str, Any]


def _rules(rec: Record) -> exposure.Rules:
    return exposure.Rules.from_dict(rec["rules"])


def press_frame(rec: Record, lang: str) -> pd.DataFrame:
    """The named companies: number, name, credit code, industry, complaints, changes, ports shut, grounds."""
    rows = []
    for i, c in enumerate((c for c in rec["candidates"] if c["decision"]["include"]), start=1):
        rows.append(
            {
                t("pub.col.no", lang): i,
                t("pub.col.company", lang): c["name"],
                t("pub.col.company_id", lang): c.get("company_id") or "",
                t("pub.col.industry", lang): exposure.industry_name(c["industry"], lang),
                t("pub.col.complaints", lang): c["complaints"],
                t("rk.col.change_pct", lang): c.get("change_pct"),
                t("rk.col.yoy_pct", lang): c.get("yoy_pct"),
                t("pub.col.ports_shut", lang): c.get("ports_shut", 0),
                t("pub.col.grounds", lang): exposure.rules_text(c.get("rules", []), lang),
            }
        )
    if not rows:
        return pd.DataFrame(
            columns=[
                t(k, lang)
                for k in (
                    "pub.col.no",
                    "pub.col.company",
                    "pub.col.company_id",
                    "pub.col.industry",
                    "pub.col.complaints",
                )
            ]
        )
    return pd.DataFrame(rows)


def review_frame(
    candidates: list[Mapping[str, Any]], decisions: Mapping[str, Mapping[str, Any]] | None, lang: str
) -> pd.DataFrame:
    """Every candidate with its evidence and the decision (``decisions`` by key, else each one's own)."""
    rows = []
    for c in candidates:
        d = (decisions or {}).get(c["key"]) or c.get("decision") or {"include": True, "reason": "", "note": ""}
        rows.append(
            {
                t("pub.col.include", lang): bool(d["include"]),
                t("pub.col.reason", lang): t(f"pub.reason.{d['reason']}", lang) if d.get("reason") else None,
                t("pub.col.note", lang): d.get("note", ""),
                t("pub.col.company", lang): c["name"],
                t("pub.col.industry", lang): exposure.industry_name(c["industry"], lang),
                t("pub.col.complaints", lang): c["complaints"],
                t("rk.col.change_pct", lang): c.get("change_pct"),
                t("rk.col.yoy_pct", lang): c.get("yoy_pct"),
                t("pub.col.grounds", lang): exposure.rules_text(c.get("rules", []), lang),
                t("pub.col.ports_shut", lang): c.get("ports_shut"),
                t("pub.col.fined", lang): c.get("fined_yuan"),
                t("pub.col.enforcement", lang): exposure.history_text(c.get("enforcement", []), lang),
                t("pub.col.earlier", lang): exposure.listings_text(c.get("earlier_listings", []), lang),
                t("pub.col.industry_rank", lang): c.get("industry_rank"),
                t("pub.col.industry_share", lang): c.get("industry_share"),
                t("pub.col.streak", lang): c.get("streak"),
                t("rk.col.previous_complaints", lang): c.get("previous_complaints"),
                t("rk.col.yoy_complaints", lang): c.get("yoy_complaints"),
                t("pub.col.company_id", lang): c.get("company_id") or "",
                t("pub.col.key", lang): c["key"],
            }
        )
    return pd.DataFrame(rows)


def versions_frame(versions: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Published versions (``lists.versions``) as the page lists them, headers translated."""
    return pd.DataFrame(
        {
            t("pub.vcol.list_id", lang): versions["list_id"].astype(str),
            t("pub.vcol.version", lang): versions["version"].astype("Int64"),
            t("pub.vcol.quarter", lang): versions["quarter"].astype(str),
            t("pub.vcol.included", lang): versions["included"].astype("Int64"),
            t("pub.vcol.status", lang): [
                t("pub.vstatus.superseded", lang, version=int(s)) if pd.notna(s) else t("pub.vstatus.current", lang)
                for s in versions["superseded_by"]
            ],
            t("pub.vcol.supersedes", lang): ["" if pd.isna(v) else f"v{int(v)}" for v in versions["supersedes"]],
            t("pub.vcol.prepared_by", lang): versions["prepared_by"].astype(str),
            t("pub.vcol.approved_by", lang): versions["approved_by"].astype(str),
            t("pub.vcol.published_at", lang): versions["published_at"].astype(str),
            t("pub.vcol.hash", lang): versions["content_hash"].astype(str),
        }
    )


def version_label(rec: Record, lang: str) -> str:
    """``EXP-2024Q2 version 2``."""
    return t("pub.version_label", lang, list_id=rec["list_id"], version=rec["version"])


def footnotes(rec: Record, h: str, lang: str) -> list[str]:
    """The footnote printed on every export of a published version."""
    ctx = rec.get("context") or {}
    sep = "" if lang == "zh" else " "  # Chinese sentences run on without spaces
    lines = [t("pub.list_title", lang, quarter=rec["quarter"]) + " — " + version_label(rec, lang)]
    lines.append(t("pub.foot.method", lang) + sep + sep.join(exposure.rules_summary(_rules(rec), lang)))
    lines.append(t("pub.foot.as_of", lang, as_of=ctx.get("data_as_of") or "–"))
    lines.append(
        t(
            "pub.foot.people",
            lang,
            prepared=rec["prepared_by"],
            approved=rec["approved_by"],
            published=rec["published_by"],
            at=rec["published_at"],
        )
    )
    if rec.get("supersedes"):
        lines.append(
            t("pub.supersedes_line", lang, version=rec["supersedes"]["version"], hash=rec["supersedes"]["content_hash"])
        )
        if rec.get("correction_note"):
            lines.append(t("pub.foot.correction", lang, note=rec["correction_note"]))
    lines.append(t("pub.hash_line", lang, hash=h))
    return lines


def _demo(rec: Record) -> bool:
    return bool((rec.get("context") or {}).get("demo"))


def file_name(rec: Record, lang: str, ext: str, *, full: bool = False) -> str:
    """``EXP-2024Q2_v2_zh.xlsx`` (``_review`` for the internal full record)."""
    return f"{rec['list_id']}_v{rec['version']}_{lang}{'_review' if full else ''}.{ext}"


def csv_bytes(rec: Record, h: str, lang: str) -> bytes:
    """The named companies as CSV, footnote lines after the table."""
    return exports.csv_bytes(press_frame(rec, lang), demo=_demo(rec), lang=lang, notes=footnotes(rec, h, lang))


def xlsx_bytes(rec: Record, h: str, lang: str, *, full: bool = False) -> bytes:
    """The named companies (and, ``full``, every candidate with its decision) with a notes sheet."""
    sheets = {t("pub.sheet.list", lang): press_frame(rec, lang)}
    if full:
        sheets[t("pub.sheet.review", lang)] = review_frame(list(rec["candidates"]), None, lang)
    return exports.xlsx_bytes(
        sheets,
        demo=_demo(rec),
        lang=lang,
        notes=footnotes(rec, h, lang),
        notes_title=t("pub.doc.notes", lang),
        timestamp=frozen.parse_ts(rec["published_at"]),
    )


def png_figure(rec: Record, h: str, lang: str) -> tuple[go.Figure, int, int]:
    """The press table as a Plotly table figure with title, watermark and footnote; with its size."""
    df = press_frame(rec, lang)
    keep = [c for c in df.columns if c != t("pub.col.grounds", lang)]
    df = df[keep]
    values = []
    for c in df.columns:
        col = df[c]
        if pd.api.types.is_float_dtype(col) or c in (t("rk.col.change_pct", lang), t("rk.col.yoy_pct", lang)):
            values.append(["" if v is None or pd.isna(v) else f"{float(v):+.1f}%" for v in col])
        elif pd.api.types.is_integer_dtype(col) or c == t("pub.col.complaints", lang):
            values.append(["" if v is None or pd.isna(v) else f"{int(v):,}" for v in col])
        else:
            values.append([html.escape(str(v)) for v in col])
    notes = footnotes(rec, h, lang)
    if _demo(rec):
        notes = [t("watermark.demo", lang), *notes]
    rows = max(len(df), 1)
    row_h = 26
    # Layout in pixels: title margin, the table, then the footnote lines. A static image has no scroll bar, so
    # the table gets room for every row, wrapped text included (a short table would hide companies).
    margin_top, margin_bottom = 60, 10
    width = 1100
    foot_h = 16 * sum(len(_wrap(n, 150 if lang == "en" else 80).split("<br>")) for n in notes) + 20
    widths = [0.4, 2.2, 1.7, 2.0, 0.8, 0.7, 0.7, 0.7][: len(df.columns)]
    table_h = 40 + sum(_row_heights(values, widths, width - 20)) + 2 * rows
    plot_h = table_h + foot_h
    height = margin_top + margin_bottom + plot_h
    fig = go.Figure(
        go.Table(
            columnwidth=widths,
            header={
                "values": [f"<b>{c}</b>" for c in df.columns],
                "fill_color": "#1f4e79",
                "font": {"color": "white", "size": 12, "family": theme.FONT_FAMILY},
                "align": "left",
                "height": 28,
            },
            cells={
                "values": values,
                "align": ["right", "left", "left", "left", "right", "right", "right", "right"],
                "font": {"size": 11, "family": theme.FONT_FAMILY},
                "height": row_h,
                "fill_color": [["#f4f6f8" if i % 2 else "white" for i in range(rows)]],
            },
            domain={"y": [foot_h / plot_h, 1]},
        )
    )
    title = t("pub.list_title", lang, quarter=rec["quarter"]) + " · " + version_label(rec, lang)
    fig.update_layout(
        title={"text": title, "x": 0.01, "font": {"size": 18}},
        width=width,
        height=height,
        margin={"l": 10, "r": 10, "t": margin_top, "b": margin_bottom},
        font={"family": theme.FONT_FAMILY},
    )
    text = "<br>".join(_wrap(n, 150 if lang == "en" else 80) for n in notes)
    fig.add_annotation(
        text=text,
        x=0,
        y=0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        align="left",
        font={"size": 10, "color": "#444"},
    )
    if _demo(rec):
        fig.add_annotation(
            text=t("watermark.demo", lang),
            x=0.5,
            y=0.55,
            xref="paper",
            yref="paper",
            showarrow=False,
            textangle=-20,
            font={"size": 40, "color": "rgba(192,57,43,0.15)"},
        )
    return fig, width, height


def _wrap(line: str, n: int) -> str:
    """A footnote line broken into lines of at most ``n`` characters (at spaces where there are any)."""
    parts = textwrap.wrap(line, n, break_long_words=True, break_on_hyphens=False) or [""]
    return "<br>".join(html.escape(p) for p in parts)


def _units(text: str) -> int:
    """Width of text in half-width units (a Chinese character is two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _row_heights(values: list[list[str]], widths: list[float], total_px: int) -> list[int]:
    """Pixel height per table row, allowing for text that wraps in a narrow column (Plotly grows such
    rows, and a static image must have room for all of them)."""
    scale = total_px / sum(widths)
    capacity = [max(1, int(w * scale / 6.3) - 2) for w in widths]  # half-width units per line at 11 px
    out = []
    for r in range(len(values[0]) if values else 0):
        lines = max(
            math.ceil(_units(str(col[r])) / cap) if col[r] else 1 for col, cap in zip(values, capacity, strict=True)
        )
        out.append(8 + 18 * lines)
    return out


def png_bytes(rec: Record, h: str, lang: str) -> bytes:
    """The press table as a PNG image (kaleido)."""
    fig, width, height = png_figure(rec, h, lang)
    return images.png(fig, width=width, height=height, scale=1.5)
