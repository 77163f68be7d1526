"""A small document model and its renderers: DOCX, HTML, PDF, XLSX and per-table CSV.

A :class:`Document` is a title, body sections of blocks (paragraphs, bullet lists, tables, PNG
images), a sign-off (落款: issuing body and date), annex sections after the sign-off (附件,
each on a new page) and footnotes (data-as-of date, version, content hash) in small print at the
end, under no heading of their own. The inventory builds one; publishing freezes it as JSON
(:meth:`Document.to_json`), and every export is rendered from that JSON, so a published document
re-exports to the same bytes:

* DOCX (python-docx): the East-Asian font is set on every style and run (``w:eastAsia``), so
  Word and LibreOffice pick a Chinese font; zip entries and core properties carry the
  document's timestamp (:func:`anning.core.frozen.normalise_zip`);
* HTML, printed to PDF by Debian's Chromium through Playwright (no LibreOffice needed); the
  PDF's creation dates are set to the document's timestamp;
* XLSX: every table on its own sheet (a short sheet name per table), numbers as typed cells with
  number formats, and one notes sheet (:func:`anning.publish.exports.xlsx_bytes`);
* CSV: one clean table per file that ``pandas.read_csv`` and Excel read as it is, and a
  ``README.txt`` with the title, the tables and the notes (:func:`anning.publish.exports.csv_table`).

Layout: a table is kept on one page with its caption and header (rows may not split, every row
keeps with the next), a heading keeps with what follows; a long table (more than
:data:`LONG_TABLE_ROWS` rows) keeps its caption, header and first rows together, may then continue on
the next page, and repeats its header there.

Demo data: the watermark is on every page header of the DOCX and PDF, across every PDF
page, first on every sheet, in the first column of every CSV and first in the README.
"""

from __future__ import annotations

import base64
import concurrent.futures
import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from anning.core import frozen
from anning.core.escape import html_text
from anning.i18n import t
from anning.publish import exports

