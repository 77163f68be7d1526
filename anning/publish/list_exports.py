"""Exports of a published exposure list, built from its frozen record alone (never from the data).

* :func:`press_frame`: the companies the list names (included), as press staff publish them: complaints,
  share of the industry and the changes, the grounds (each literally true of the company), the measure
  taken (date, deciding authority as named on that date, amount) and the port company used;
* :func:`review_rows` / :func:`review_frame`: every candidate with its evidence, decision and reason
  (internal), keyed by codes for the data editor, or with translated headers for a file;
* :func:`unidentified_frame`: the candidates held back because they have no valid credit code, with why;
* :func:`footnotes`: what every published file prints: methodology (the rules), the grounds and measure
  notes, the data-as-of date, the version and publication date, what it supersedes, and the content hash.
  No internal id and no username: those are in :func:`internal_footnotes`, for the internal full record;
* :func:`csv_bytes`, :func:`xlsx_bytes`, :func:`png_bytes`, :func:`pdf_bytes` (the one-page press sheet):
  each a pure function of the record, the hash and the language, with the record's publication time as
  the file time, so re-exporting a version gives the same bytes however much data has been loaded since.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from anning.core import fmt, frozen
from anning.core.escape import html_text
from anning.enforcement import exposure
from anning.i18n import t
from anning.publish import exports

Record = Mapping[str, Any]

# The columns of the press table, as translation keys, in order.
PRESS_COLUMNS = (
    "pub.col.no",
    "pub.col.company",
    "pub.col.company_id",
    "pub.col.industry",
    "pub.col.complaints",
    "pub.col.industry_share",
    "rk.col.change_pct",
    "rk.col.yoy_pct",
    "pub.col.grounds",
    "pub.col.measure",
    "pub.col.port_company",
)
# The review table's columns (codes; the data editor shows t(REVIEW_HEADERS[code])).
REVIEW_HEADERS = {
    "include": "pub.col.include",
    "reason": "pub.col.reason",
    "note": "pub.col.note",
    "name": "pub.col.company",
    "industry": "pub.col.industry",
    "complaints": "pub.col.complaints",
    "change_pct": "rk.col.change_pct",
    "yoy_pct": "rk.col.yoy_pct",
    "grounds": "pub.col.grounds",
    "measure": "pub.col.measure",
    "port_company": "pub.col.port_company",
    "ports_shut": "pub.col.ports_shut",
    "fined_yuan": "pub.col.fined",
    "enforcement": "pub.col.enforcement",
    "earlier": "pub.col.earlier",
    "industry_rank": "pub.col.industry_rank",
    "industry_share": "pub.col.industry_share",
    "share": "pub.col.share",
    "streak": "pub.col.streak",
    "previous_complaints": "rk.col.previous_complaints",
    "yoy_complaints": "rk.col.yoy_complaints",
    "company_id": "pub.col.company_id",
    "key": "pub.col.key",
}


def _rules(rec: Record) -> exposure.Rules:
    return exposure.Rules.from_dict(rec["rules"])


def press_frame(rec: Record, lang: str) -> pd.DataFrame:
    """The named companies (see the module docstring), headers in ``lang``."""
    rules, q = _rules(rec), str(rec["quarter"])
    rows = []
    for i, c in enumerate((c for c in rec["candidates"] if c["decision"]["include"]), start=1):
        values = (
            i,
            c["name"],
            c.get("company_id") or "",
            exposure.industry_name(c["industry"], lang),
            c["complaints"],
            c.get("industry_share"),
            c.get("change_pct"),
            c.get("yoy_pct"),
            exposure.grounds_text(c, rules, lang),
            exposure.measure_text(c, q, lang),
            c.get("port_company") or "–",
        )
        rows.append({t(k, lang): v for k, v in zip(PRESS_COLUMNS, values, strict=True)})
    return pd.DataFrame(rows, columns=[t(k, lang) for k in PRESS_COLUMNS])


def review_rows(
    candidates: list[Mapping[str, Any]],
    decisions: Mapping[str, Mapping[str, Any]] | None,
    rules: exposure.Rules,
    quarter: str,
    lang: str,
) -> pd.DataFrame:
    """Every candidate with its evidence and decision (``decisions`` by key, else each one's own), keyed by
    the codes of :data:`REVIEW_HEADERS`. ``reason`` holds the reason code (None when included): the page
    shows it through the column's labels and reads it back as a code."""
    rows = []
    for c in candidates:
        d = (decisions or {}).get(c["key"]) or c.get("decision") or {"include": True, "reason": "", "note": ""}
        rows.append(
            {
                "include": bool(d["include"]),
                "reason": str(d.get("reason") or "") or None,
                "note": d.get("note", ""),
                "name": c["name"],
                "industry": exposure.industry_name(c["industry"], lang),
                "complaints": c["complaints"],
                "change_pct": c.get("change_pct"),
                "yoy_pct": c.get("yoy_pct"),
                "grounds": exposure.grounds_text(c, rules, lang),
                "measure": exposure.measure_text(c, quarter, lang),
                "port_company": c.get("port_company") or "",
                "ports_shut": c.get("ports_shut"),
                "fined_yuan": c.get("fined_yuan"),
                "enforcement": exposure.history_text(c.get("enforcement", []), lang),
                "earlier": exposure.listings_text(c.get("earlier_listings", []), lang),
                "industry_rank": c.get("industry_rank"),
                "industry_share": c.get("industry_share"),
                "share": c.get("share"),
                "streak": c.get("streak"),
                "previous_complaints": c.get("previous_complaints"),
                "yoy_complaints": c.get("yoy_complaints"),
                "company_id": c.get("company_id") or "",
                "key": c["key"],
            }
        )
    return pd.DataFrame(rows, columns=list(REVIEW_HEADERS))


def review_frame(
    candidates: list[Mapping[str, Any]],
    decisions: Mapping[str, Mapping[str, Any]] | None,
    rules: exposure.Rules,
    quarter: str,
    lang: str,
) -> pd.DataFrame:
    """:func:`review_rows` for a file: the reason in words and the headers translated."""
    df = review_rows(candidates, decisions, rules, quarter, lang)
    df["reason"] = [t(f"pub.reason.{r}", lang) if isinstance(r, str) and r else None for r in df["reason"]]
    return df.rename(columns={k: t(v, lang) for k, v in REVIEW_HEADERS.items()})


def unidentified_frame(items: list[Mapping[str, Any]], lang: str) -> pd.DataFrame:
    """Candidates held back for identification: name, recorded code, industry, complaints, why."""
    cols = ("pub.col.company", "pub.col.company_id", "pub.col.industry", "pub.col.complaints", "pub.col.id_problem")
    rows = [
        (
            c["name"],
            c.get("company_id") or "",
            exposure.industry_name(c["industry"], lang),
            c["complaints"],
            exposure.id_problem_text(c.get("id_problem"), lang),
        )
        for c in items
    ]
    return pd.DataFrame(rows, columns=[t(k, lang) for k in cols])


def unidentified(rec: Record) -> list[dict[str, Any]]:
    """The record's "needs identification" bucket (older records have none)."""
    return list((rec.get("context") or {}).get("unidentified") or [])


def versions_frame(versions: pd.DataFrame, lang: str, *, internal: bool = True) -> pd.DataFrame:
    """Published versions (``lists.versions``) as the page lists them, headers translated. Without
    ``internal`` (press staff) the list id and the usernames are left out."""
    df = pd.DataFrame(
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
    if internal:
        return df
    keep = ("pub.vcol.quarter", "pub.vcol.version", "pub.vcol.included", "pub.vcol.status", "pub.vcol.supersedes")
    return df[[t(k, lang) for k in keep] + [t("pub.vcol.published_at", lang)]]


def version_label(rec: Record, lang: str) -> str:
    """``EXP-2024Q2 version 2`` (internal: the list id is not printed on anything published)."""
    return t("pub.version_label", lang, list_id=rec["list_id"], version=rec["version"])


def title(rec: Record, lang: str) -> str:
    """The published title: ``2024年第二季度垃圾信息投诉问题突出企业名单（第2版）``, no internal id."""
    head = t("pub.list_title", lang, quarter=exposure.quarter_words(str(rec["quarter"]), lang))
    return head + t("pub.paren", lang, text=t("pub.version_public", lang, version=rec["version"]))


def footnotes(rec: Record, h: str, lang: str) -> list[str]:
    """The footnote printed on every published export (no internal id, no username)."""
    ctx = rec.get("context") or {}
    sep = "" if lang == "zh" else " "  # Chinese sentences run on without spaces
    lines = [title(rec, lang)]
    lines.append(t("pub.foot.method", lang) + sep + sep.join(exposure.rules_summary(_rules(rec), lang)))
    lines.append(t("pub.foot.grounds", lang))
    lines.append(t("pub.foot.measure", lang))
    lines.append(t("pub.foot.as_of", lang, as_of=fmt.date_words(ctx.get("data_as_of"), lang)))
    lines.append(t("pub.foot.published", lang, date=fmt.date_words(str(rec["published_at"])[:10], lang)))
    if rec.get("supersedes"):
        lines.append(
            t("pub.supersedes_line", lang, version=rec["supersedes"]["version"], hash=rec["supersedes"]["content_hash"])
        )
        if rec.get("correction_note"):
            lines.append(t("pub.foot.correction", lang, note=rec["correction_note"]))
    lines.append(t("pub.hash_line", lang, hash=h))
    return lines


def internal_footnotes(rec: Record, h: str, lang: str) -> list[str]:
    """:func:`footnotes` plus the internal id and who prepared, approved and published (internal files only)."""
    people = t(
        "pub.foot.people",
        lang,
        prepared=rec["prepared_by"],
        approved=rec["approved_by"],
        published=rec["published_by"],
        at=rec["published_at"],
    )
    return [t("pub.foot.internal", lang, list_id=rec["list_id"]), *footnotes(rec, h, lang), people]


def _demo(rec: Record) -> bool:
    return bool((rec.get("context") or {}).get("demo"))


def file_name(rec: Record, lang: str, ext: str, *, full: bool = False) -> str:
    """``list-2024Q2-v2-zh.xlsx`` for published files; the internal full record keeps the list id."""
    if full:
        return f"{rec['list_id']}_v{rec['version']}_{lang}_review.{ext}"
    return f"list-{rec['quarter']}-v{rec['version']}-{lang}.{ext}"


def csv_bytes(rec: Record, h: str, lang: str) -> bytes:
    """The named companies as CSV, footnote lines after the table."""
    return exports.csv_bytes(press_frame(rec, lang), demo=_demo(rec), lang=lang, notes=footnotes(rec, h, lang))


def xlsx_bytes(rec: Record, h: str, lang: str, *, full: bool = False) -> bytes:
    """The named companies with a notes sheet; ``full`` (internal): also every candidate with its decision,
    the candidates held back for identification, and the internal footnotes."""
    sheets = {t("pub.sheet.list", lang): press_frame(rec, lang)}
    if full:
        sheets[t("pub.sheet.review", lang)] = review_frame(
            list(rec["candidates"]), None, _rules(rec), str(rec["quarter"]), lang
        )
        sheets[t("pub.sheet.unidentified", lang)] = unidentified_frame(unidentified(rec), lang)
    return exports.xlsx_bytes(
        sheets,
        demo=_demo(rec),
        lang=lang,
        notes=internal_footnotes(rec, h, lang) if full else footnotes(rec, h, lang),
        notes_title=t("pub.doc.notes", lang),
        timestamp=frozen.parse_ts(rec["published_at"]),
    )


# --------------------------------------------------------------------------------------------- the press sheet

_CSS = """
@page { size: A4 landscape; margin: 12mm 10mm 12mm 10mm; }
body { font-family: 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif; font-size: 8.6pt; color: #222;
       line-height: 1.35; margin: 0; }
/* English quotes from a Latin face: the CJK face sets curly quotes full-width (“other”，…). */
@font-face { font-family: 'Latin Quotes'; src: local('DejaVu Sans'); unicode-range: U+2018-201F; }
html:lang(en) body { font-family: 'Latin Quotes', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif; }
@media screen { .sheet { padding: 16px 20px; } }
h1 { font-size: 15pt; color: #1f4e79; margin: 0 0 2pt 0; }
.sub { color: #444; margin: 0 0 6pt 0; font-size: 9pt; }
.mark { color: #c0392b; font-weight: bold; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0 6pt 0; }
th { background: #1f4e79; color: #fff; padding: 2pt 3pt; text-align: left; font-weight: bold; }
td { border: 1px solid #ccc; padding: 2pt 3pt; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
tr:nth-child(even) td { background: #f4f6f8; }
tr { break-inside: avoid; }
.notes { font-size: 7.4pt; color: #444; margin: 0; padding-left: 12pt; }
.notes li { margin: 0 0 1pt 0; }
.wm { position: fixed; top: 40%; left: 0; width: 100%; text-align: center; transform: rotate(-18deg);
      font-size: 40pt; color: rgba(192, 57, 43, 0.12); font-weight: bold; z-index: 10; pointer-events: none; }
"""
# Relative column widths of the press table (the long text columns get the room).
_WIDTHS = (3, 14, 11, 7, 5, 5, 5, 5, 17, 17, 11)
_NUMERIC = {"pub.col.no", "pub.col.complaints", "pub.col.industry_share", "rk.col.change_pct", "rk.col.yoy_pct"}
_SIGNED = {"rk.col.change_pct", "rk.col.yoy_pct"}


def _cell(key: str, v: Any) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "–"
    if key in _SIGNED:
        return f"{float(v):+.1f}%"
    if key == "pub.col.industry_share":
        return f"{float(v):.1f}%"
    if key in ("pub.col.complaints", "pub.col.no"):
        return f"{int(v):,}"
    return str(v)


def sheet_html(rec: Record, h: str, lang: str) -> str:
    """The one-page press sheet as self-contained HTML (printed to PDF, screenshotted to PNG). Every value
    from the record is escaped."""
    e = html_text
    df = press_frame(rec, lang)
    mark = t("watermark.demo", lang) if _demo(rec) else ""
    notes = footnotes(rec, h, lang)[1:]
    head = "".join(
        f"<th style='width:{w}%'>{e(c)}</th>" for c, w in zip(df.columns, _WIDTHS[: len(df.columns)], strict=True)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='{'num' if k in _NUMERIC else ''}'>{e(_cell(k, v))}</td>"
            for k, v in zip(PRESS_COLUMNS, row, strict=True)
        )
        + "</tr>"
        for row in df.itertuples(index=False, name=None)
    )
    sub = t("pub.foot.as_of", lang, as_of=fmt.date_words((rec.get("context") or {}).get("data_as_of"), lang))
    sub += ("" if lang == "zh" else " ") + t(
        "pub.foot.published", lang, date=fmt.date_words(str(rec["published_at"])[:10], lang)
    )
    return "".join(
        [
            f"<!DOCTYPE html><html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>",
            f"<title>{e(title(rec, lang))}</title><style>{_CSS}</style></head><body><div class='sheet'>",
            f"<div class='wm'>{e(mark)}</div>" if mark else "",
            f"<h1>{e(title(rec, lang))}</h1>",
            f"<p class='sub'>{e(sub)}</p>",
            f"<p class='mark'>{e(mark)}</p>" if mark else "",
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
            "<ul class='notes'>" + "".join(f"<li>{e(n)}</li>" for n in notes) + "</ul>",
            "</div></body></html>",
        ]
    )


def pdf_bytes(rec: Record, h: str, lang: str) -> bytes:
    """The press sheet as a one-page landscape A4 PDF (Chromium), dated by the record."""
    from anning.publish import documents

    mark = t("watermark.demo", lang) if _demo(rec) else ""
    return documents.html_to_pdf(
        sheet_html(rec, h, lang),
        header=mark,
        footer=title(rec, lang),
        when=frozen.parse_ts(rec["published_at"]),
        landscape=True,
        one_page=True,
    )


def png_bytes(rec: Record, h: str, lang: str) -> bytes:
    """The press sheet as a PNG image (the same page as the PDF, screenshotted by Chromium)."""
    from anning.publish import documents

    return documents.html_to_png(sheet_html(rec, h, lang), width=1400)
