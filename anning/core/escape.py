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
values put into it pass through :func:`inert` (see :func:`anning.i18n.t_inert`).

The documents Anning prints from HTML (the PDF bulletin, the press sheet's PDF and PNG) are HTML
only, never Markdown: their text passes :func:`html_text` instead, the same control/bidi removal
with HTML's own escaping, so a copied or extracted line holds no invisible characters. This module
is the only place that escapes (``tests/unit/test_escape.py`` keeps it so).
"""

from __future__ import annotations

import html
import unicodedata

# ASCII characters with a meaning in CommonMark/GFM, Streamlit's Markdown extensions, HTML, or URLs that
# GFM autolinks (www., http:, mail@host). Letters, digits, spaces and CJK text are left as they are.
_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~$:&\"'=@^%/")
# Invisible or direction-changing characters that let a name pretend to be another (RLO, zero-width joiners).
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064"
    "\u2066\u2067\u2068\u2069\ufeff\u00ad\u061c\u180e"
)
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
        elif ch in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
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