# The CJK font for documents: the one the charts use (Debian's fonts-wqy-microhei); Word on a machine
# without it substitutes its own East-Asian default, which the w:eastAsia hint asks for.
EAST_ASIA_FONT = "WenQuanYi Micro Hei"
LATIN_FONT = "Arial"
ACCENT = "1F4E79"
TEXT_WIDTH_CM = 16.6  # A4 less 2.2 cm margins
WATERMARK = "C0392B"
FORMAT = "anning.document/1"
# A table of more rows than this may continue on the next page (its header repeated there); a shorter one is kept
# whole on one page with its caption. Keeping a long table whole would push it to a new page and leave the page
# before it half empty.
LONG_TABLE_ROWS = 12
# The rows of a long table that still keep with its caption and header (no header stranded at a page's foot).
LONG_TABLE_KEEP = 3


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text (``style``: ``body``, ``lead`` or ``note``)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table with a short ``key`` (file names), a caption, ``decimals`` per float column and ``sheet``, a
    short name for its spreadsheet tab (at most 31 characters; the caption is used when empty)."""

    key: str
    title: str
    frame: pd.DataFrame
    decimals: dict[str, int] = field(default_factory=dict)
    note: str = ""
    sheet: str = ""


@dataclass(frozen=True)
class Image:
    """A PNG chart with a caption; ``width_cm`` on the page."""

    key: str
    title: str
    png: bytes
    width_cm: float = 16.0


@dataclass(frozen=True)
class Chart:
    """A Plotly figure not yet rendered (a live preview shows it as is; :func:`render_charts` makes it an Image)."""

    key: str
    title: str
    figure: Any
    width: int = 760
    height: int = 380
    width_cm: float = 16.0


Block = Paragraph | Bullets | Table | Image | Chart


@dataclass(frozen=True)
class Section:
    """A numbered section of the body, or (``annex``) an annex printed after the sign-off on a new page."""

    key: str
    title: str
    blocks: tuple[Block, ...]
    annex: bool = False


@dataclass(frozen=True)
class Document:
    """A publication: see the module docstring."""

    title: str
    subtitle: str
    lang: str
    demo: bool
    timestamp: str  # ISO, UTC: the time every export file carries
    sections: tuple[Section, ...]
    footnotes: tuple[str, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    signoff: tuple[str, ...] = ()  # 落款: the issuing body and the date, right-aligned after the body

    @property
    def body(self) -> tuple[Section, ...]:
        """The sections before the sign-off."""
        return tuple(s for s in self.sections if not s.annex)

    @property
    def annexes(self) -> tuple[Section, ...]:
        """The annexes, after the sign-off."""
        return tuple(s for s in self.sections if s.annex)

    @property
    def tables(self) -> list[Table]:
        """Every table, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    @property
    def images(self) -> list[Image]:
        """Every image, in order."""
        return [b for s in self.sections for b in s.blocks if isinstance(b, Image)]

    def to_json(self) -> dict[str, Any]:
        """Plain JSON (images base64) for freezing; :meth:`from_json` restores it exactly."""

        def block(b: Block) -> dict[str, Any]:
            if isinstance(b, Paragraph):
                return {"type": "p", "text": b.text, "style": b.style}
            if isinstance(b, Bullets):
                return {"type": "ul", "items": list(b.items)}
            if isinstance(b, Table):
                return {
                    "type": "table",
                    "key": b.key,
                    "title": b.title,
                    "data": frozen.frame_to_json(b.frame),
                    "decimals": dict(b.decimals),
                    "note": b.note,
                    "sheet": b.sheet,
                }
            if isinstance(b, Chart):
                raise TypeError("render the charts (documents.render_charts) before freezing a document")
            return {
                "type": "image",
                "key": b.key,
                "title": b.title,
                "width_cm": b.width_cm,
                "png": base64.b64encode(b.png).decode("ascii"),
            }

        return frozen.plain(
            {
                "format": FORMAT,
                "title": self.title,
                "subtitle": self.subtitle,
                "lang": self.lang,
                "demo": self.demo,
                "timestamp": self.timestamp,
                "footnotes": list(self.footnotes),
                "signoff": list(self.signoff),
                "meta": self.meta,
                "sections": [
                    {"key": s.key, "title": s.title, "annex": s.annex, "blocks": [block(b) for b in s.blocks]}
                    for s in self.sections
                ],
            }
        )

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Document:
        """The inverse of :meth:`to_json`."""

        def block(b: dict[str, Any]) -> Block:
            kind = b["type"]
            if kind == "p":
                return Paragraph(b["text"], b.get("style", "body"))
            if kind == "ul":
                return Bullets(tuple(b["items"]))
            if kind == "table":
                return Table(
                    b["key"],
                    b["title"],
                    frozen.frame_from_json(b["data"]),
                    dict(b.get("decimals") or {}),
                    b.get("note", ""),
                    b.get("sheet", ""),
                )
            return Image(b["key"], b["title"], base64.b64decode(b["png"]), float(b.get("width_cm", 16.0)))

        return cls(
            d["title"],
            d["subtitle"],
            d["lang"],
            bool(d["demo"]),
            d["timestamp"],
            tuple(
                Section(s["key"], s["title"], tuple(block(b) for b in s["blocks"]), bool(s.get("annex", False)))
                for s in d["sections"]
            ),
            tuple(d.get("footnotes") or ()),
            dict(d.get("meta") or {}),
            tuple(d.get("signoff") or ()),
        )

    def frozen_copy(self) -> Document:
        """The document as its JSON round trip gives it back (what a published copy renders from)."""
        return Document.from_json(self.to_json())

    @property
    def when(self) -> dt.datetime:
        """The document's timestamp."""
        return frozen.parse_ts(self.timestamp)

    def watermark(self) -> str:
        """The demo watermark, or empty."""
        return t("watermark.demo", self.lang) if self.demo else ""


