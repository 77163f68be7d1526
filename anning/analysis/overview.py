"""The Overview page's logic: KPI cards, the quarterly trend and the headline sentences for one quarter.

:func:`build` reads five named queries (the quarterly series from ``r_month``, takedowns and
enforcement for three quarters, and the industry and operator rankings from ``r_rank``) and
returns a frozen :class:`Overview`. Changes are fractions (0.124 = 12.4%); a change is missing
when its base quarter is not loaded or is 0, and every comparison is withheld while the chosen
quarter is incomplete, because a partial quarter would read as a fall.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from anning.analysis import handling, headlines, rankings
from anning.core import quarters
from anning.i18n import t, terms
from anning.store import reference
from anning.store.info import QuerySource

# KPI card keys, in display order.
COMPLAINT_KPIS = ("total", "sms", "call")
ACTION_KPIS = ("ports", "numbers", "actions", "fines")
ACTIONS = terms.ACTIONS


def kpi_label(key: str, lang: str) -> str:
    """A KPI card's title: the channels by their shared term, the others by their own."""
    return terms.channel(key, lang) if key in terms.CHANNELS else t(f"ov.kpi.{key}", lang)


@dataclass(frozen=True)
class Kpi:
    """One card: the quarter's value and, where comparable, the previous quarter's and a year earlier's."""

    key: str
    value: float
    previous: float | None
    year_ago: float | None

    @staticmethod
    def _change(cur: float, base: float | None) -> float | None:
        return None if base is None or base == 0 else (cur - base) / base

    @property
    def qoq(self) -> float | None:
        """Quarter-on-quarter change as a fraction, or ``None``."""
        return self._change(self.value, self.previous)

    @property
    def yoy(self) -> float | None:
        """Year-on-year change as a fraction, or ``None``."""
        return self._change(self.value, self.year_ago)

    def _significant(self, base: float | None) -> bool | None:
        # Counts only (complaints, takedowns, actions): fines are money, not events, and get no test.
        if base is None or self.key == "fines":
            return None
        return bool(rankings.binomial_p([self.value], [base])[0] < rankings.ALPHA)

    @property
    def qoq_significant(self) -> bool | None:
        """Whether the change on the comparison quarter passes the rankings' exact test (None: no test)."""
        return self._significant(self.previous)

    @property
    def yoy_significant(self) -> bool | None:
        """Whether the year-on-year change passes the same test (None: no test)."""
        return self._significant(self.year_ago)


@dataclass(frozen=True)
class Overview:
    """Everything the Overview page shows for one quarter."""

    quarter: str
    previous_quarter: str
    year_ago_quarter: str
    complete: bool
    data_as_of: dt.date | None
    kpis: tuple[Kpi, ...]
    actions: pd.DataFrame  # action, actions, fines_yuan for the quarter (every action type, zeros kept)
    trend: pd.DataFrame  # quarter, sms, call, total, complete
    headlines: tuple[str, ...]

    @property
    def fines_differ(self) -> bool:
        """Whether the table's fines (every authority) differ from the card's (telecom regulators within the cap)."""
        return float(self.actions["fines_yuan"].sum()) != float(self.kpi("fines").value)

    def kpi(self, key: str) -> Kpi:
        """The card with this key."""
        return next(k for k in self.kpis if k.key == key)


def _sums(df: pd.DataFrame, col: str, value_col: str) -> dict[tuple[str, str], float]:
    """``(quarter, code) -> value`` from a small long table."""
    out: dict[tuple[str, str], float] = {}
    for q, k, v in zip(df["quarter"].tolist(), df[col].tolist(), df[value_col].tolist(), strict=True):
        out[(str(q), str(k))] = out.get((str(q), str(k)), 0.0) + float(v)
    return out


