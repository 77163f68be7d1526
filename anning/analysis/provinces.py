"""Complaints by provincial-level unit for the province map: counts, shares, per-capita rates and classes.

Pure functions over a :class:`anning.store.info.QuerySource`. The counts come from the
``r_rank`` rollup (dimension ``province``, keyed by adcode) through the named
query ``map_provinces``; population is the 2020 census in ``ref_province``.

A unit with no complaint rows at all (Hong Kong, Macao and Taiwan in the demo)
has *no data*: it is never ranked and never coloured as zero, because "we have
no figures" and "nobody complained" are different statements.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from anning.core import fmt
from anning.i18n import name_column, t, terms
from anning.store.info import QuerySource

METRICS = ("count", "rate")
CHANNELS = (None, *terms.CHANNELS)
CATEGORIES = (None, *terms.CATEGORIES)
PER = terms.RATE_BASES["residents"]  # rates are complaints per 100,000 residents
N_CLASSES = 5
# A rate on a handful of complaints ranks a small province first by chance (6 complaints in Qinghai): as the
# rankings do, a province needs this many complaints before it gets a rate.
MIN_COUNT = 10


@dataclass(frozen=True)
class ProvinceView:
    """One quarter's complaints by province under the chosen filters.

    ``table`` has one row per provincial-level unit (34), ranked units first:
    ``adcode, name_zh, name_en, population, has_data, complaints, share, rate, value, rank``,
    where ``value`` is the chosen metric (``complaints`` or ``rate``) and is NaN
    for units without data. ``breaks`` are the class boundaries of ``value``
    (see :func:`class_breaks`).
    """

    quarter: str
    metric: str
    channel: str | None
    category: str | None
    table: pd.DataFrame
    located: int  # complaints with a province
    quarter_total: int  # every complaint of the quarter under the filters, located or not
    breaks: tuple[float, ...]
    min_count: int = MIN_COUNT

    @property
    def guarded(self) -> pd.DataFrame:
        """Units with data but too few complaints for a rate."""
        return self.table[self.table["guarded"]]

    @property
    def unlocated(self) -> int:
        """Complaints of the quarter without a province (not on the map)."""
        return max(self.quarter_total - self.located, 0)

    @property
    def no_data(self) -> pd.DataFrame:
        """The units without any complaint data."""
        return self.table[~self.table["has_data"]]


def view(
    src: QuerySource,
    quarter: str,
    *,
    metric: str = "count",
    channel: str | None = None,
    category: str | None = None,
    min_count: int = MIN_COUNT,
) -> ProvinceView:
    """Read the counts for ``quarter`` and derive shares, rates, ranks and colour classes."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {', '.join(METRICS)}")
    raw = src.query("map_provinces", {"quarter": quarter, "channel": channel, "category": category})
    return build_view(raw, quarter, metric=metric, channel=channel, category=category, min_count=min_count)


def build_view(
    raw: pd.DataFrame,
    quarter: str,
    *,
    metric: str = "count",
    channel: str | None = None,
    category: str | None = None,
    min_count: int = MIN_COUNT,
) -> ProvinceView:
    """The view from ``map_provinces`` rows (separate from :func:`view` so tests can hand-build rows).

    A province with data but fewer than ``min_count`` complaints gets no rate (``guarded``): in the rate
    view it is neither ranked nor classed, and the map shows it as "too few complaints".
    """
    if min_count < 0:
        raise ValueError("the minimum count must not be negative")
    df = raw.copy()
    df["has_data"] = df["has_data"].astype(bool)
    df["complaints"] = pd.to_numeric(df["complaints"], errors="coerce").astype("float64")
    df.loc[~df["has_data"], "complaints"] = np.nan
    df["population"] = pd.to_numeric(df["population"], errors="coerce").astype("float64")
    located = int(df["complaints"].sum(skipna=True))
    df["share"] = df["complaints"] / located if located else np.where(df["has_data"], 0.0, np.nan)
    df["guarded"] = df["has_data"] & (df["complaints"].fillna(0) < min_count)
    df["rate"] = (df["complaints"] / df["population"] * PER).where(~df["guarded"])
    df["value"] = df["complaints"] if metric == "count" else df["rate"]
    # Ties share a rank (1, 2, 2, 4); units without data get none.
    df["rank"] = df["value"].rank(method="min", ascending=False).astype("Int64")
    df = df.sort_values(["rank", "adcode"], na_position="last").reset_index(drop=True)
    total = raw["quarter_total"].iloc[0] if len(raw) else 0
    breaks = class_breaks(df.loc[df["has_data"], "value"].tolist(), metric=metric)
    return ProvinceView(quarter, metric, channel, category, df, located, int(total), breaks, min_count)


def class_breaks(values: Sequence[float], *, metric: str = "count", k: int = N_CLASSES) -> tuple[float, ...]:
    """Boundaries of up to ``k`` quantile classes (equal numbers of units per class).

    Boundaries are rounded (whole complaints for counts, two decimals for rates),
    so the legend shows exactly the numbers used to classify. A value ``v`` is in
    class ``i`` = the number of boundaries ``<= v`` (see :func:`class_of`).
    Duplicate boundaries and any at or below the minimum are dropped, so classes
    are never empty at the bottom and identical values always share a class.
    """
    vals = sorted(float(v) for v in values if v is not None and math.isfinite(float(v)))
    if len(vals) < 2:
        return ()
    digits = 0 if metric == "count" else 2
    qs = np.quantile(vals, [i / k for i in range(1, k)])
    out: list[float] = []
    for q in qs:
        b = round(float(q), digits)
        if b > vals[0] and b <= vals[-1] and (not out or b > out[-1]):
            out.append(b)
    return tuple(out)


