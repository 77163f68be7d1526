"""Calendar quarters as ``YYYYQn`` labels, the unit every bulletin reports in."""

from __future__ import annotations

import datetime as dt
import functools
import re

_QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


def parse(label: str) -> tuple[int, int]:
    """Split ``2024Q2`` into ``(2024, 2)``; raise ``ValueError`` on anything else."""
    if not isinstance(label, str):
        raise ValueError(f"not a quarter label (expected e.g. 2024Q2): {label!r}")
    return _parse(label)


# Cached: the enforcement page's effect windows parse (and shift) the same few dozen labels tens of thousands
# of times; shift needs no cache of its own once parsing is cached.
@functools.lru_cache(maxsize=4096)
def _parse(label: str) -> tuple[int, int]:
    m = _QUARTER_RE.match(label.strip().upper())
    if not m:
        raise ValueError(f"not a quarter label (expected e.g. 2024Q2): {label!r}")
    return int(m.group(1)), int(m.group(2))


def label(year: int, q: int) -> str:
    """Format a quarter label."""
    return f"{year}Q{q}"


def of_date(d: dt.date) -> str:
    """The quarter a date falls in."""
    return label(d.year, (d.month - 1) // 3 + 1)


def shift(q: str, n: int) -> str:
    """The quarter ``n`` quarters after ``q`` (negative: before)."""
    y, k = parse(q)
    idx = y * 4 + (k - 1) + n
    return label(idx // 4, idx % 4 + 1)


def previous(q: str) -> str:
    """The quarter before (for QoQ)."""
    return shift(q, -1)


def year_ago(q: str) -> str:
    """The same quarter a year earlier (for YoY)."""
    return shift(q, -4)


def start(q: str) -> dt.date:
    """First day of the quarter."""
    y, k = parse(q)
    return dt.date(y, 3 * (k - 1) + 1, 1)


def end(q: str) -> dt.date:
    """Last day of the quarter."""
    return start(shift(q, 1)) - dt.timedelta(days=1)


def span(first: str, last: str) -> list[str]:
    """All quarters from ``first`` to ``last`` inclusive."""
    out = []
    cur = first
    while parse(cur) <= parse(last):
        out.append(cur)
        cur = shift(cur, 1)
    return out
