"""Column widths for ``st.dataframe`` tables sized to the page: headers whole where there is room.

Streamlit cuts a header at its column's width (the full text stays in the tooltip), so pages that show
long translated headers give each column a width from its header and shrink them together to the room
they have. Two estimates of a text's width: :func:`px`, a generous one per character (a CJK character
counts two), for the document previews, which shrink every column in proportion; and :func:`text_px`, by
glyph class, for :func:`for_table`, which shrinks only the text's share and so needs the closer figure.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import pandas as pd

# The main column's width in a 1,400-pixel window beside the sidebar (940 px in the screenshots), less a margin.
PAGE_PX = 936


def display_width(text: str) -> int:
    """Columns a text takes on screen: a CJK character is two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


_PER_CHAR = 6.5  # pixels a column of the grid's font takes, a little generous (so there is room to shrink)
_PAD = 28  # a cell's padding and the header's sort arrow, generously
_CELL_PAD = 18  # a cell's padding, measured from which headers were whole and which cut in screenshots


def px(chars: int) -> int:
    """Pixels for ``chars`` columns of text, plus the cell's padding."""
    return int(_PER_CHAR * chars) + _PAD


def shrink(widths: dict[Hashable, int], room: int, floor: int) -> dict[Hashable, int]:
    """The widths scaled down in proportion to fit ``room``, none below ``floor``."""
    if sum(widths.values()) <= room:
        return widths
    at_floor: set[Hashable] = set()
    while True:
        # Columns that would fall below the floor keep the floor; the others share what is left.
        rest = {c: w for c, w in widths.items() if c not in at_floor}
        left = room - floor * len(at_floor)
        share = max(left, 0) / sum(rest.values()) if rest else 0.0
        below = {c for c, w in rest.items() if w * share < floor}
        if not below:
            return {c: floor if c in at_floor else int(widths[c] * share) for c in widths}
        at_floor |= below


# Approximate advance widths (px) of the grid's sans-serif font at 14 px, by glyph class: enough to tell
# "Forwarded" from "Not actionable" (the same per-character width for all cut the first and not the second).
_GLYPH_PX = {
    **dict.fromkeys(" ijl|!.,:;'`", 3.2),
    **dict.fromkeys("ftr()[]{}/-", 4.3),
    **dict.fromkeys("sczyvxk", 5.6),
    **dict.fromkeys("mw", 9.5),
    **dict.fromkeys("MW%", 10.5),
    **dict.fromkeys("0123456789", 7.0),
}
_CJK_PX = 13.5  # a full-width character: 14 px glyphs, a little less where the font kerns punctuation
_UPPER_PX = 8.2
_LOWER_PX = 6.6


def text_px(text: str) -> float:
    """Pixels ``text`` takes in the grid's font (an estimate from glyph classes)."""
    return sum(
        _CJK_PX if ord(ch) >= 0x2E80 else _GLYPH_PX.get(ch, _UPPER_PX if ch.isupper() else _LOWER_PX) for ch in text
    )


def for_headers(headers: Iterable[str], room: int, floor: int = 60) -> dict[str, int]:
    """Each header's width (its text plus the cell's padding), shrunk together to ``room`` pixels.

    Only the text's share shrinks, never the padding: shrinking whole widths in proportion cut the
    short headers ("Forwarded") while the long ones kept spare pixels.
    """
    need = {h: text_px(h) for h in headers}
    at_floor: set[str] = set()
    while True:
        # Headers too short for the floor take the floor; the others share what is left.
        rest = {h: w for h, w in need.items() if h not in at_floor}
        left = room - floor * len(at_floor) - _CELL_PAD * len(rest)
        scale = min(1.0, max(left, 0) / max(sum(rest.values()), 1.0))
        below = {h for h, w in rest.items() if _CELL_PAD + scale * w < floor}
        if not below:
            return {h: floor if h in at_floor else int(_CELL_PAD + scale * w) for h, w in need.items()}
        at_floor |= below


def for_table(frame: pd.DataFrame, numbers: Iterable[str], text_cap: int = 160) -> dict[str, int]:
    """Every column's width: text columns by their content (at most ``text_cap``), the number columns by
    their headers in what the text columns leave of the page."""
    numbers = list(numbers)
    text = {
        c: min(int(_CELL_PAD + max(text_px(str(v)) for v in [c, *frame[c].head(200)])), text_cap)
        for c in frame.columns
        if c not in numbers
    }
    return {**text, **for_headers(numbers, room=PAGE_PX - sum(text.values()))}
