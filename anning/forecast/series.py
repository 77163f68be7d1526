"""The store's complaint series, forecast: what the Forecast page, the CLI and the headlines use.

:mod:`anning.forecast.engine` is the pure engine (arrays in, forecasts out). This module
turns the store's rollups into series (national total, by channel, industry,
operator and category; monthly or quarterly), fills empty periods with zeros,
keeps the still-running period out of every fit, and maps positions back to
period labels. It also finds the anomalies the overview's headlines state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from anning.analysis.headlines import AnomalyNote
from anning.core import quarters
from anning.forecast import engine as forecast
from anning.i18n import t, terms
from anning.store.info import QuerySource

DIMS = ("total", "channel", "industry", "operator", "category")
GRANULARITIES = {"quarter": 4, "month": 12}
MAX_HORIZON = {"quarter": 8, "month": 24}
# Headline anomalies only for series with at least this many complaints per quarter on average:
# below it, Poisson noise alone makes "unusual" moves common.
ANOMALY_MIN_MEAN = 30.0


@dataclass(frozen=True)
class SeriesRef:
    """A store series: ``total``, or a dimension and its key (``industry:loans_finance``)."""

    dim: str
    key: str = ""

    @property
    def id(self) -> str:
        """The series id used on the command line and in files."""
        return "total" if self.dim == "total" else f"{self.dim}:{self.key}"

    @classmethod
    def parse(cls, text: str) -> SeriesRef:
        """``total`` or ``dim:key``; ``ValueError`` for anything else."""
        text = (text or "").strip()
        if text == "total":
            return cls("total")
        dim, _, key = text.partition(":")
        if dim not in DIMS or dim == "total" or not key:
            raise ValueError(
                f"unknown series {text!r}: use total, or channel:sms, industry:loans_finance, "
                "operator:cmcc, category:fraud"
            )
        return cls(dim, key)


def _check_granularity(granularity: str) -> int:
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be quarter or month, not {granularity!r}")
    return GRANULARITIES[granularity]


def catalogue(src: QuerySource, lang: str) -> pd.DataFrame:
    """Every series a user can pick, largest first within each dimension, with a display label."""
    df = src.query("series_catalogue")
    labels = []
    for dim, key, zh, en in zip(df.dim, df.key, df.name_zh, df.name_en, strict=True):
        if dim in ("channel", "category"):
            labels.append(terms.label(dim, key, lang))
        else:
            name = zh if lang == "zh" else en
            labels.append(name if isinstance(name, str) and name else key)
    df = df.assign(label=labels, series_id=[f"{d}:{k}" for d, k in zip(df.dim, df.key, strict=True)])
    total = pd.DataFrame(
        [
            {
                "dim": "total",
                "key": "",
                "complaints": int(df[df.dim == "channel"].complaints.sum()),
                "label": t("fc.total", lang),
                "series_id": "total",
            }
        ]
    )
    return pd.concat([total, df[["dim", "key", "complaints", "label", "series_id"]]], ignore_index=True)


def label_of(src: QuerySource, ref: SeriesRef, lang: str) -> str:
    """The display name of one series."""
    cat = catalogue(src, lang)
    hit = cat[cat.series_id == ref.id]
    if hit.empty:
        raise ValueError(f"the store has no series {ref.id!r}")
    return str(hit.label.iloc[0])


def _periods(first: dt.date, last: dt.date, granularity: str) -> list[str]:
    if granularity == "quarter":
        return quarters.span(quarters.of_date(first), quarters.of_date(last))
    months = pd.period_range(pd.Period(first, "M"), pd.Period(last, "M"), freq="M")
    return [str(p) for p in months]


def _period_end(period: str, granularity: str) -> dt.date:
    if granularity == "quarter":
        return quarters.end(period)
    return pd.Period(period, "M").end_time.date()


def _future(last: str, n: int, granularity: str) -> list[str]:
    if granularity == "quarter":
        return [quarters.shift(last, i) for i in range(1, n + 1)]
    p = pd.Period(last, "M")
    return [str(p + i) for i in range(1, n + 1)]


def history(src: QuerySource, ref: SeriesRef, granularity: str, *, today: dt.date | None = None) -> pd.DataFrame:
    """``period, value, complete`` over the store's whole span, zeros where nothing was reported.

    A period is complete when the data reach its last day and the day has passed.
    """
    _check_granularity(granularity)
    span = src.query("series_span")
    if span.empty or pd.isna(span.first_month.iloc[0]):
        return pd.DataFrame({"period": [], "value": [], "complete": []})
    first = pd.Timestamp(span.first_month.iloc[0]).date()
    last = pd.Timestamp(span.last_month.iloc[0]).date()
    info = src.query("store_info").iloc[0]
    as_of = dt.date.fromisoformat(str(info.data_as_of)) if pd.notna(info.data_as_of) else last
    limit = min(as_of, today or dt.date.today())
    values = src.query("series_values", {"dim": ref.dim, "key": ref.key, "granularity": granularity})
    got = dict(zip(values.period, values.value, strict=True))
    periods = _periods(first, last, granularity)
    return pd.DataFrame(
        {
            "period": periods,
            "value": [float(got.get(p, 0)) for p in periods],
            "complete": [_period_end(p, granularity) <= limit for p in periods],
        }
    )


@dataclass(frozen=True)
class StoreForecast:
    """A store series with its forecast, the backtest behind the model choice, and its anomalies."""

    ref: SeriesRef
    label: str
    granularity: str
    history: pd.DataFrame  # period, value, complete
    result: forecast.ForecastResult
    future: pd.DataFrame  # period, step, forecast, lo80, hi80, lo95, hi95
    anomalies: pd.DataFrame  # period, actual, forecast, lo95, hi95, direction (anomalous periods only)
    incomplete_period: str | None  # the still-running period left out of the fit


def forecast_store_series(
    src: QuerySource, series_id: str, granularity: str, horizon: int, lang: str, *, today: dt.date | None = None
) -> StoreForecast:
    """Forecast one store series ``horizon`` periods past its last complete period."""
    m = _check_granularity(granularity)
    if not 1 <= int(horizon) <= MAX_HORIZON[granularity]:
        raise ValueError(f"horizon must be 1 to {MAX_HORIZON[granularity]} for {granularity} data")
    ref = SeriesRef.parse(series_id)
    label = label_of(src, ref, lang)
    hist = history(src, ref, granularity, today=today)
    if hist.empty:
        raise ValueError("the store has no complaints")
    # Only a trailing run of incomplete periods can exist (the data stop at data-as-of); the last is the
    # running one. Anything after it would be in the future and is dropped.
    complete_mask = hist.complete.to_numpy()
    last_complete = int(np.flatnonzero(complete_mask)[-1]) if complete_mask.any() else -1
    running = hist.iloc[last_complete + 1 : last_complete + 2]
    fitted = hist.iloc[: last_complete + 1]
    y = np.concatenate([fitted.value.to_numpy(), running.value.to_numpy()])
    result = forecast.forecast_series(
        y, season_length=m, horizon=int(horizon), series_id=ref.id, last_incomplete=not running.empty
    )
    last_label = str(fitted.period.iloc[-1]) if len(fitted) else str(hist.period.iloc[0])
    future = result.forecast.assign(period=_future(last_label, int(horizon), granularity))
    anomalies = _anomaly_table(fitted, m)
    return StoreForecast(
        ref, label, granularity, hist, result, future, anomalies, None if running.empty else str(running.period.iloc[0])
    )


def _anomaly_table(fitted: pd.DataFrame, m: int) -> pd.DataFrame:
    cols = ["period", "actual", "forecast", "lo95", "hi95", "direction"]
    y = fitted.value.to_numpy()
    if len(y) < max(2 * m + 3, 9):
        return pd.DataFrame(columns=cols)
    found = forecast.detect_anomalies(y, season_length=m)
    found = found[found.anomaly]
    periods = fitted.period.to_numpy()
    return pd.DataFrame(
        {
            "period": periods[found["index"].to_numpy(dtype=int)],
            "actual": found.actual.to_numpy(),
            "forecast": found.forecast.to_numpy(),
            "lo95": found.lo95.to_numpy(),
            "hi95": found.hi95.to_numpy(),
            "direction": found.direction.to_numpy(),
        }
    )[cols]


def anomaly_notes(
    src: QuerySource, quarter: str, *, today: dt.date | None = None, min_mean: float = ANOMALY_MIN_MEAN
) -> tuple[AnomalyNote, ...]:
    """Series whose ``quarter`` fell outside the 95% interval of the forecast made just before it.

    Quarterly series of the national total, each channel, each industry (not "unclassified"/"other")
    and each operator, read in one query. Nothing is flagged for a quarter that is still running.
    """
    q = quarters.label(*quarters.parse(quarter))
    span = src.query("series_span")
    if span.empty or pd.isna(span.first_month.iloc[0]):
        return ()
    first = quarters.of_date(pd.Timestamp(span.first_month.iloc[0]).date())
    info = src.query("store_info").iloc[0]
    as_of = dt.date.fromisoformat(str(info.data_as_of)) if pd.notna(info.data_as_of) else None
    if as_of is None or quarters.end(q) > min(as_of, today or dt.date.today()):
        return ()
    periods = quarters.span(first, q)
    pos = len(periods) - 1
    if pos < 10:
        return ()
    data = src.query("series_quarterly_all")
    notes: list[AnomalyNote] = []
    for (dim, key), part in data.groupby(["dim", "key"], sort=True):
        if key in ("unclassified", "other") or key is None:
            continue
        got = dict(zip(part.quarter, part.value, strict=True))
        y = np.array([float(got.get(p, 0)) for p in periods])
        if y[:pos].mean() < min_mean:
            continue
        flags = forecast.detect_anomalies(y, season_length=4, min_history=pos)
        last = flags.iloc[-1]
        if bool(last.anomaly):
            notes.append(AnomalyNote(str(dim), str(key), q, str(last.direction)))
    return tuple(notes)


def export_frame(fc: StoreForecast) -> pd.DataFrame:
    """The CLI's output format for a store series (the same columns as for a file of series)."""
    out = fc.result.forecast.assign(series_id=fc.ref.id, model=fc.result.model)
    return out[forecast.OUTPUT_COLUMNS]
