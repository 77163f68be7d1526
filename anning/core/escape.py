"""One escaping rule for every string from data or users that the UI shows: :func:`inert`.

A company, port company or user may be named ``[phish](https://…)``, ``**bold**`` or
``<a href=…>``. Shown through Markdown (``st.markdown``, captions, headings, alerts) such a name
became a live link or bold text, and as a Plotly label (bar categories, Sankey nodes, hover text)
an ``<a>`` tag became a clickable link (issue 15, finding 5).

:func:`inert` makes a string display as exactly its characters in all three places:

* every character that Markdown, Streamlit's Markdown extensions (``:red[…]``, ``:material/…:``,
  ``$math$``) or HTML give a meaning to is written as a numeric character reference (``[`` →
  ``&#91;``). CommonMark never reads a character reference as syntax (spec: "Entity and numeric
  character references"), the browser and Plotly decode it to the character itself, and Plotly
  decodes references only after it has split the text into tags, so ``&#60;a&#62;`` is the text
  ``<a>``, never a tag;
* GFM turns URL- and address-like text into links *after* parsing, on the decoded text
  (``https://x``, ``www.x``, ``a@b.c``), so a word joiner (U+2060, invisible, no line break) follows
  every ``:`` and ``@`` and sits between ``www`` and its dot, where no link pattern accepts it;
* control characters, bidirectional overrides and zero-width characters are dropped (defence in
  depth: the loader already removes them from stored text); line breaks become spaces, so a value
  cannot start a Markdown block of its own.

Apply it once, where a data string meets Markdown, HTML or a Plotly label, and nowhere else: not to
``st.dataframe`` cells or widget options (plain text there, where the references would show), not
twice (``&`` is escaped too). A translation template's own Markdown stays Markdown; only the
values put into it pass through :func:`inert`.

The documents Anning prints from HTML (the PDF bulletin, the press sheet's PDF and PNG) are HTML
only, never Markdown: their text passes :func:`html_text` instead, the same control/bidi removal
with HTML's own escaping, so a copied or extracted line holds no invisible characters. This module
is the only place that escapes (``tests/unit/test_escape.py`` keeps it so).

Spreadsheets get :func:`safe_cell` / :func:`safe_frame` (OWASP's CSV-injection guidance): a text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with a single
quote so that a spreadsheet shows it as text, and the C0 controls no XLSX cell may hold are dropped.
Every CSV or XLSX Anning writes goes through them (``anning.publish.exports`` and the CLI).
"""

from __future__ import annotations

import html
import re
import unicodedata

import pandas as pd

# ASCII characters with a meaning in CommonMark/GFM, Streamlit's Markdown extensions, HTML, or URLs that
# GFM autolinks (www., http:, mail@host). Letters, digits, spaces and CJK text are left as they are.
_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:&\"'=@^%/")
# Dropped: controls, surrogates, private-use and unassigned code points, and every format character (Cf):
# the invisible or direction-changing ones that let a name pretend to be another (RLO, zero-width joiners,
# soft hyphens, tag characters U+E0000-E007F, the deprecated U+206A-206F). The loader's clean() drops the
# same controls and format characters (queries/load_macros.sql), so a stored name reads the same everywhere.
_DROPPED = frozenset(("Cc", "Cf", "Cs", "Co", "Cn"))
_BREAKS = frozenset("\t\n\r\v\f\u0085\u2028\u2029")
_JOIN_AFTER = frozenset(":@")  # "https:", "a@": a word joiner after them breaks URL and e-mail patterns
_JOINER = "\u2060"


def visible_text(value: object) -> str:
    """``value`` as text with control, bidi and zero-width characters dropped and line breaks made spaces."""
    if value is None:
        return ""
    out = []
    for ch in unicodedata.normalize("NFC", str(value)):
        if ch in _BREAKS:
            out.append(" ")
        elif unicodedata.category(ch) in _DROPPED:
            continue
        else:
            out.append(ch)
    return "".join(out)


def inert(value: object) -> str:
    """``value`` safe to put into Markdown, HTML or a Plotly label: it shows as its own characters, nothing more."""
    out = []
    text = visible_text(value)
    for i, ch in enumerate(text):
        if ch == "." and text[max(0, i - 3) : i].casefold() == "www":
            out.append(_JOINER)  # "www.x" is a link pattern of its own; "12.5" and "x.y" are not
        out.append(f"&#{ord(ch)};" if ch in _SPECIAL else ch)
        if ch in _JOIN_AFTER:
            out.append(_JOINER)
    return "".join(out)


def html_text(value: object) -> str:
    """``value`` as HTML text (element content or a quoted attribute) for documents printed from HTML.

    :func:`visible_text` then :func:`html.escape`: no tag, entity or quote of the value's own survives,
    and no control, bidi or zero-width character reaches the PDF or PNG.
    """
    return html.escape(visible_text(value))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The control characters XML 1.0, and so an XLSX cell, cannot hold (openpyxl refuses them), and DEL.
_CELL_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: object) -> object:
    """Neutralise a text cell that a spreadsheet would run as a formula; leave numbers alone.

    Leading white space does not hide a formula (issue 15 #10: `` =1+2`` after a tab became a space).
    Control characters an XLSX cell cannot hold are dropped, so a stray one in a record's text cannot
    make its workbook unwritable.
    """
    if not isinstance(value, str):
        return value
    value = _CELL_ILLEGAL.sub("", value)
    if value.lstrip(" \u3000\u00a0").startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and header) neutralised."""
    out = df.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    return out
