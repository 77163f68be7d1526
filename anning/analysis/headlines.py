"""Headline sentences: the plain statements a bulletin opens with, generated from the store.

Every sentence states only what the numbers support:

* the total is compared with the previous quarter and the same quarter a year earlier only when
  those quarters are loaded, and never while the chosen quarter is incomplete (a partial quarter
  would read as a fall);
* a channel's "lowest/highest since …" names the last quarter that was as low (or high), or says
  the whole loaded history when there was none; it is only said when the look-back covers at least
  :data:`MIN_LOOKBACK` quarters, and never across a quarter that is not loaded;
* "remained" the top industry only if it was also top last quarter, "became" if another was;
  ``unclassified`` and ``other`` are not industries for this purpose;
* an operator's or industry's move is only reported when the exact test in
  :mod:`anning.analysis.rankings` calls it significant, and a riser needs a base of ``min_volume``.

A later feature (forecasting) passes :class:`AnomalyNote` values; each becomes a sentence such as
"Unusual rise in complaints about the Loans and wealth management industry in 2024Q4".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from anning.analysis import handling, rankings
from anning.core import fmt, quarters
from anning.i18n import t, terms
from anning.store.info import QuerySource

# A record needs at least this many earlier quarters beaten in a row (a year): "lowest since last
# quarter" is not news.
MIN_LOOKBACK = 4
# Not industries: "Unclassified remained the most complained-about industry" says nothing.
NOT_INDUSTRIES = ("unclassified", "other")
CHANNELS = ("sms", "call")
_ZH_QUARTER = {1: "一", 2: "二", 3: "三", 4: "四"}


@dataclass(frozen=True)
class AnomalyNote:
    """An unusual movement found elsewhere (e.g. by forecasting) to be stated among the headlines.

    ``dimension`` is a ranking dimension (``industry``, ``company``, ``port_company``, ``operator``,
    ``number_range``, ``province``), ``channel`` (key ``sms``/``call``) or ``total`` (key ignored);
    ``direction`` is ``rise`` or ``fall``.
    """

    dimension: str
    key: str
    quarter: str
    direction: str


def quarter_text(q: str, lang: str) -> str:
    """A quarter as a bulletin writes it: ``2024Q2`` in English, ``2024年第二季度`` in Chinese."""
    y, k = quarters.parse(q)
    return f"{y}年第{_ZH_QUARTER[k]}季度" if lang == "zh" else quarters.label(y, k)


def is_complete(q: str, data_as_of: dt.date | None, today: dt.date | None = None) -> bool:
    """The data reaches the quarter's last day (the rule of :func:`anning.store.info.store_info`)."""
    return data_as_of is not None and quarters.end(q) <= min(data_as_of, today or dt.date.today())


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class Series:
    """Quarterly complaints by channel over every loaded quarter, and the data-as-of date."""

    table: pd.DataFrame  # index: quarter (sorted); columns: sms, call, total
    data_as_of: dt.date | None

    @property
    def loaded(self) -> list[str]:
        """Quarters with any complaints, in order."""
        return list(self.table.index)

    def value(self, q: str, col: str = "total") -> int | None:
        """Complaints in a loaded quarter (0 when the channel had none), else ``None``."""
        return int(self.table.at[q, col]) if q in self.table.index else None


def series(src: QuerySource) -> Series:
    """Read the quarterly series (one query over the ``r_month`` rollup)."""
    df = src.query("overview_quarterly")
    as_of = None
    if len(df) and pd.notna(df.data_as_of.iloc[0]):
        as_of = pd.Timestamp(df.data_as_of.iloc[0]).date()
    # A dict pivot: pivot_table costs more than the query on a few dozen rows.
    cells: dict[str, dict[str, int]] = {}
    for q, ch, n in zip(df["quarter"].tolist(), df["channel"].tolist(), df["complaints"].tolist(), strict=True):
        cells.setdefault(str(q), dict.fromkeys(CHANNELS, 0))[str(ch)] = int(n)
    order = sorted(cells)
    wide = pd.DataFrame(
        {ch: [cells[q].get(ch, 0) for q in order] for ch in CHANNELS},
        index=pd.Index(order, name="quarter"),
        dtype="int64",
    )
    wide["total"] = wide[list(CHANNELS)].sum(axis=1)
    return Series(wide.astype("int64"), as_of)


