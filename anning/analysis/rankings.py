"""Rankings: who generates the complaints in a quarter, and who moved since the last one.

One function, :func:`rank`, serves the Rankings page, the ``python -m anning rank``
command and the publications feature. It reads the ``r_rank`` rollup through the
named query ``rank_dimension`` (one query per ranking) and adds, in Python, what
SQL does not need to do: shares, changes, the rank-movement arrow, the
minimum-volume threshold and the significance test.

Units (the CLI's JSON uses the same):

* ``share`` is a fraction of 1 (0.413 means 41.3%) of the complaints in scope
  that have a known value of the dimension (the quarter, channel, category and,
  for operators, kind filters applied);
* ``change_pct`` and ``yoy_pct`` are **percentages** (-12.4 means a 12.4% fall);
  they are missing when the earlier count is 0 (a new entry) or that quarter is not
  loaded.

Significance: a change is "significant" when a two-sided exact binomial test of
the current count against current + previous with p = 0.5 (the conditional test
of two Poisson counts with equal rates) gives p < 0.05. With a missing previous
quarter, or a current quarter that is not yet complete, no test is made
(``significant`` is missing).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from anning.analysis import handling
from anning.core import quarters
from anning.i18n import t, terms
from anning.store.info import QuerySource

DIMENSIONS = ("industry", "company", "port_company", "operator", "number_range", "province")
CHANNELS = terms.CHANNELS
CATEGORIES = terms.CATEGORIES
OPERATOR_KINDS = terms.OPERATOR_KINDS
SORTS = ("complaints", "change")
# Fewer complaints than this in both quarters tell nothing about a trend: 1 -> 3 is +200% and means
# nothing. At 10 the exact test can call 0 -> 10 significant, and 10 -> 20 (p = 0.10) it cannot.
DEFAULT_MIN_VOLUME = 10
ALPHA = 0.05
# Not industries: unclassified and "other" complaints are reported as shares of their own, never ranked.
NOT_INDUSTRIES = ("unclassified", "other")
# Dimensions whose keys are companies (the Rankings page opens their profile).
COMPANY_DIMENSIONS = ("company", "port_company")

COLUMNS = (
    "rank",
    "key",
    "name",
    "complaints",
    "share",
    "previous_complaints",
    "previous_rank",
    "change",
    "change_pct",
    "yoy_complaints",
    "yoy_pct",
    "movement",
    "rank_change",
    "significant",
    "p_value",
    "note",
    "yoy_significant",
    "yoy_note",
)
OPERATOR_COLUMNS = ("kind", "subscribers", "subscribers_year", "rate_per_million", "handling_rate", "median_days")


@dataclass(frozen=True)
class RankSpec:
    """What to rank: the dimension, the quarter and the filters.

    ``min_volume`` keeps tiny entities out: in the count view a row needs at least
    that many complaints this quarter; in the change view, in this quarter or the
    previous one (so a big faller still shows). ``top`` keeps ranks up to ``top``
    (a tie at the boundary is kept whole) in the count view, the first ``top``
    rows in the change view. ``operator_kind`` (``basic``/``mvno``) ranks
    operators within one kind.
    """

    by: str
    quarter: str
    channel: str | None = None
    category: str | None = None
    top: int | None = None
    min_volume: int = DEFAULT_MIN_VOLUME
    operator_kind: str | None = None
    sort: str = "complaints"
    compare: str | None = None  # the quarter changes are measured against (default: the previous quarter)

    def validated(self) -> RankSpec:
        """The spec with the quarter normalised; a ``ValueError`` naming the bad value otherwise."""
        if self.by not in DIMENSIONS:
            raise ValueError(f"unknown ranking {self.by!r}; choose one of: {', '.join(DIMENSIONS)}")
        y, q = quarters.parse(self.quarter)
        if self.channel is not None and self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}; choose one of: {', '.join(CHANNELS)}")
        if self.category is not None and self.category not in CATEGORIES:
            raise ValueError(f"unknown category {self.category!r}; choose one of: {', '.join(CATEGORIES)}")
        if self.operator_kind is not None and (self.by != "operator" or self.operator_kind not in OPERATOR_KINDS):
            raise ValueError(
                f"operator kind {self.operator_kind!r} needs --by operator and one of: {', '.join(OPERATOR_KINDS)}"
            )
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}; choose one of: {', '.join(SORTS)}")
        if self.top is not None and self.top < 1:
            raise ValueError("top must be at least 1")
        if self.min_volume < 0:
            raise ValueError("the minimum volume must not be negative")
        compare = None
        if self.compare is not None:
            cy, cq = quarters.parse(self.compare)
            compare = quarters.label(cy, cq)
            if compare >= quarters.label(y, q):
                raise ValueError(f"the comparison quarter {compare} must be before {quarters.label(y, q)}")
        return replace(self, quarter=quarters.label(y, q), compare=compare)

    @property
    def base(self) -> str:
        """The quarter changes are measured against: the chosen comparison, else the previous quarter."""
        return self.compare or quarters.previous(self.quarter)

    def params(self, lang: str) -> dict[str, object]:
        """The ``rank_dimension`` query's parameters."""
        return {
            "dim": self.by,
            "quarter": self.quarter,
            "prev_quarter": self.base,
            "yoy_quarter": quarters.year_ago(self.quarter),
            "channel": self.channel,
            "category": self.category,
            "operator_kind": self.operator_kind,
            "lang": lang,
        }