def render_charts(doc: Document, *, scale: float = 2.0) -> Document:
    """The document with every :class:`Chart` rendered to a PNG :class:`Image` (kaleido)."""
    from dataclasses import replace

    from anning.publish import images

    def conv(b: Block) -> Block:
        if not isinstance(b, Chart):
            return b
        return Image(b.key, b.title, images.png(b.figure, width=b.width, height=b.height, scale=scale), b.width_cm)

    return replace(doc, sections=tuple(replace(s, blocks=tuple(conv(b) for b in s.blocks)) for s in doc.sections))


def _rendered(doc: Document) -> Document:
    """The document with its charts as images (rendered now if any are still figures)."""
    has_charts = any(isinstance(b, Chart) for s in doc.sections for b in s.blocks)
    return render_charts(doc) if has_charts else doc


def stamped(doc: Document, lines: Sequence[str], **meta: Any) -> Document:
    """The document with footnote lines added at the end and ``meta`` merged (version, hash)."""
    from dataclasses import replace

    return replace(doc, footnotes=(*doc.footnotes, *lines), meta={**doc.meta, **meta})


# --------------------------------------------------------------------------------------------- cells


def cell_text(value: Any, decimals: int = 1) -> str:
    """A table cell as printed: thousands separators, fixed decimals, blanks for missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.{decimals}f}"
    try:
        import numpy as np

        if isinstance(value, np.integer):
            return f"{int(value):,}"
        if isinstance(value, np.floating):
            return "" if math.isnan(float(value)) else f"{float(value):,.{decimals}f}"
    except ImportError:  # pragma: no cover
        pass
    return str(value)


def _rows(tb: Table) -> list[list[str]]:
    cols = list(tb.frame.columns)
    return [
        [cell_text(v, tb.decimals.get(c, 1)) for c, v in zip(cols, row, strict=True)]
        for row in tb.frame.itertuples(index=False, name=None)
    ]


def _numeric(tb: Table) -> list[bool]:
    return [
        pd.api.types.is_numeric_dtype(tb.frame[c]) and not pd.api.types.is_bool_dtype(tb.frame[c])
        for c in tb.frame.columns
    ]


# --------------------------------------------------------------------------------------------- DOCX


def _east_asia(element: Any, font: str = EAST_ASIA_FONT) -> None:
    """Set ``w:eastAsia`` (and the Latin fonts) on a style's or run's ``w:rPr``."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), font)
    rfonts.set(qn("w:ascii"), LATIN_FONT)
    rfonts.set(qn("w:hAnsi"), LATIN_FONT)


def _run(par: Any, text: str, *, bold: bool = False, size: float | None = None, color: str | None = None) -> Any:
    from docx.shared import Pt, RGBColor

    run = par.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    _east_asia(run._r)
    return run


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    shd = tcpr.makeelement(qn("w:shd"), {qn("w:val"): "clear", qn("w:color"): "auto", qn("w:fill"): fill})
    tcpr.append(shd)


