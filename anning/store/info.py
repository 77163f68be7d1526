"""What the store holds: version, data-as-of date, demo flag and the quarters a user can pick.

Pure functions over a :class:`QuerySource` so the app (cached) and the CLI and
tests (uncached) share them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from anning.core import quarters
from anning.store import sql


class QuerySource(Protocol):
    """Anything that runs a named query: a :class:`anning.store.db.Reader`, or the app's cached wrapper."""

    def query(self, name: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Run the named query from ``queries/``."""
        ...


def has_table(src: QuerySource, table: str) -> bool:
    """Whether the store (either file) has ``table``.

    Workflow tables appear with the first workflow write, and a store built by an older release lacks
    the tables a newer one adds, so features check before they read.
    """
    df = src.query("table_exists", {"table_name": table})
    return bool(len(df)) and bool(df["present"].iloc[0])


def empty_result(query: str) -> pd.DataFrame:
    """An empty frame with the columns the named query declares (``-- returns:``)."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in sql.get(query).returns})


def query_if_table(src: QuerySource, query: str, table: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
    """The named query's result, or :func:`empty_result` when the store has no ``table`` yet."""
    return src.query(query, params) if has_table(src, table) else empty_result(query)


@dataclass(frozen=True)
class StoreInfo:
    """A summary of the store for the shared frame."""

    version: str
    data_as_of: dt.date | None
    demo: bool
    batches: int
    complaints: int
    quarters: tuple[str, ...]
    complete: tuple[str, ...]
    real_data: bool = False  # any batch that is not demo data: sign-in is then always required
    rollups_only: bool = False  # attached from rollups computed elsewhere: no raw complaints (docs/scale-out.md)

    @property
    def default_quarter(self) -> str | None:
        """The latest complete quarter, else the latest quarter with data."""
        if self.complete:
            return self.complete[-1]
        return self.quarters[-1] if self.quarters else None

    def is_complete(self, quarter: str) -> bool:
        """True when the data reaches the quarter's last day."""
        return quarter in self.complete


def store_info(src: QuerySource, today: dt.date | None = None) -> StoreInfo:
    """Read the summary; a quarter is complete when the data reaches its end and it is over."""
    today = today or dt.date.today()
    row = src.query("store_info").iloc[0]
    as_of = dt.date.fromisoformat(str(row.data_as_of)) if pd.notna(row.data_as_of) else None
    qs = src.query("quarters_available")
    labels = tuple(str(q) for q in qs.quarter)
    complete = tuple(q for q in labels if as_of is not None and quarters.end(q) <= min(as_of, today))
    return StoreInfo(
        str(row.version),
        as_of,
        bool(row.demo),
        int(row.batches),
        int(row.complaints),
        labels,
        complete,
        bool(row.real_data),
        bool(row.rollups_only),
    )


def demo_only(summary: StoreInfo) -> bool:
    """True when every batch is demo data: only then may the app sign people in as the demo analyst."""
    return summary.demo and not summary.real_data