def build(
    src: QuerySource,
    quarter: str,
    lang: str,
    *,
    anomalies: Sequence[headlines.AnomalyNote] = (),
    min_volume: int = rankings.DEFAULT_MIN_VOLUME,
    today: dt.date | None = None,
    compare: str | None = None,
) -> Overview:
    """KPIs, trend and headlines for ``quarter`` (``YYYYQn``).

    ``compare``: an earlier quarter the KPI cards compare with instead of the previous one (the headlines
    always speak of the previous quarter and a year earlier, as the bulletins do).
    """
    q = quarters.label(*quarters.parse(quarter))
    prev, yoy = quarters.previous(q), quarters.year_ago(q)
    if compare is not None:
        prev = quarters.label(*quarters.parse(compare))
        if prev >= q:
            raise ValueError(f"the comparison quarter {prev} must be before {q}")
    s = headlines.series(src)
    complete = headlines.is_complete(q, s.data_as_of, today)
    loaded = set(s.loaded)
    params = {"quarter": q, "prev_quarter": prev, "yoy_quarter": yoy}
    takedowns = src.query("overview_takedowns", params)
    enforcement = src.query("overview_enforcement", params)

    def base(b: str) -> str | None:
        # Compare only with a loaded quarter, and only when this one is complete.
        return b if complete and b in loaded else None

    kpis: list[Kpi] = []
    for key in COMPLAINT_KPIS:
        cur = s.value(q, key) or 0
        p, y = base(prev), base(yoy)
        kpis.append(
            Kpi(key, float(cur), float(s.value(p, key) or 0) if p else None, float(s.value(y, key) or 0) if y else None)
        )
    shut = _sums(takedowns, "target_type", "takedowns")
    for key, code in (("ports", "port"), ("numbers", "number")):
        p, y = base(prev), base(yoy)
        kpis.append(
            Kpi(
                key,
                shut.get((q, code), 0.0),
                shut.get((p, code), 0.0) if p else None,
                shut.get((y, code), 0.0) if y else None,
            )
        )
    counts = _sums(enforcement, "action", "actions")
    fines = _sums(enforcement, "action", "fines_yuan")
    # The fines figure is the one a bulletin may print: telecom regulators' fines within the statutory cap
    # (other departments fine under their own laws; a fine above the cap is under legal review).
    kinds = pd.Series(
        [
            reference.authority_kind(a if isinstance(a, str) else None, str(x))[0]
            for a, x in zip(enforcement["authority"], enforcement["action"], strict=True)
        ],
        index=enforcement.index,
        dtype=object,
    )
    telecom = enforcement[(kinds == "telecom") & ~enforcement["over_cap"].astype(bool)]
    published = _sums(telecom, "action", "fines_yuan")
    for key, table in (("actions", counts), ("fines", published)):
        p, y = base(prev), base(yoy)
        total = {qq: sum(v for (x, _), v in table.items() if x == qq) for qq in (q, prev, yoy)}
        kpis.append(Kpi(key, total[q], total[prev] if p else None, total[yoy] if y else None))

    # Every action type, zeros kept; a code added to the contract later still counts.
    codes = list(ACTIONS) + sorted({a for (x, a) in counts if x == q} - set(ACTIONS))
    actions = pd.DataFrame(
        {
            "action": codes,
            "actions": [int(counts.get((q, a), 0)) for a in codes],
            "fines_yuan": [float(fines.get((q, a), 0.0)) for a in codes],
        }
    )

    trend = s.table.reset_index().rename(columns={"index": "quarter"})
    trend["complete"] = [headlines.is_complete(x, s.data_as_of, today) for x in trend.quarter]

    industries, operators = headlines.ranked_inputs(src, q, lang, min_volume=min_volume, today=today)
    sentences = headlines.compose(
        s,
        industries,
        operators,
        q,
        lang,
        anomalies=anomalies,
        names=headlines.names_for(src, anomalies, lang),
        min_volume=min_volume,
        today=today,
        handled=handling.measures(src, q, "operator", lang, today=today),
    )
    return Overview(
        q, prev, yoy, complete, s.data_as_of, tuple(kpis), actions.reset_index(drop=True), trend, tuple(sentences)
    )
