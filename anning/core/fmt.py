"""Number formatting for tables, headlines and exports, in English or Chinese conventions."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from fractions import Fraction


def _bad(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def count(x: float | None, lang: str = "en") -> str:
    """Whole counts with thousands separators (the ministry's bulletins use them in both languages)."""
    del lang
    return "–" if _bad(x) else f"{int(round(float(x))):,}"  # type: ignore[arg-type]


def pct(x: float | None, lang: str = "en", digits: int = 1, signed: bool = False) -> str:
    """A share or change given as a fraction (0.123 -> 12.3%)."""
    del lang
    if _bad(x):
        return "–"
    v = float(x) * 100  # type: ignore[arg-type]
    return f"{v:+.{digits}f}%" if signed else f"{v:.{digits}f}%"


def whole_shares(parts: Sequence[float], total: float) -> list[float]:
    """``parts`` as fractions of ``total`` rounded to whole percents that add up the way the parts do.

    Largest remainder (Hamilton's method): each share is rounded down, and the percents left over go to
    the largest remainders (the earlier part first on a tie), so three shares that make up the whole read
    17% + 5% + 78%, never 101%. For :func:`pct` with ``digits=0``. Exact arithmetic (fractions), so a tie is
    a tie and not decided by floating-point error; a total of 0 or not finite, or a part that is negative or
    not finite, gives NaN for every part.
    """
    if _bad(float(total)) or not total or any(_bad(float(x)) or x < 0 for x in parts):
        return [float("nan")] * len(parts)
    exact = [Fraction(x) * 100 / Fraction(total) for x in parts]
    floors = [math.floor(e) for e in exact]
    left = round(sum(exact)) - sum(floors)
    for i in sorted(range(len(exact)), key=lambda i: exact[i] - floors[i], reverse=True)[: max(left, 0)]:
        floors[i] += 1
    return [f / 100 for f in floors]


def yuan(x: float | None, lang: str = "en") -> str:
    """Money in yuan."""
    if _bad(x):
        return "–"
    v = float(x)  # type: ignore[arg-type]
    return f"{v:,.0f}元" if lang == "zh" else f"¥{v:,.0f}"


def rate(x: float | None, lang: str = "en", digits: int = 2) -> str:
    """A rate such as complaints per million subscribers."""
    del lang
    return "–" if _bad(x) else f"{float(x):,.{digits}f}"  # type: ignore[arg-type]


def timestamp(x: object, lang: str = "en") -> str:
    """A moment to the minute, ``2026-12-07 01:29`` (no seconds, no ``T``, no offset): how people read times."""
    del lang
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "–"
    if isinstance(x, str):
        try:
            x = dt.datetime.fromisoformat(x)
        except ValueError:
            return x
    if hasattr(x, "to_pydatetime"):  # a pandas Timestamp (NaT is caught by the isnat check below)
        if str(x) == "NaT":
            return "–"
        x = x.to_pydatetime()
    if isinstance(x, dt.datetime):
        return x.strftime("%Y-%m-%d %H:%M")
    if isinstance(x, dt.date):
        return x.isoformat()
    return str(x)


_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def date_words(d: object, lang: str) -> str:
    """``2026年11月15日`` / ``15 November 2026``: a date as published text writes it (never ISO).

    Takes a date, a datetime or an ISO string; ``–`` when missing or unreadable as a date.
    """
    if d is None or d == "" or (isinstance(d, float) and not math.isfinite(d)):
        return "–"
    if isinstance(d, str):
        try:
            d = dt.date.fromisoformat(d[:10])
        except ValueError:
            return "–"
    if hasattr(d, "to_pydatetime"):  # a pandas Timestamp
        if str(d) == "NaT":
            return "–"
        d = d.to_pydatetime()
    if not isinstance(d, dt.date):
        return "–"
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"