# --------------------------------------------------------------------------- sentences


def _change_words(cur: float, base: float, lang: str) -> str:
    """``up 15.0%`` / ``down 4.9%`` / ``unchanged`` (上升15.0% / 下降4.9% / 持平)."""
    if base <= 0:
        return ""
    frac = (cur - base) / base
    if round(frac * 100, 1) == 0:
        return t("hl.flat", lang)
    return t("hl.up" if frac > 0 else "hl.down", lang, pct=fmt.pct(abs(frac), lang))


def total_sentence(s: Series, q: str, lang: str, today: dt.date | None = None) -> str | None:
    """The quarter's total, with QoQ and YoY where those quarters are loaded; a partial quarter says so."""
    total = s.value(q)
    if total is None:
        return None
    if not is_complete(q, s.data_as_of, today):
        return t(
            "hl.partial",
            lang,
            quarter=quarter_text(q, lang),
            as_of=fmt.date_words(s.data_as_of, lang),
            total=fmt.count(total, lang),
        )
    prev, yoy = quarters.previous(q), quarters.year_ago(q)
    p, y = s.value(prev), s.value(yoy)
    args = {
        "quarter": quarter_text(q, lang),
        "total": fmt.count(total, lang),
        "prev": quarter_text(prev, lang),
        "yoy_quarter": quarter_text(yoy, lang),
    }
    if p and y:
        return t("hl.total_both", lang, qoq=_change_words(total, p, lang), yoy=_change_words(total, y, lang), **args)
    if p:
        return t("hl.total_qoq", lang, qoq=_change_words(total, p, lang), **args)
    if y:
        return t("hl.total_yoy", lang, yoy=_change_words(total, y, lang), **args)
    return t("hl.total_only", lang, **args)


@dataclass(frozen=True)
class Record:
    """How far back a quarter's value is a minimum or maximum."""

    kind: str  # "low" or "high"
    lookback: int  # earlier quarters beaten in a row
    since: str | None  # the last quarter as low/high; None when the whole loaded history was beaten
    first: str  # the first quarter of the unbroken loaded history looked at


def record(s: Series, q: str, col: str, today: dt.date | None = None) -> Record | None:
    """The longest supported "lowest/highest since" claim for ``col`` in ``q``, or ``None``.

    Walks back over complete, loaded quarters. The walk stops at the first quarter that was as low
    (for a low) or as high (for a high): that quarter is ``since``. A quarter that is not loaded ends
    the history, as the start of the data does. Fewer than :data:`MIN_LOOKBACK` quarters beaten: no claim.
    """
    x = s.value(q, col)
    if x is None or not is_complete(q, s.data_as_of, today):
        return None
    for kind in ("low", "high"):
        beaten, cur, since = 0, quarters.previous(q), None
        while True:
            v = s.value(cur, col)
            if v is None or not is_complete(cur, s.data_as_of, today):
                break
            if (v <= x) if kind == "low" else (v >= x):
                since = cur
                break
            beaten += 1
            cur = quarters.previous(cur)
        if beaten >= MIN_LOOKBACK:
            return Record(kind, beaten, since, quarters.shift(q, -beaten))
    return None


def record_sentence(s: Series, q: str, col: str, lang: str, today: dt.date | None = None) -> str | None:
    """``Complaints about spam SMS in 2021Q1 (6,976) were the lowest since 2019Q3.`` or ``None``."""
    r = record(s, q, col, today)
    if r is None:
        return None
    args = {
        "subject": t("hl.subject.channel", lang, name=terms.inline(terms.channel(col, lang), lang)),
        "quarter": quarter_text(q, lang),
        "value": fmt.count(s.value(q, col), lang),
    }
    if r.since is not None:
        text = t(f"hl.record_{r.kind}_since", lang, since=quarter_text(r.since, lang), **args)
    else:
        text = t(f"hl.record_{r.kind}_all", lang, first=quarter_text(r.first, lang), n=r.lookback + 1, **args)
    return text[0].upper() + text[1:]  # the subject opens the sentence


