"""How operators handled the reports forwarded to them: counts by status, the handling rate and the time taken.

The 12321 centre forwards every report to the operator that carries the reported number. The
complaint files may say what became of it (``handling_status``: handled, pending, not_actionable;
``handled_on``: the date). The loader's ``r_handling`` rollup keeps, per quarter and operator or
province, the complaints by status and a histogram of whole days to handle, so every measure here is
exact and a page reads a few hundred rows at any store size.

Measures, per key and quarter (of receipt); units as the CLI's JSON gives them:

* ``forwarded``: every complaint of the quarter (the sum of ``count``);
* ``handled``, ``pending``, ``not_actionable``: complaints with that status (``no_status``: without one);
* ``handling_rate`` = handled / (handled + pending), a fraction of 1. Not-actionable reports (invalid,
  incomplete) are left out: an operator cannot act on them, and counting them as unhandled would
  punish it for the reporter's error. Null when handled + pending is 0;
* ``median_days`` and ``p90_days``: the median and 90th percentile of the days from the date a report
  was received to the date it was handled (same day = 0), over handled reports with a handling date,
  interpolated as ``quantile_cont`` does (so a median can be 2.5 days); null when there are none;
* ``within_sla_share``: the share of those handled reports that took at most ``sla_days`` days (a
  service level the regulator assumes, 7 days unless set otherwise); null when there are none.

A quarter whose files carry no status at all says so (:attr:`Handling.state` ``no_status``); it never
reads as a 0% handling rate.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from anning.core import fmt, quarters
from anning.i18n import t, terms
from anning.store import info
from anning.store.info import QuerySource

DIMENSIONS = ("operator", "province")
# Operator kinds, as ref_operator has them; "basic" are the 基础电信企业 the bulletins speak of.
GROUPS = ("basic", "mvno")
# An assumed service level: a forwarded report should be handled within this many days.
DEFAULT_SLA_DAYS = 7
MAX_SLA_DAYS = 365
# An operator whose handling rate falls below this makes a headline ...
DEFAULT_RATE_THRESHOLD = 0.90
# ... provided it had at least this many actionable reports: 3 of 4 handled is no finding.
DEFAULT_MIN_REPORTS = 30

# The CLI's fields, in order (the contract).
FIELDS = (
    "key",
    "name",
    "forwarded",
    "handled",
    "pending",
    "not_actionable",
    "handling_rate",
    "median_days",
    "p90_days",
    "within_sla_share",
)
# What the frames hold besides: the operator kind, complaints without a status, handled reports with a
# date (the days' base) and how many of those were within the service level.
EXTRA = ("kind", "no_status", "timed", "within_sla")
COLUMNS = FIELDS + EXTRA
_COUNTS = ("forwarded", "handled", "pending", "not_actionable", "no_status", "timed", "within_sla")
_RATIOS = ("handling_rate", "median_days", "p90_days", "within_sla_share")

# Handling.state values.
STATES = ("ok", "no_status", "no_complaints", "unavailable")


@dataclass(frozen=True)
class Totals:
    """The measures of one group of complaints (the whole quarter, or one operator kind)."""

    key: str
    forwarded: int
    handled: int
    pending: int
    not_actionable: int
    no_status: int
    timed: int
    within_sla: int
    handling_rate: float | None
    median_days: float | None
    p90_days: float | None
    within_sla_share: float | None

    @property
    def actionable(self) -> int:
        """Reports an operator could act on: the rate's denominator."""
        return self.handled + self.pending


@dataclass(frozen=True)
class Handling:
    """The handling measures of one quarter, per key of one dimension, with national and per-kind totals.

    ``state`` is ``ok``; ``no_status`` when the quarter has complaints but none carries a status (its
    files predate the column); ``no_complaints`` when nothing was received in the quarter; or
    ``unavailable`` when the store was built before handling was recorded (no ``r_handling``).
    Only with ``ok`` are ``rows``, ``national`` and ``groups`` meaningful.
    """

    quarter: str
    by: str
    sla_days: int
    state: str
    complete: bool
    data_as_of: dt.date | None
    rows: pd.DataFrame  # COLUMNS per key of ``by``, most forwarded first
    national: Totals | None
    groups: dict[str, Totals]  # by operator kind (basic, mvno), when complaints of that kind exist
    operators: pd.DataFrame  # COLUMNS per operator (the same frame as rows when by is operator)

    @property
    def has_status(self) -> bool:
        """True when there is status data to show."""
        return self.state == "ok"


def validate(quarter: str, by: str = "operator", sla_days: int = DEFAULT_SLA_DAYS) -> str:
    """The quarter label, normalised; a ``ValueError`` naming a bad dimension, quarter or service level."""
    if by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}; choose one of: {', '.join(DIMENSIONS)}")
    if isinstance(sla_days, bool) or not isinstance(sla_days, int) or not 0 <= sla_days <= MAX_SLA_DAYS:
        raise ValueError(f"the service level must be a whole number of days from 0 to {MAX_SLA_DAYS}")
    return quarters.label(*quarters.parse(quarter))