def to_docx(doc: Document) -> bytes:
    """The document as a Word file (see the module docstring)."""
    doc = _rendered(doc)
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    d = docx.Document()
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Caption", "List Bullet", "Table Grid"):
        try:
            style = d.styles[name]
        except KeyError:
            continue
        _east_asia(style.element)
        if name == "Normal":
            style.font.size = Pt(10.5)
        if name in ("Heading 1", "Heading 2", "Caption"):
            # A heading or caption never ends a page: it moves to the next page with what it introduces.
            style.paragraph_format.keep_with_next = True
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin = sec.right_margin = Cm(2.2)
    sec.top_margin = sec.bottom_margin = Cm(2.2)
    mark = doc.watermark()
    header_text = mark or doc.title
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(hp, header_text, bold=bool(mark), size=9, color=WATERMARK if mark else "666666")
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(fp, _footer_line(doc), size=7, color="666666")

    title = d.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, doc.title)
    if doc.subtitle:
        sub = d.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(sub, doc.subtitle, size=11, color="444444")
    if mark:
        _run(d.add_paragraph(), mark, bold=True, size=12, color=WATERMARK)
    for s in doc.body:
        _docx_section(d, s, doc.lang)
    if doc.signoff:
        # The sign-off never stands alone on a page: the body's last paragraph keeps with it.
        d.paragraphs[-1].paragraph_format.keep_with_next = True
        d.add_paragraph().paragraph_format.keep_with_next = True
        for line in doc.signoff:
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.paragraph_format.keep_with_next = True
            _run(p, line)
    for s in doc.annexes:
        # An annex starts on a new page, as the 附件 of a bulletin does.
        d.add_section(WD_SECTION.NEW_PAGE)
        _docx_section(d, s, doc.lang)
    if doc.footnotes:
        first = True
        for line in doc.footnotes:
            p = d.add_paragraph()
            if first:
                p.paragraph_format.space_before = Pt(12)
                first = False
            p.paragraph_format.space_after = Pt(0)
            _run(p, line, size=8, color="555555")
    props = d.core_properties
    props.title = doc.title
    props.author = "Anning"
    props.last_modified_by = "Anning"
    props.created = doc.when
    props.modified = doc.when
    props.revision = 1
    props.comments = _footer_line(doc)
    buf = io.BytesIO()
    d.save(buf)
    return frozen.normalise_zip(buf.getvalue(), doc.when)