def _join(names: Sequence[str], lang: str) -> str:
    if lang == "zh":
        return "、".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def top_industry_sentence(
    industries: pd.DataFrame, q: str, lang: str, complete: bool, *, has_previous: bool = True
) -> str | None:
    """The most complained-about industry and its share: "remained" / "became" / "was"."""
    real = industries[~industries.key.isin(NOT_INDUSTRIES)]
    cur = real[real.complaints > 0]
    if cur.empty:
        return None
    best = cur[cur.complaints == cur.complaints.max()]
    names = list(best.name)
    share = fmt.pct(float(best.share.iloc[0]), lang)
    if len(best) > 1:
        return t("hl.top_industry_joint", lang, names=_join(names, lang), share=share)
    prev = real[real.previous_complaints.fillna(0) > 0] if has_previous else real.iloc[0:0]
    if not complete or prev.empty:
        return t("hl.top_industry_was", lang, name=names[0], share=share)
    prev_top = prev[prev.previous_complaints == prev.previous_complaints.max()]
    if best.key.iloc[0] in set(prev_top.key):
        return t("hl.top_industry_remained", lang, name=names[0], share=share)
    return t("hl.top_industry_became", lang, name=names[0], share=share, previous=_join(list(prev_top.name), lang))


def _move_args(row: pd.Series, lang: str) -> dict[str, str]:
    return {
        "name": str(row["name"]),
        "pct": fmt.pct(abs(float(row.change_pct)) / 100.0, lang),
        "prev": fmt.count(row.previous_complaints, lang),
        "cur": fmt.count(row.complaints, lang),
    }


def operator_move_sentence(operators: pd.DataFrame, lang: str) -> str | None:
    """The operator whose complaints changed most (in complaints), if that change is significant."""
    moved = operators[operators.significant.fillna(False).astype(bool) & (operators.previous_complaints.fillna(0) > 0)]
    if moved.empty:
        return None
    row = moved.loc[moved.change.astype("int64").abs().idxmax()]
    key = "hl.operator_rose" if int(row.change) > 0 else "hl.operator_fell"
    return t(key, lang, **_move_args(row, lang))


def industry_riser_sentence(industries: pd.DataFrame, lang: str, min_volume: int) -> str | None:
    """The industry with the largest significant percentage rise from a base of at least ``min_volume``."""
    df = industries[~industries.key.isin(NOT_INDUSTRIES)]
    base = df.previous_complaints.fillna(0)
    risers = df[df.significant.fillna(False).astype(bool) & (base >= max(min_volume, 1)) & (df.change.fillna(0) > 0)]
    if risers.empty:
        return None
    row = risers.loc[risers.change_pct.idxmax()]
    return t("hl.industry_riser", lang, min=fmt.count(min_volume, lang), **_move_args(row, lang))


def handling_sentence(
    h: handling.Handling,
    lang: str,
    *,
    threshold: float = handling.DEFAULT_RATE_THRESHOLD,
    min_reports: int = handling.DEFAULT_MIN_REPORTS,
    most: int = 3,
) -> str | None:
    """Operators whose handling rate fell below ``threshold`` (lowest first; the first ``most`` named).

    Only for a quarter with status data that is over: in a running quarter reports received lately are
    still pending, and a rate that has not settled is not news.
    """
    if h.state != "ok" or not h.complete:
        return None
    low = handling.below_threshold(h, threshold, min_reports)
    if low.empty:
        return None
    items = [
        t("hl.handling_name", lang, name=str(r.name), rate=fmt.pct(float(r.handling_rate), lang))
        for r in low.head(most).itertuples()
    ]
    names = _join(items, lang)
    if len(low) > most:
        names = t("hl.handling_more", lang, names=names, total=len(low))
    return t(
        "hl.handling_below",
        lang,
        quarter=quarter_text(h.quarter, lang),
        names=names,
        threshold=fmt.pct(threshold, lang, 0),
    )


def anomaly_sentence(note: AnomalyNote, names: dict[tuple[str, str], str], lang: str) -> str:
    """``Unusual rise in complaints about the Loans and wealth management industry in 2024Q4``."""
    dim = "company" if note.dimension == "port_company" else note.dimension
    if dim == "channel":
        subject = t("hl.subject.channel", lang, name=terms.inline(terms.channel(note.key, lang), lang))
    elif dim == "total":
        subject = t("hl.subject.total", lang)
    else:
        name = names.get((dim, note.key), note.key)
        subject = t(f"hl.subject.{dim}", lang, name=name)
    return t(f"hl.anomaly.{note.direction}", lang, subject=subject, quarter=quarter_text(note.quarter, lang))