def class_of(value: float | None, breaks: Sequence[float]) -> int | None:
    """The class index of ``value`` (0 = lowest), or None when it is missing (no data)."""
    if value is None or not math.isfinite(float(value)):
        return None
    return sum(1 for b in breaks if float(value) >= b)


def class_labels(view: ProvinceView, lang: str) -> list[str]:
    """One label per class, ``low–high``: the smallest and largest value the class actually holds, as shown.

    Ranges never overlap (27–170, 171–264, not 27–171, 171–264): each bound is a value of a province in
    that class, classes are disjoint, and rates get one more decimal whenever rounding would make one
    class's top read the same as the next one's bottom.
    """
    vals = view.table.loc[view.table["has_data"], "value"].dropna()
    if vals.empty:
        return []
    classes = [class_of(v, view.breaks) for v in vals]
    ranges: list[tuple[float, float] | None] = []
    for k in range(len(view.breaks) + 1):
        members = [float(v) for v, c in zip(vals, classes, strict=True) if c == k]
        ranges.append((min(members), max(members)) if members else None)

    def show(x: float, digits: int) -> str:
        return fmt.count(x, lang) if view.metric == "count" else fmt.rate(x, lang, digits)

    digits = 2
    while view.metric != "count" and digits < 4:
        bounds = [(show(r[0], digits), show(r[1], digits)) for r in ranges if r]
        if not any(a[1] == b[0] for a, b in zip(bounds[:-1], bounds[1:], strict=True)):
            break
        digits += 1
    labels = []
    for r in ranges:
        if r is None:
            labels.append("–")
            continue
        a, b = show(r[0], digits), show(r[1], digits)
        labels.append(a if a == b else f"{a}–{b}")
    return labels


def metric_label(metric: str, lang: str) -> str:
    """The measure's name, the rate naming its base (one label for every header, legend and export)."""
    return terms.measure("complaints", lang) if metric == "count" else terms.rate("residents", lang)


def province_name(row: object, lang: str) -> str:
    """The unit's name in the language (full official Chinese name; English name)."""
    return str(getattr(row, name_column(lang)))


def ranked_table(view: ProvinceView, lang: str, compare: ProvinceView | None = None) -> pd.DataFrame:
    """The ranked table for the page and its CSV export, headers translated, no-data units last and blank.

    The measure the table is ranked by (complaints, or the rate per 100,000 residents) follows the name, so
    the order can be read off the table: a province ranked first by its rate on 84 complaints shows that rate.
    With ``compare`` (the same filters in an earlier quarter), that measure in the earlier quarter and the
    change in per cent follow it: complaints against complaints, or a rate against a rate (a province with too
    few complaints for a rate in either quarter has no change).
    """
    df = view.table
    count = view.metric == "count"
    column = "complaints" if count else "rate"
    measures = {
        "complaints": (t("map.col_complaints", lang), df["complaints"].astype("Int64")),
        "rate": (terms.rate("residents", lang), df["rate"].round(2)),
    }
    share = (t("map.col_share", lang), (df["share"] * 100).round(1))
    out = pd.DataFrame(
        {
            t("map.col_rank", lang): df["rank"],
            t("map.col_province", lang): df["name_zh"] if lang == "zh" else df["name_en"],
            measures[column][0]: measures[column][1],
        }
    )
    if compare is not None:
        then = df["adcode"].map(compare.table.set_index("adcode")[column])
        change = ((df[column] - then) / then * 100).where(then > 0)
        out[then_label(view, compare.quarter, lang)] = then.astype("Int64") if count else then.round(2)
        out[t("map.col_change", lang)] = change.round(1)
    # Then the other measure and the share: the share beside the complaints it is a share of.
    for label, values in [share, measures["rate"]] if count else [measures["complaints"], share]:
        out[label] = values
    out[t("map.col_population", lang)] = df["population"].astype("Int64")
    return out


def then_label(view: ProvinceView, quarter: str, lang: str) -> str:
    """The header of the earlier quarter's column: the quarter, beside complaints; with the rate's name too,
    since the CSV holds the complaints and the rates side by side."""
    if view.metric == "count":
        return t("map.col_then", lang, quarter=quarter)
    return t("map.col_then_measure", lang, measure=metric_label(view.metric, lang), quarter=quarter)


def change_note(view: ProvinceView, quarter: str, lang: str) -> str:
    """What the change column compares: the measure the table is ranked by, this quarter against ``quarter``."""
    measure = terms.inline(metric_label(view.metric, lang), lang)
    return t("map.change_note", lang, measure=measure, quarter=view.quarter, then=quarter)


def names(units: pd.DataFrame, lang: str) -> str:
    """The names of some units (rows of ``view.table``), joined for a sentence."""
    return t("map.list_sep", lang).join(province_name(r, lang) for r in units.itertuples())


def no_data_names(view: ProvinceView, lang: str) -> str:
    """The names of units without data, joined for a sentence."""
    return names(view.no_data, lang)