def available(src: QuerySource) -> bool:
    """Whether the store has the handling rollup (a store built before it has not, until it is rebuilt)."""
    return info.has_table(src, "r_handling")


def empty_frame() -> pd.DataFrame:
    """No rows, the right columns."""
    return _typed(pd.DataFrame({c: [] for c in COLUMNS}))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    # One astype for all columns: the query's types are right already (counts bigint, never null), and
    # per-column conversions cost more than the query on a page's few dozen rows.
    types: dict[str, str] = {c: "object" for c in ("key", "name", "kind")}
    types.update({c: "int64" for c in _COUNTS})
    types.update({c: "Float64" for c in _RATIOS})
    return df[list(COLUMNS)].astype(types).reset_index(drop=True)


def _none(x: Any) -> float | None:
    if x is None or x is pd.NA:
        return None
    f = float(x)
    return None if math.isnan(f) else f


def _totals(row: pd.Series) -> Totals:
    return Totals(
        key=str(row["key"]),
        **{c: int(row[c]) for c in _COUNTS},
        **{c: _none(row[c]) for c in _RATIOS},
    )


def _query(src: QuerySource, quarters_: list[str], dims: list[str], sla_days: int, lang: str) -> pd.DataFrame:
    return src.query("handling_measures", {"quarters": quarters_, "dims": dims, "sla_days": sla_days, "lang": lang})


def _none_state(q: str, by: str, sla_days: int, state: str, complete: bool, as_of: dt.date | None) -> Handling:
    return Handling(q, by, sla_days, state, complete, as_of, empty_frame(), None, {}, empty_frame())


def measures(
    src: QuerySource,
    quarter: str,
    by: str = "operator",
    lang: str = "en",
    *,
    sla_days: int = DEFAULT_SLA_DAYS,
    today: dt.date | None = None,
) -> Handling:
    """The handling measures of ``quarter`` per ``by`` (operator or province), with national and per-kind totals.

    Two small queries: the rollup check, then one over ``r_handling`` for the keys, the operators, the
    nation and the operator kinds at once.
    """
    q = validate(quarter, by, sla_days)
    if not available(src):
        return _none_state(q, by, sla_days, "unavailable", False, None)
    df = _query(src, [q], list(dict.fromkeys([by, "operator", "all", "kind"])), sla_days, lang)
    nation = df[df["dim"] == "all"]
    as_of = _as_of(nation)
    complete = as_of is not None and quarters.end(q) <= min(as_of, today or dt.date.today())
    if nation.empty:
        return _none_state(q, by, sla_days, "no_complaints", False, as_of)
    if not bool(nation.quarter_has_status.iloc[0]):
        return _none_state(q, by, sla_days, "no_status", complete, as_of)
    rows = _typed(df[df["dim"] == by])
    operators = rows if by == "operator" else _typed(df[df["dim"] == "operator"])
    kinds = df[(df["dim"] == "kind") & df["key"].isin(GROUPS)]
    groups = {str(r.key): _totals(r) for _, r in kinds.iterrows()}
    return Handling(q, by, sla_days, "ok", complete, as_of, rows, _totals(nation.iloc[0]), groups, operators)


def operator_rates(src: QuerySource, quarter: str, lang: str = "en") -> pd.DataFrame:
    """``key, handling_rate, median_days`` per operator for the rankings' operator rows (two small queries).

    Empty when the store has no rollup; the values are missing for a quarter without status data, so
    a ranking shows a blank, never 0%.
    """
    q = quarters.label(*quarters.parse(quarter))
    cols = ["key", "handling_rate", "median_days"]
    if not available(src):
        return pd.DataFrame({c: [] for c in cols})
    # The same call as measures(..., "operator") makes, so where queries are cached (the app) the overview's
    # headline and its operator ranking share one result.
    df = _query(src, [q], ["operator", "all", "kind"], DEFAULT_SLA_DAYS, lang)
    df = df[df["dim"] == "operator"]
    out = df[cols].reset_index(drop=True)
    status = df["quarter_has_status"].astype(bool).to_numpy()
    for c in cols[1:]:
        out[c] = pd.Series(pd.to_numeric(out[c], errors="coerce"), dtype="Float64").where(status)
    return out


def _as_of(df: pd.DataFrame) -> dt.date | None:
    if df.empty or pd.isna(df.data_as_of.iloc[0]):
        return None
    return pd.Timestamp(df.data_as_of.iloc[0]).date()