_ANOMALY_DIMS = ("industry", "company", "port_company", "operator", "number_range", "province", "channel", "total")


def _check_note(note: AnomalyNote) -> None:
    if note.dimension not in _ANOMALY_DIMS:
        raise ValueError(f"unknown anomaly dimension {note.dimension!r}")
    if note.direction not in ("rise", "fall"):
        raise ValueError(f"anomaly direction must be rise or fall, not {note.direction!r}")
    if note.dimension == "channel" and note.key not in CHANNELS:
        raise ValueError(f"unknown channel {note.key!r}")
    quarters.parse(note.quarter)


def compose(
    s: Series,
    industries: rankings.Ranking,
    operators: rankings.Ranking,
    q: str,
    lang: str,
    *,
    anomalies: Sequence[AnomalyNote] = (),
    names: dict[tuple[str, str], str] | None = None,
    min_volume: int = rankings.DEFAULT_MIN_VOLUME,
    today: dt.date | None = None,
    handled: handling.Handling | None = None,
) -> list[str]:
    """The sentences from data already read (the overview reads it once for cards, chart and headlines).

    ``handled`` (the quarter's handling measures per operator) adds the sentence on operators below the
    handling-rate threshold, when there are any.
    """
    complete = is_complete(q, s.data_as_of, today)
    out = [total_sentence(s, q, lang, today)]
    out += [record_sentence(s, q, ch, lang, today) for ch in CHANNELS]
    out.append(top_industry_sentence(industries.table, q, lang, complete, has_previous=industries.has_previous))
    if complete and industries.has_previous:
        out.append(operator_move_sentence(operators.table, lang))
        out.append(industry_riser_sentence(industries.table, lang, min_volume))
    if handled is not None:
        out.append(handling_sentence(handled, lang))
    out += [anomaly_sentence(n, names or {}, lang) for n in anomalies]
    return [x for x in out if x]


def ranked_inputs(
    src: QuerySource, q: str, lang: str, *, min_volume: int = rankings.DEFAULT_MIN_VOLUME, today: dt.date | None = None
) -> tuple[rankings.Ranking, rankings.Ranking]:
    """Industries (every one with complaints now or last quarter) and operators for :func:`compose`.

    The change view keeps entities that fell to nothing, which "remained"/"became" and the biggest
    move need; the threshold applies to operators only (a riser's base is checked separately).
    """
    industries = rankings.rank(src, rankings.RankSpec("industry", q, min_volume=0, sort="change"), lang, today=today)
    operators = rankings.rank(
        src, rankings.RankSpec("operator", q, min_volume=min_volume, sort="change"), lang, today=today
    )
    return industries, operators


def names_for(src: QuerySource, anomalies: Sequence[AnomalyNote], lang: str) -> dict[tuple[str, str], str]:
    """Display names for the anomaly notes' keys (one query, only when there are notes)."""
    if not anomalies:
        return {}
    df = src.query("dimension_names", {"lang": lang})
    return {(d, k): n for d, k, n in zip(df.dim, df.key, df.name, strict=True)}


def headlines(
    src: QuerySource,
    quarter: str,
    lang: str,
    anomalies: Sequence[AnomalyNote] = (),
    *,
    min_volume: int = rankings.DEFAULT_MIN_VOLUME,
    today: dt.date | None = None,
) -> list[str]:
    """The headline sentences for ``quarter`` in ``lang`` (four queries, five with anomaly notes, and the
    handling measures' few over the small ``r_handling`` rollup)."""
    q = quarters.label(*quarters.parse(quarter))
    for note in anomalies:
        _check_note(note)
    s = series(src)
    industries, operators = ranked_inputs(src, q, lang, min_volume=min_volume, today=today)
    return compose(
        s,
        industries,
        operators,
        q,
        lang,
        anomalies=anomalies,
        names=names_for(src, anomalies, lang),
        min_volume=min_volume,
        today=today,
        handled=handling.measures(src, q, "operator", lang, today=today),
    )