def _docx_section(d: Any, s: Section, lang: str) -> None:
    """One section: its heading, then its blocks (a body paragraph indented two characters in Chinese)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    h = d.add_paragraph(style="Heading 1")
    _run(h, s.title)
    for b in s.blocks:
        if isinstance(b, Paragraph):
            p = d.add_paragraph()
            if b.style != "note" and lang == "zh":
                p.paragraph_format.first_line_indent = Pt(21)  # 公文: two characters of 10.5 pt
            _run(
                p,
                b.text,
                bold=b.style == "lead",
                size=9 if b.style == "note" else None,
                color="555555" if b.style == "note" else None,
            )
        elif isinstance(b, Bullets):
            for item in b.items:
                _run(d.add_paragraph(style="List Bullet"), item)
        elif isinstance(b, Image):
            cap = d.add_paragraph(style="Caption")
            cap.paragraph_format.keep_with_next = True  # never a caption alone at the foot of a page
            _run(cap, b.title)
            d.add_picture(io.BytesIO(b.png), width=Cm(b.width_cm))
            d.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            cap = d.add_paragraph(style="Caption")
            cap.paragraph_format.keep_with_next = True
            _run(cap, b.title)
            _docx_table(d, b)
            if b.note:
                _run(d.add_paragraph(), b.note, size=8, color="555555")


def _docx_table(d: Any, tb: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm

    cols = [str(c) for c in tb.frame.columns]
    numeric = _numeric(tb)
    rows = _rows(tb)
    widths = _column_widths(cols, rows, TEXT_WIDTH_CM)
    table = d.add_table(rows=1, cols=len(cols))
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, w in enumerate(widths):  # the grid (LibreOffice reads it) and every cell (Word reads those)
        table.columns[i].width = Cm(w)
    for i, c in enumerate(cols):
        cell = table.rows[0].cells[i]
        cell.text = ""
        cell.width = Cm(widths[i])
        _run(cell.paragraphs[0], c, bold=True, size=8.5, color="FFFFFF")
        _shade(cell, ACCENT)
    for row in rows:
        cells = table.add_row().cells
        for i, v in enumerate(row):
            cells[i].text = ""
            cells[i].width = Cm(widths[i])
            p = cells[i].paragraphs[0]
            _run(p, v, size=8.5)
            if numeric[i]:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    last = len(table.rows) - 1
    for n, tr in enumerate(table.rows):
        trpr = tr._tr.get_or_add_trPr()
        # A row never splits across pages; the header row repeats on a page the table continues on.
        trpr.append(trpr.makeelement(qn("w:cantSplit"), {}))
        if n == 0:
            trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
        if n < last and (last <= LONG_TABLE_ROWS or n < LONG_TABLE_KEEP):
            # Every row keeps with the next: the table (and its caption before it) stays on one page; a long
            # table keeps only its first rows with its header and may then continue on the next page.
            for cell in tr.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.keep_with_next = True


def _column_widths(cols: list[str], rows: list[list[str]], total_cm: float) -> list[float]:
    """Column widths in cm, in proportion to the widest text of each column (a header word or a cell,
    Chinese characters counting double), so names do not wrap into narrow columns of equal width."""

    def units(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)

    want = []
    for i, c in enumerate(cols):
        longest_word = max((units(w) for w in c.split()), default=1)
        # A header may wrap onto two lines: it asks for half its width, the cells for all of theirs.
        header = min(longest_word, max(8, (units(c) + 1) // 2 + 1))
        cell = max((units(r[i]) for r in rows), default=1)
        want.append(min(max(header, cell, 5) + 3, 34))  # + cell padding
    scale = total_cm / sum(want)
    return [round(w * scale, 2) for w in want]


def _footer_line(doc: Document) -> str:
    bits = [doc.title]
    if doc.meta.get("version_label"):
        bits.append(str(doc.meta["version_label"]))
    if doc.meta.get("content_hash"):
        bits.append("SHA-256 " + str(doc.meta["content_hash"]))
    return " · ".join(bits)


# --------------------------------------------------------------------------------------------- HTML / PDF


_CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
body { font-family: 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', sans-serif; font-size: 10.5pt; color: #222;
       line-height: 1.5; }
h1 { font-size: 20pt; color: #1f4e79; margin: 0 0 6pt 0; text-align: center; }
h2 { font-size: 13.5pt; color: #1f4e79; border-bottom: 1px solid #1f4e79; padding-bottom: 2pt; margin-top: 14pt;
     break-after: avoid; page-break-after: avoid; }
.subtitle { color: #444; margin: 0 0 8pt 0; text-align: center; }
.mark { color: #c0392b; font-weight: bold; }
p { margin: 4pt 0; orphans: 2; widows: 2; }
html[lang='zh-CN'] p.body, html[lang='zh-CN'] p.lead { text-indent: 2em; }
.lead { font-weight: bold; }
.note { font-size: 8.5pt; color: #555; }
figure { margin: 6pt 0; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; }
figcaption, caption { font-size: 9pt; color: #333; font-weight: bold; text-align: left; padding: 2pt 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 4pt 0 8pt 0; break-inside: avoid;
        page-break-inside: avoid; }
thead { display: table-header-group; }
th { background: #1f4e79; color: #fff; padding: 3pt 4pt; text-align: left; }
td { border: 1px solid #ccc; padding: 2pt 4pt; }
td.num { text-align: right; white-space: nowrap; }
tr { break-inside: avoid; }
table.long { break-inside: auto; page-break-inside: auto; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.signoff { margin-top: 18pt; text-align: right; }
.signoff p { margin: 2pt 0; }
.annex { break-before: page; page-break-before: always; }
.footnotes { font-size: 8pt; color: #555; margin-top: 14pt; border-top: 1px solid #ccc; padding-top: 4pt; }
.footnotes p { margin: 1pt 0; }
.wm { position: fixed; top: 45%; left: 0; width: 100%; text-align: center; transform: rotate(-30deg);
      font-size: 34pt; color: rgba(192, 57, 43, 0.13); font-weight: bold; z-index: 10; pointer-events: none; }
"""