def trend(
    src: QuerySource, quarter_list: list[str], lang: str = "en", *, sla_days: int = DEFAULT_SLA_DAYS
) -> pd.DataFrame:
    """Per quarter: the national measures and those of basic operators and MVNOs, for a trend chart.

    Columns ``quarter, group`` (``all``, ``basic``, ``mvno``), the measures of :data:`COLUMNS` (``key``
    is the group) and ``has_status``. A quarter without status data has one ``all`` row with
    ``has_status`` false and null rates, so a chart shows a gap there rather than a zero.
    """
    qs = [quarters.label(*quarters.parse(x)) for x in quarter_list]
    validate(qs[0] if qs else "2000Q1", "operator", sla_days)
    if not qs or not available(src):
        return pd.DataFrame({"quarter": [], "group": [], **{c: [] for c in COLUMNS}, "has_status": []})
    both = _query(src, qs, ["all", "kind"], sla_days, lang)
    nation = both[both["dim"] == "all"]
    kinds = both[(both["dim"] == "kind") & both.key.isin(GROUPS) & both.quarter_has_status.astype(bool)]
    df = pd.concat([nation, kinds], ignore_index=True)
    out = _typed(df)
    out.insert(0, "group", df["key"].to_numpy())
    out.insert(0, "quarter", df["quarter"].astype(str).to_numpy())
    out["has_status"] = df["quarter_has_status"].astype(bool).to_numpy()
    for c in _RATIOS:  # no status: nothing to compute, whatever the counts
        out[c] = out[c].mask(~out["has_status"])
    out["_order"] = out["group"].map({"all": 0, "basic": 1, "mvno": 2})
    return out.sort_values(["quarter", "_order"]).drop(columns="_order").reset_index(drop=True)


def below_threshold(
    h: Handling, threshold: float = DEFAULT_RATE_THRESHOLD, min_reports: int = DEFAULT_MIN_REPORTS
) -> pd.DataFrame:
    """Operators whose handling rate is below ``threshold``, lowest first, among those with at least
    ``min_reports`` actionable reports (handled + pending). Empty unless ``h`` is ``ok``."""
    if not 0 < threshold <= 1:
        raise ValueError("the threshold is a handling rate above 0 and at most 1 (0.9 = 90%)")
    if min_reports < 0:
        raise ValueError("the minimum number of reports must not be negative")
    df = h.operators
    if h.state != "ok":
        return df.iloc[0:0]
    actionable = df["handled"] + df["pending"]
    low = df[(actionable >= max(min_reports, 1)) & (df["handling_rate"].fillna(1.0) < threshold)]
    return low.sort_values(["handling_rate", "key"]).reset_index(drop=True)


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The frame as the CLI's JSON rows: :data:`FIELDS` only, null where nothing was computed."""
    out = []
    for row in df[list(FIELDS)].itertuples(index=False):
        rec: dict[str, Any] = {}
        for field, value in zip(FIELDS, row, strict=True):
            if field in _RATIOS:
                rec[field] = _none(value)
            elif field in _COUNTS:
                rec[field] = int(value)
            else:
                rec[field] = str(value)
        out.append(rec)
    return out


# --------------------------------------------------------------------------- display


def display_frame(df: pd.DataFrame, by: str, lang: str, sla_days: int = DEFAULT_SLA_DAYS) -> pd.DataFrame:
    """The measures as the page and the exports show them: translated headers, rates in per cent (one
    decimal), days to one decimal; missing values stay missing."""
    cols = ["name", "forwarded", "handled", "pending", "not_actionable", "handling_rate"]
    cols += ["median_days", "p90_days", "within_sla_share"]
    if by == "operator":
        cols.insert(1, "kind")
    out = df[cols].copy()
    for c in ("handling_rate", "within_sla_share"):
        out[c] = (out[c] * 100.0).round(1)
    for c in ("median_days", "p90_days"):
        out[c] = out[c].round(1)
    if by == "operator":
        out["kind"] = [terms.operator_kind(k, lang) if k in GROUPS else "" for k in out["kind"]]
    return out.rename(columns={c: column_label(c, by, lang, sla_days) for c in out.columns})


def column_label(col: str, by: str, lang: str, sla_days: int = DEFAULT_SLA_DAYS) -> str:
    """A column's header in ``lang``."""
    if col == "name":
        return t(f"hd.name.{by}", lang)
    if col == "within_sla_share":
        return t("hd.col.within_sla_share", lang, n=sla_days)
    return t(f"hd.col.{col}", lang)


def methodology(h: Handling, lang: str) -> list[str]:
    """Footnote lines: what was counted, and how the rate, the days and the service level are defined."""
    lines = [
        t("hd.method.forwarded", lang, quarter=h.quarter),
        t("hd.method.rate", lang),
        t("hd.method.days", lang),
        t("hd.method.sla", lang, n=h.sla_days),
    ]
    if h.national is not None and h.national.no_status:
        lines.append(t("hd.method.no_status", lang, n=f"{h.national.no_status:,}"))
    if h.state == "ok" and not h.complete:
        lines.append(t("hd.partial", lang, quarter=h.quarter, as_of=fmt.date_words(h.data_as_of, lang)))
    return lines
