"""Text normalisation shared by the loader's Python and SQL sides.

Headers and enumerated values are matched ignoring case, surrounding spaces and
full-width/half-width differences; the SQL side gets the same mapping through
``translate($fullwidth, $halfwidth)`` parameters so that both agree.
"""

from __future__ import annotations

import unicodedata

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space map to their half-width forms.
FULLWIDTH = "".join(chr(c) for c in range(0xFF01, 0xFF5F)) + "\u3000"
HALFWIDTH = "".join(chr(c) for c in range(0x21, 0x7F)) + " "


def norm_key(value: object) -> str:
    """Case-, width- and space-insensitive key for headers and enumerated values."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFKC", str(value))
    return " ".join(s.split()).casefold()


def norm_name(value: object) -> str:
    """A company name normalised for keying: NFKC, no spaces, case-folded.

    Full-width brackets become half-width through NFKC, so ``某某（北京）`` and
    ``某某(北京)`` key the same.
    """
    if value is None:
        return ""
    s = unicodedata.normalize("NFKC", str(value))
    return "".join(s.split()).casefold()
