"""Unified Social Credit Code (统一社会信用代码) check character, GB 32100-2015.

The SQL loader validates codes in bulk (``queries/load_complaints.sql`` uses the
same alphabet and weights); this module is the reference implementation used by
the demo generator and the tests.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_char(first17: str) -> str:
    """The 18th character for the first 17; raises ``ValueError`` on a bad character."""
    if len(first17) != 17:
        raise ValueError("need 17 characters")
    total = 0
    for ch, w in zip(first17.upper(), WEIGHTS, strict=True):
        idx = ALPHABET.find(ch)
        if idx < 0:
            raise ValueError(f"character {ch!r} is not allowed in a credit code")
        total += idx * w
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str | None) -> bool:
    """True when ``code`` is 18 allowed characters with a correct check character."""
    if not code or len(code) != 18:
        return False
    try:
        return check_char(code[:17]) == code[17].upper()
    except ValueError:
        return False