def binomial_p(current: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Two-sided exact binomial p-values of ``current`` out of ``current + previous`` at p = 0.5.

    Vectorised; equal to ``scipy.stats.binomtest(k, n, 0.5).pvalue`` (the distribution is
    symmetric, so the two tails are twice the smaller one, capped at 1).
    """
    # scipy.special (with statsmodels' scipy) imports in a fraction of scipy.stats' time, which matters
    # on a page's first run. P(X <= m) for X ~ Bin(n, 1/2) is the regularised incomplete beta I_{1/2}(n-m, m+1).
    from scipy.special import betainc

    k = np.asarray(current, dtype=float)
    n = k + np.asarray(previous, dtype=float)
    m = np.minimum(k, n - k)
    with np.errstate(invalid="ignore", divide="ignore"):
        tail = np.where(m < n, betainc(np.maximum(n - m, 1e-300), m + 1, 0.5), 1.0)
    return np.where(n > 0, np.minimum(1.0, 2.0 * tail), np.nan)


def is_complete(quarter: str, data_as_of: object, today: dt.date | None = None) -> bool:
    """The data reaches the quarter's last day (the same rule as :func:`anning.store.info.store_info`)."""
    if data_as_of is None or (isinstance(data_as_of, float) and math.isnan(data_as_of)) or pd.isna(data_as_of):
        return False
    as_of = pd.Timestamp(data_as_of).date()
    return quarters.end(quarter) <= min(as_of, today or dt.date.today())


def _movements(rank: np.ndarray, previous_rank: np.ndarray, has_previous: bool, lang: str) -> list[str]:
    """``▲2`` (up two places), ``▼1``, ``＝``, ``new`` or ``out``; empty when the previous quarter is not loaded."""
    if not has_previous:
        return [""] * len(rank)
    new, out = t("rk.move_new", lang), t("rk.move_out", lang)
    moves = []
    for r, p in zip(rank.tolist(), previous_rank.tolist(), strict=True):
        if r != r:  # NaN: no complaints this quarter
            moves.append(out)
        elif p != p:
            moves.append(new)
        else:
            d = int(p) - int(r)
            # A full-width equals sign: an ASCII "=" would be neutralised as a formula in exports.
            moves.append("＝" if d == 0 else (f"▲{d}" if d > 0 else f"▼{-d}"))
    return moves


def _notes(cur: np.ndarray, prev: np.ndarray, significant: np.ndarray, has_prev: bool, complete: bool) -> list[str]:
    notes = []
    for c, pv, sig in zip(cur.tolist(), prev.tolist(), significant.tolist(), strict=True):
        if not has_prev:
            notes.append("no_previous")
        elif c == 0:
            notes.append("out")
        elif pv == 0:
            notes.append("new")
        elif not complete:
            notes.append("partial")
        elif not sig:
            notes.append("not_significant")
        else:
            notes.append("rise" if c > pv else "fall")
    return notes


@dataclass(frozen=True)
class Ranking:
    """A ranking: its table (one row per entity, see :func:`rank`) and the figures around it.

    ``total`` is the complaints in scope this quarter (the share's denominator), ``previous_total``
    and ``yoy_total`` the same for the previous quarter and a year earlier; ``complete`` says the
    quarter's data is complete, ``has_previous`` / ``has_yoy`` that those quarters are loaded, and
    ``n_keys`` counts the entities with complaints in scope before the threshold and ``top``.
    """

    table: pd.DataFrame
    quarter: str
    total: int
    previous_total: int
    yoy_total: int
    complete: bool
    has_previous: bool
    has_yoy: bool
    n_keys: int
    # Industry rankings: the complaints that are not an industry's (unclassified, other), as shares of their
    # own: key, name, complaints, share (of ``total``), previous_complaints. Never ranked.
    unranked: pd.DataFrame = field(default_factory=lambda: pd.DataFrame())


def _split_non_industries(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``rank_dimension`` rows of real industries, re-ranked, and the non-industries with their shares."""
    out = raw["key"].astype(str).isin(NOT_INDUSTRIES).to_numpy()
    total = float(raw["total"].iloc[0]) if len(raw) else 0.0
    gone = raw[out]
    unranked = pd.DataFrame(
        {
            "key": gone["key"].astype(str).to_numpy(),
            "name": gone["name"].astype(str).to_numpy(),
            "complaints": gone["complaints"].astype("int64").to_numpy(),
            "share": (gone["complaints"].astype(float) / total).to_numpy() if total else np.nan,
            "previous_complaints": gone["previous_complaints"].astype("int64").to_numpy(),
        }
    )
    real = raw[~out].copy()
    for col, count in (("rank", "complaints"), ("previous_rank", "previous_complaints")):
        n = real[count].astype(float)
        # Ties share a rank and the next rank skips (1, 2, 2, 4); no complaints, no rank.
        real[col] = n.where(n > 0).rank(method="min", ascending=False)
    return real.reset_index(drop=True), unranked.reset_index(drop=True)


def empty_frame(by: str) -> pd.DataFrame:
    """An empty ranking with the right columns."""
    cols = COLUMNS + (OPERATOR_COLUMNS if by == "operator" else ())
    return pd.DataFrame({c: [] for c in cols})


def _float(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def rank(src: QuerySource, spec: RankSpec, lang: str, *, today: dt.date | None = None) -> Ranking:
    """The ranking for ``spec``, one row per entity, in display order (see the module docstring for units).

    Columns: ``rank, key, name, complaints, share, previous_complaints, previous_rank, change,
    change_pct, yoy_complaints, yoy_pct, movement, rank_change, significant, p_value, note``,
    plus ``kind, subscribers, subscribers_year, rate_per_million`` for operators. ``note`` is a
    code: ``rise`` / ``fall`` (a significant change), ``new``, ``out`` (no complaints now),
    ``not_significant``, ``no_previous`` (previous quarter not loaded) or ``partial`` (the quarter
    is incomplete, so no test). Missing values are ``<NA>``/NaN. The :class:`Ranking` around the
    table carries the totals and the flags.
    """
    spec = spec.validated()
    raw = src.query("rank_dimension", spec.params(lang))
    unranked = pd.DataFrame(columns=["key", "name", "complaints", "share", "previous_complaints"])
    if spec.by == "industry" and not raw.empty:
        # Unclassified and "other" complaints are not an industry: they are reported beside the ranking, and
        # the real industries are ranked among themselves (this quarter and the previous one alike).
        raw, unranked = _split_non_industries(raw)
    if raw.empty:
        return Ranking(empty_frame(spec.by), spec.quarter, 0, 0, 0, False, False, False, 0, unranked)
    first = raw.iloc[0]
    has_prev, has_yoy = bool(first.has_previous), bool(first.has_yoy)
    complete = is_complete(spec.quarter, first.data_as_of, today)
    total = int(first.total)
    # Plain numpy arrays throughout: element-wise pandas work costs more than the query at 1,000 rows.
    cur = raw["complaints"].to_numpy(dtype="int64")
    prev = raw["previous_complaints"].to_numpy(dtype="int64")
    yoy = raw["yoy_complaints"].to_numpy(dtype="int64")
    rnk = _float(raw["rank"])
    prev_rnk = _float(raw["previous_rank"]) if has_prev else np.full(len(raw), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        change_pct = np.where(prev > 0, (cur - prev) / np.maximum(prev, 1) * 100.0, np.nan)
        yoy_pct = np.where(yoy > 0, (cur - yoy) / np.maximum(yoy, 1) * 100.0, np.nan)
    testable = has_prev and complete
    p = binomial_p(cur, prev) if testable else np.full(len(raw), np.nan)
    sig = p < ALPHA
    # Year on year gets the same test: a +69% that chance explains must not read as a rise.
    p_yoy = binomial_p(cur, yoy) if has_yoy and complete else np.full(len(raw), np.nan)
    sig_yoy = p_yoy < ALPHA

    # Threshold and order (see RankSpec), on the arrays.
    if spec.sort == "complaints":
        idx = np.flatnonzero(cur >= max(spec.min_volume, 1))
        if spec.top is not None:
            idx = idx[rnk[idx] <= spec.top]
        # The query returns rows by rank, complaints, key already.
    else:
        base = prev if has_prev else np.zeros_like(prev)
        idx = np.flatnonzero(np.maximum(cur, base) >= spec.min_volume)
        change = cur - base
        # Significant rises first, largest change in complaints first (so 1 -> 10, +900%, does not
        # lead 1,000 -> 1,400); then every change too small to mean anything, by size, not by its
        # change; then significant falls, the largest last.
        group = np.where(sig & (change > 0), 0, np.where(sig, 2, 1))
        keyed = np.where(group == 1, 0, change)
        order = np.lexsort((np.arange(len(raw)), -cur, -keyed, group))  # the query's order breaks ties
        idx = order[np.isin(order, idx)]
        if spec.top is not None:
            idx = idx[: spec.top]

    def na_int(values: np.ndarray, present: bool) -> pd.api.extensions.ExtensionArray:
        return pd.array(values[idx] if present else [pd.NA] * len(idx), dtype="Int64")

    df = pd.DataFrame(
        {
            "rank": pd.array(np.where(np.isnan(rnk[idx]), 0, rnk[idx]).astype("int64"), dtype="Int64"),
            "key": raw["key"].astype(str).to_numpy()[idx],
            "name": raw["name"].astype(str).to_numpy()[idx],
            "complaints": cur[idx],
            "share": cur[idx] / total if total else np.full(len(idx), np.nan),
            "previous_complaints": na_int(prev, has_prev),
            "previous_rank": pd.array([pd.NA if x != x else int(x) for x in prev_rnk[idx].tolist()], dtype="Int64"),
            "change": na_int(cur - prev, has_prev),
            "change_pct": change_pct[idx] if has_prev else np.full(len(idx), np.nan),
            "yoy_complaints": na_int(yoy, has_yoy),
            "yoy_pct": yoy_pct[idx] if has_yoy else np.full(len(idx), np.nan),
            "movement": _movements(rnk[idx], prev_rnk[idx], has_prev, lang),
            "rank_change": pd.array(
                [
                    pd.NA if (a != a or b != b) else int(b - a)
                    for a, b in zip(rnk[idx].tolist(), prev_rnk[idx].tolist(), strict=True)
                ],
                dtype="Int64",
            ),
            "significant": pd.array(sig[idx] if testable else [pd.NA] * len(idx), dtype="boolean"),
            "p_value": p[idx],
            "note": _notes(cur[idx], prev[idx], sig[idx], has_prev, complete),
            "yoy_significant": pd.array(sig_yoy[idx] if has_yoy and complete else [pd.NA] * len(idx), dtype="boolean"),
            "yoy_note": _notes(cur[idx], yoy[idx], sig_yoy[idx], has_yoy, complete),
        }
    )
    df["rank"] = df["rank"].mask(np.isnan(rnk[idx]))  # no complaints this quarter: no rank
    if spec.by == "operator":
        subs = _float(raw["subscribers"])[idx]
        df["kind"] = raw["kind"].astype(str).to_numpy()[idx]
        df["subscribers"] = pd.array([pd.NA if x != x else int(x) for x in subs.tolist()], dtype="Int64")
        df["subscribers_year"] = pd.array(
            [pd.NA if x != x else int(x) for x in _float(raw["subscribers_year"])[idx].tolist()], dtype="Int64"
        )
        with np.errstate(divide="ignore", invalid="ignore"):
            df["rate_per_million"] = pd.array(cur[idx] / subs * 1_000_000, dtype="Float64")
        # How the operator handled the reports forwarded to it (all channels; blank without status data).
        rates = handling.operator_rates(src, spec.quarter, lang).set_index("key")
        for col in ("handling_rate", "median_days"):
            df[col] = pd.array(df["key"].map(rates[col]) if len(rates) else [pd.NA] * len(df), dtype="Float64")
    return Ranking(
        table=df,
        quarter=spec.quarter,
        total=total,
        previous_total=int(first.previous_total),
        yoy_total=int(first.yoy_total),
        complete=complete,
        has_previous=has_prev,
        has_yoy=has_yoy,
        n_keys=int((cur > 0).sum()),
        unranked=unranked,
    )


# --------------------------------------------------------------------------- display


def dimension_label(by: str, lang: str) -> str:
    """The ranking's name (``Source industries``)."""
    return t(f"rk.by.{by}", lang)


def note_text(note: str, lang: str) -> str:
    """A note code in words."""
    return t(f"rk.note.{note}", lang) if note else ""


def display_frame(df: pd.DataFrame, by: str, lang: str, compare: str | None = None) -> pd.DataFrame:
    """The ranking as the page and the exports show it: translated headers, notes in words, keys for people.

    ``compare``: the comparison quarter, when it is not the previous one (its headers name it). A company
    key shows as its credit code; a name key (``n:…``) shows blank, since the name is in the next column.
    """
    cols = [
        "rank",
        "movement",
        "name",
        "complaints",
        "share",
        "previous_complaints",
        "previous_rank",
        "change_pct",
        "yoy_complaints",
        "yoy_pct",
        "note",
        "yoy_note",
    ]
    if by == "operator":
        cols[3:4] = ["kind", "complaints", "rate_per_million", "handling_rate", "median_days"]
    if by in COMPANY_DIMENSIONS:
        cols.insert(3, "key")
    out = df[cols].copy()
    out["note"] = [note_text(n, lang) for n in out["note"]]
    out["yoy_note"] = [note_text(n, lang) for n in out["yoy_note"]]
    if "key" in out:
        out["key"] = ["" if str(k).startswith("n:") else k for k in out["key"]]
    out["share"] = (out["share"] * 100.0).round(1)  # shown as a percentage like the changes
    for col in ("change_pct", "yoy_pct"):
        out[col] = out[col].round(1)
    if by == "operator":
        out["rate_per_million"] = out["rate_per_million"].astype("Float64").round(2)
        out["handling_rate"] = (out["handling_rate"].astype("Float64") * 100.0).round(1)
        out["median_days"] = out["median_days"].astype("Float64").round(1)
        out["kind"] = [terms.operator_kind(k, lang) if k in OPERATOR_KINDS else k for k in out["kind"]]
    return out.rename(columns={c: column_label(c, by, lang, compare) for c in out.columns})


def column_label(col: str, by: str, lang: str, compare: str | None = None) -> str:
    """A column's header in ``lang`` (the name column is named after the dimension; with ``compare`` the
    previous-quarter columns are named after the comparison quarter)."""
    if col == "name":
        return t(f"rk.name.{by}", lang)
    if col == "rate_per_million":
        return terms.rate("subscribers", lang)
    if compare and col in ("previous_complaints", "previous_rank", "change_pct", "note"):
        return t(f"rk.vs.{col}", lang, quarter=compare)
    return t(f"rk.col.{col}", lang)


def methodology(spec: RankSpec, lang: str, *, complete: bool = True) -> list[str]:
    """Footnote lines for exports and the page: what the numbers are and how changes were tested."""
    spec = spec.validated()
    scope = [
        terms.channel(spec.channel, lang),
        terms.category(spec.category, lang),
    ]
    if spec.operator_kind:
        scope.append(terms.operator_kind(spec.operator_kind, lang))
    lines = [
        t(
            "rk.method.scope",
            lang,
            ranking=dimension_label(spec.by, lang),
            quarter=spec.quarter,
            scope=", ".join(scope) if lang == "en" else "、".join(scope),
        ),
        t("rk.method.rank", lang),
        t("rk.method.compare", lang, prev=spec.base, yoy=quarters.year_ago(spec.quarter)),
        t("rk.method.test", lang, alpha=f"{ALPHA:g}"),
        t("rk.method.threshold_change" if spec.sort == "change" else "rk.method.threshold", lang, n=spec.min_volume),
    ]
    if spec.by == "operator":
        lines.append(t("rk.method.rate", lang))
        lines.append(t("rk.method.handling", lang))
    if not complete:
        lines.append(t("rk.partial", lang, quarter=spec.quarter))
    return lines