def _html_section(s: Section) -> list[str]:
    e = html_text
    out = [f"<h2>{e(s.title)}</h2>"]
    for b in s.blocks:
        if isinstance(b, Paragraph):
            out.append(f"<p class='{e(b.style)}'>{e(b.text)}</p>")
        elif isinstance(b, Bullets):
            out.append("<ul>" + "".join(f"<li>{e(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Image):
            data = base64.b64encode(b.png).decode("ascii")
            width = f"{b.width_cm:.1f}cm"
            out.append(
                f"<figure><figcaption>{e(b.title)}</figcaption>"
                f"<img src='data:image/png;base64,{data}' style='width:{width}' alt='{e(b.title)}'></figure>"
            )
        elif isinstance(b, Table):
            numeric = _numeric(b)
            head = "".join(f"<th>{e(str(c))}</th>" for c in b.frame.columns)
            body = "".join(
                "<tr>"
                + "".join(f"<td class='{'num' if numeric[i] else ''}'>{e(v)}</td>" for i, v in enumerate(r))
                + "</tr>"
                for r in _rows(b)
            )
            long = " class='long'" if len(b.frame) > LONG_TABLE_ROWS else ""
            out.append(
                f"<table{long}><caption>{e(b.title)}</caption><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>"
            )
            if b.note:
                out.append(f"<p class='note'>{e(b.note)}</p>")
    return out


def to_html(doc: Document) -> str:
    """The document as one self-contained HTML page (images inline as data URIs)."""
    doc = _rendered(doc)
    e = html_text
    mark = doc.watermark()
    out = [
        f"<!DOCTYPE html><html lang='{'zh-CN' if doc.lang == 'zh' else 'en'}'><head><meta charset='utf-8'>",
        f"<title>{e(doc.title)}</title><style>{_CSS}</style></head><body>",
    ]
    if mark:
        out.append(f"<div class='wm'>{e(mark)}</div>")
    out.append(f"<h1>{e(doc.title)}</h1>")
    if doc.subtitle:
        out.append(f"<p class='subtitle'>{e(doc.subtitle)}</p>")
    if mark:
        out.append(f"<p class='mark'>{e(mark)}</p>")
    body = [line for s in doc.body for line in _html_section(s)]
    if doc.signoff:
        # The sign-off never stands alone on a page: it keeps with the body's last paragraph.
        sign = "<div class='signoff'>" + "".join(f"<p>{e(line)}</p>" for line in doc.signoff) + "</div>"
        last = body.pop() if body and body[-1].startswith("<p") else ""
        body.append(f"<div class='keep'>{last}{sign}</div>")
    out.extend(body)
    for s in doc.annexes:
        out.append("<div class='annex'>")
        out.extend(_html_section(s))
        out.append("</div>")
    if doc.footnotes:
        out.append("<div class='footnotes'>")
        out.extend(f"<p>{e(line)}</p>" for line in doc.footnotes)
        out.append("</div>")
    out.append("</body></html>")
    return "".join(out)


def _in_chromium(work: Any) -> Any:
    """Run ``work(page)`` on a fresh page of Debian's Chromium (Playwright, nothing downloaded, no network)."""
    from playwright.sync_api import sync_playwright

    from anning.publish.images import chromium_path

    exe = chromium_path()
    if exe is None:
        raise RuntimeError("PDF and page images need Chromium: apt-get install chromium")

    def _run() -> Any:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=exe, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            try:
                page = browser.new_page()
                # Everything is inline; refuse any request that would leave the process.
                page.route(re.compile(r"^(?!data:).*"), lambda route: route.abort())
                return work(page)
            finally:
                browser.close()

    # Playwright's sync API refuses a thread with a running event loop (an async caller, or another open
    # sync Playwright session), so run in a thread of its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_run).result()


def html_to_png(page_html: str, *, width: int = 1400) -> bytes:
    """A screenshot of the whole HTML page, ``width`` CSS pixels wide (Chromium; the same fonts as the PDF)."""

    def _shot(page: Any) -> bytes:
        page.set_viewport_size({"width": width, "height": 800})
        page.set_content(page_html, wait_until="load")
        return bytes(page.screenshot(full_page=True, type="png"))

    return bytes(_in_chromium(_shot))


_PAGE = re.compile(rb"/Type\s*/Page(?!s)")
# Print scales tried, largest first, to fit a one-page sheet (Chromium accepts 0.1 to 2).
_FIT_SCALES = (1.0, 0.92, 0.85, 0.78, 0.72, 0.66, 0.6, 0.55, 0.5, 0.45, 0.4)


def pdf_pages(pdf: bytes) -> int:
    """How many pages a PDF Chromium printed has (its page objects; Chromium writes them uncompressed)."""
    return len(_PAGE.findall(pdf))


def html_to_pdf(
    page_html: str,
    *,
    header: str,
    footer: str,
    when: dt.datetime,
    landscape: bool = False,
    one_page: bool = False,
) -> bytes:
    """Print HTML to PDF in Debian's Chromium (Playwright, nothing downloaded, no network); ``landscape``
    turns the A4 page; ``one_page`` prints at the largest scale that fits everything on one page (down to
    40%, beyond which it prints at 40% on as many pages as it needs)."""
    e = html_text
    head = (
        f"<div style='font-size:8px;width:100%;text-align:center;color:#c0392b;"
        f'font-family:"WenQuanYi Micro Hei",sans-serif\'>{e(header)}</div>'
    )
    foot = (
        f"<div style='font-size:7px;width:100%;text-align:center;color:#666;"
        f'font-family:"WenQuanYi Micro Hei",sans-serif\'>{e(footer)} · '
        "<span class='pageNumber'></span>/<span class='totalPages'></span></div>"
    )

    def _print(page: Any) -> bytes:
        page.set_content(page_html, wait_until="load")
        out = b""
        for scale in _FIT_SCALES if one_page else (1.0,):
            out = bytes(
                page.pdf(
                    format="A4",
                    landscape=landscape,
                    scale=scale,
                    print_background=True,
                    display_header_footer=True,
                    header_template=head,
                    footer_template=foot,
                    margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
                    if not landscape
                    else {"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"},
                )
            )
            if pdf_pages(out) <= 1:
                break
        return out

    pdf = _in_chromium(_print)
    return frozen.fix_pdf_dates(pdf, when)


def to_pdf(doc: Document) -> bytes:
    """The document as PDF (its HTML printed by Chromium)."""
    return html_to_pdf(to_html(doc), header=doc.watermark() or doc.title, footer=_footer_line(doc), when=doc.when)


# --------------------------------------------------------------------------------------------- XLSX / CSV


def sheet_names(doc: Document) -> list[str]:
    """One unique sheet name per table: its short ``sheet`` name (else its caption), valid for Excel
    (31 characters at most); numbered when two would clash."""
    names = [exports.sheet_name(tb.sheet or tb.title) for tb in doc.tables]
    if len(set(names)) == len(names):
        return names
    return [exports.sheet_name(f"{i:02d} {tb.sheet or tb.title}") for i, tb in enumerate(doc.tables, start=1)]


def notes_lines(doc: Document) -> list[str]:
    """What the notes sheet and the CSV README say: title, subtitle, sign-off, footnotes, each once."""
    return exports.unique_lines([doc.title, doc.subtitle, " ".join(doc.signoff), *doc.footnotes])


def to_xlsx(doc: Document) -> bytes:
    """Every table on its own formatted sheet (typed numbers), then one notes sheet."""
    names = sheet_names(doc)
    sheets = dict(zip(names, (tb.frame for tb in doc.tables), strict=True))
    places = {n: dict(tb.decimals) for n, tb in zip(names, doc.tables, strict=True)}
    return exports.xlsx_bytes(
        sheets,
        demo=doc.demo,
        lang=doc.lang,
        notes=notes_lines(doc),
        notes_title=t("pub.doc.notes", doc.lang),
        timestamp=doc.when,
        decimals=places,
    )


def csv_names(doc: Document) -> list[str]:
    """One file name per table: ``01_headline.csv``."""
    return [f"{i:02d}_{tb.key}.csv" for i, tb in enumerate(doc.tables, start=1)]


README = "README.txt"


def to_csvs(doc: Document) -> dict[str, bytes]:
    """One clean CSV per table (UTF-8 with BOM) and ``README.txt`` with the captions and the notes."""
    names = csv_names(doc)
    files = {
        name: exports.csv_table(_csv_frame(tb), demo=doc.demo, lang=doc.lang)
        for name, tb in zip(names, doc.tables, strict=True)
    }
    captions = [f"{n}: {tb.title}" for n, tb in zip(names, doc.tables, strict=True)]
    files[README] = exports.readme_bytes(doc.title, notes_lines(doc)[1:], demo=doc.demo, lang=doc.lang, files=captions)
    return files


def _csv_frame(tb: Table) -> pd.DataFrame:
    """A table for CSV: decimals rounded to the places the document prints."""
    out = tb.frame.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(tb.decimals.get(str(c), 1))
    return out


def zip_files(files: dict[str, bytes], when: dt.datetime) -> bytes:
    """Several files in one reproducible zip (for a single download)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            z.writestr(name, files[name])
    return frozen.normalise_zip(buf.getvalue(), when)


def formats() -> Sequence[str]:
    """The export formats, in the order the CLI writes them."""
    return ("docx", "xlsx", "csv", "pdf")


# --------------------------------------------------------------------------------------------- letters


@dataclass(frozen=True)
class Letter:
    """A covering letter (公函): title, reference line, addressee, body paragraphs, attachments, signature and
    date; ``watermark`` for demo data; ``timestamp`` (ISO, UTC) is the file time."""

    title: str
    reference: str
    addressee: str
    paragraphs: tuple[str, ...]
    attachments: tuple[str, ...]
    attachments_label: str
    signature: str
    date: str
    lang: str
    timestamp: str
    watermark: str = ""


def letter_to_docx(letter: Letter) -> bytes:
    """A covering letter as a Word file in the 公函 layout: centred title (二号 in Chinese), the reference
    line, the addressee flush left, indented body paragraphs, attachments, signature and date on the right.
    CJK font set through ``w:eastAsia``; reproducible (the letter's timestamp on every zip entry)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    when = frozen.parse_ts(letter.timestamp)
    d = docx.Document()
    for name in ("Normal", "Title"):
        _east_asia(d.styles[name].element)
    d.styles["Normal"].font.size = Pt(14 if letter.lang == "zh" else 11.5)  # 四号 body in Chinese letters
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin, sec.right_margin = Cm(2.8), Cm(2.6)
    sec.top_margin, sec.bottom_margin = Cm(3.7), Cm(3.5)
    if letter.watermark:
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(hp, letter.watermark, bold=True, size=10, color=WATERMARK)
    title = d.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, letter.title, bold=True, size=22 if letter.lang == "zh" else 16)
    if letter.reference:
        ref = d.add_paragraph()
        ref.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(ref, letter.reference, size=12, color="444444")
    if letter.watermark:
        _run(d.add_paragraph(), letter.watermark, bold=True, size=12, color=WATERMARK)
    _run(d.add_paragraph(), letter.addressee)
    for text in letter.paragraphs:
        p = d.add_paragraph()
        if letter.lang == "zh":
            p.paragraph_format.first_line_indent = Pt(28)  # two characters
        p.paragraph_format.line_spacing = 1.5
        _run(p, text)
    if letter.attachments:
        d.add_paragraph()
        for i, a in enumerate(letter.attachments):
            p = d.add_paragraph()
            _run(p, (letter.attachments_label if i == 0 else "") + a)
            if i:
                p.paragraph_format.left_indent = Pt(42 if letter.lang == "zh" else 80)
    d.add_paragraph()
    for text in (letter.signature, letter.date):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, text)
    props = d.core_properties
    props.title = letter.title
    props.author = "Anning"
    props.last_modified_by = "Anning"
    props.created = when
    props.modified = when
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return frozen.normalise_zip(buf.getvalue(), when)
