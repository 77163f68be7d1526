"""Per-series forecasting: median of five models, backtest, guards, calibrated intervals and anomaly flags.

Pure functions: no Streamlit, no DuckDB.  The dashboard and the CLI
(``python -m anning forecast``) call the same entry points:

* :func:`forecast_series` - one series: the median of five models (or a
  choice among given candidates by mean backtest MASE), a rolling-origin
  backtest, a guarded final forecast with 80% and 95% intervals built from the
  backtest errors and the history's seasonal-naive errors.
* :func:`forecast_many` - many series, in a process pool when it pays off.
* :func:`detect_anomalies` - one-step-ahead rolling forecasts over the past,
  flagging actuals outside the 95% interval.
* :func:`split_incomplete_period` - keeps a still-running period out of fitting.
* :func:`run_forecast_file` - the CLI core: long CSV in, forecast CSV out.

Method, measured accuracy and interval coverage: ``docs/forecasting.md``.
The point-forecast models live in :mod:`anning.forecast.models`.
"""

from __future__ import annotations

import functools
import math
import multiprocessing
import os
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from anning.core.escape import safe_frame
from anning.forecast import models as fm

FORECAST_COLUMNS = ["step", "forecast", "lo80", "hi80", "lo95", "hi95"]
BACKTEST_COLUMNS = ["model", "mase", "smape", "coverage80", "coverage95", "n_origins", "chosen"]
ANOMALY_COLUMNS = ["index", "actual", "forecast", "lo95", "hi95", "anomaly", "direction"]
OUTPUT_COLUMNS = ["series_id", *FORECAST_COLUMNS, "model"]

# Backtest origins are this many periods apart.  Adjacent origins share almost
# all of their test window; two apart gave steadier choices on the dev data.
ORIGIN_SPACING = 2
DEFAULT_ORIGINS = 4
# The default forecast is the median of five models (anning.forecast.models.MEDIAN_MEMBERS);
# it is a single candidate, so nothing is chosen by backtest unless the caller
# passes its own ``candidates``.  Choosing per series by backtest (among the
# members, Theta/ETS blends, or with a loss weighing sMAPE and MASE) chased noise
# on the development data and lost to the plain median (docs/forecasting.md).
DEFAULT_CANDIDATES: tuple[str, ...] = ("median",)
# Scored in the backtest and shown in its table for reference.
REFERENCE_MODELS: tuple[str, ...] = tuple(dict.fromkeys((*fm.MEDIAN_MEMBERS, "theta", "snaive", "naive")))
# Order in which replacements are tried when the chosen forecast fails a guard.
GUARD_ORDER: tuple[str, ...] = tuple(dict.fromkeys(("median", "theta", *fm.MEDIAN_MEMBERS, "snaive", "naive")))
EXPLOSION_FACTOR = fm.EXPLOSION_FACTOR
# Below this many series a process pool costs more to start (1-3 s: the workers
# import numpy/pandas/statsmodels) than it saves; one series takes ~20 ms.
POOL_MIN_SERIES = 100


@dataclass(frozen=True)
class ForecastResult:
    """Forecast of one series plus the evidence for the model choice."""

    series_id: str
    model: str  # chosen model's name, e.g. "median", "theta", "snaive", "fallback_naive"
    fallback: bool  # True when too little history forced a simple method
    reason: str  # machine code: median_of_models, best_backtest_mase, short_history, guard_replaced, ...
    forecast: pd.DataFrame  # step (1..H), forecast, lo80, hi80, lo95, hi95
    backtest: pd.DataFrame  # model, mase, smape, coverage80, coverage95, n_origins, chosen
    fitted_on: int  # number of points used
    incomplete_value: float | None = None  # the excluded still-running period, if any


# ---------------------------------------------------------------------------
# Accuracy measures
# ---------------------------------------------------------------------------


def smape(actual: Sequence[float] | np.ndarray, forecast: Sequence[float] | np.ndarray) -> float:
    """Symmetric MAPE in percent (0-200), as in the M3 competition.

    A period where both actual and forecast are 0 counts as a perfect 0, not as
    0/0: zero-complaint periods are common here.
    """
    a = np.asarray(actual, dtype=float)
    f = np.asarray(forecast, dtype=float)
    if a.shape != f.shape or a.size == 0:
        raise ValueError("smape needs two non-empty arrays of the same length")
    denom = np.abs(a) + np.abs(f)
    ratio = np.divide(2 * np.abs(a - f), denom, out=np.zeros_like(denom), where=denom > 0)
    return float(100 * ratio.mean())


def _naive_scale(insample: np.ndarray, season_length: int) -> float:
    """In-sample MAE of the seasonal naive method (the MASE denominator).

    Falls back to the non-seasonal naive MAE when the history is shorter than
    one season plus one or the seasonal differences are all zero; returns 0
    only when the history is constant.
    """
    y = np.asarray(insample, dtype=float)
    m = season_length
    if m > 1 and len(y) > m:
        scale = float(np.mean(np.abs(y[m:] - y[:-m])))
        if scale > 0:
            return scale
    if len(y) > 1:
        return float(np.mean(np.abs(np.diff(y))))
    return 0.0


def mase(
    actual: Sequence[float] | np.ndarray,
    forecast: Sequence[float] | np.ndarray,
    insample: Sequence[float] | np.ndarray,
    season_length: int,
) -> float:
    """Mean absolute scaled error: forecast MAE over the in-sample seasonal-naive MAE.

    Returns NaN when the in-sample history is constant (no scale exists).
    """
    a = np.asarray(actual, dtype=float)
    f = np.asarray(forecast, dtype=float)
    if a.shape != f.shape or a.size == 0:
        raise ValueError("mase needs actual and forecast of the same non-zero length")
    scale = _naive_scale(np.asarray(insample, dtype=float), season_length)
    if scale <= 0:
        return float("nan")
    return float(np.mean(np.abs(a - f)) / scale)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def split_incomplete_period(
    y: Sequence[float] | np.ndarray | pd.Series, last_incomplete: bool
) -> tuple[np.ndarray, float | None]:
    """Split off a still-running last period.

    A quarter that is half over has half the complaints of a full one; fitting
    on it would read as a collapse.  Returns (complete history, last value or
    None).
    """
    arr = _as_array(y)
    if not last_incomplete:
        return arr, None
    if len(arr) == 0:
        raise ValueError("last_incomplete=True but the series is empty")
    return arr[:-1], float(arr[-1])


def _as_array(y: Sequence[float] | np.ndarray | pd.Series) -> np.ndarray:
    arr = np.asarray(y.to_numpy() if isinstance(y, pd.Series) else y, dtype=float)
    if arr.ndim != 1:
        raise ValueError(f"a series must be one-dimensional, got shape {arr.shape}")
    return arr


def _validate(y: np.ndarray, season_length: int, horizon: int, series_id: str) -> None:
    label = f"series {series_id!r}" if series_id else "series"
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ValueError(f"horizon must be an integer >= 1, got {horizon!r}")
    if isinstance(season_length, bool) or not isinstance(season_length, (int, np.integer)) or season_length < 1:
        raise ValueError(f"season_length must be an integer >= 1, got {season_length!r}")
    if len(y) == 0:
        raise ValueError(f"{label}: no data points")
    bad = np.flatnonzero(~np.isfinite(y))
    if bad.size:
        shown = ", ".join(str(i) for i in bad[:10])
        raise ValueError(f"{label}: missing or non-finite values at position(s) {shown}; fill or drop them first")


def _min_train(season_length: int) -> int:
    # Two full cycles let the seasonal test and decomposition run at every origin;
    # 8 points is the least that gives a trend estimate any meaning.
    return max(8, 2 * season_length) if season_length > 1 else 8


@functools.lru_cache(maxsize=64)
def _t_quantiles(n_origins: int) -> tuple[float, float]:
    """80% and 95% two-sided quantiles used for the intervals.

    Student-t with k degrees of freedom for k backtest origins: errors within
    one origin are strongly correlated, so k origins carry roughly k
    independent pieces of information about the scale, and forecast errors
    have heavier tails than a normal.  Measured on the dev data
    (docs/forecasting.md): with the spread of :func:`_interval_spread`, a
    normal quantile under-covered the 95% interval by 4-13 points.
    """
    df = max(2, n_origins)
    return float(stats.t.ppf(0.90, df)), float(stats.t.ppf(0.975, df))


# Normal two-sided 80% and 95% quantiles, the reference the tail shape is measured against.
_NORMAL_Q80, _NORMAL_Q95 = float(stats.norm.ppf(0.90)), float(stats.norm.ppf(0.975))
# Fewer seasonal changes than this say too little about a tail; the shape is then taken as normal.
_TAIL_SHAPE_MIN = 8
# Bounds on each tail-shape factor. On the development data 99% of series had factors within them
# (0.63-1.23); outside, the changes are mostly identical (a count that is nearly always the same, with
# a rare spike), and their quantiles would shrink an interval to nothing rather than describe its tail.
_TAIL_SHAPE_BOUNDS = (0.6, 1.5)


def _tail_shape(history: np.ndarray, season_length: int) -> tuple[float, float]:
    """Factors for the 80% and 95% quantiles from the shape of the history's own errors.

    The history's seasonal-naive changes ``y[t] - y[t - m]`` (``m = 1``
    without seasons), centred and scaled to unit standard deviation: the
    80% and 95% quantiles of their absolute values over the normal ones
    say how peaked (below 1) or heavy-tailed (above 1) the series' errors
    are.  Each factor is the square root of that ratio, half-way (on the log
    scale) between the Student-t shape and the series' own, since a few
    dozen changes estimate a tail roughly.  On the development data the
    t quantiles alone over-covered the Tourism series at 80% (their changes
    are peaked) while being about right at 95% (docs/forecasting.md,
    "Intervals").  ``(1, 1)`` with fewer than eight changes or none that
    differ; each factor is kept within ``_TAIL_SHAPE_BOUNDS``.
    """
    y = np.asarray(history, dtype=float)
    m = max(int(season_length), 1)
    d = y[m:] - y[:-m]
    sd = float(np.std(d)) if len(d) else 0.0
    if len(d) < _TAIL_SHAPE_MIN or not sd > 0:
        return 1.0, 1.0
    z = np.abs(d - float(np.mean(d))) / sd
    q80, q95 = np.quantile(z, [0.80, 0.95])
    lo, hi = _TAIL_SHAPE_BOUNDS
    return (
        min(max(math.sqrt(float(q80) / _NORMAL_Q80), lo), hi),
        min(max(math.sqrt(float(q95) / _NORMAL_Q95), lo), hi),
    )


def _quantiles(n_origins: int, shape: tuple[float, float]) -> tuple[float, float]:
    """The intervals' 80% and 95% multipliers: :func:`_t_quantiles` times a :func:`_tail_shape`."""
    t80, t95 = _t_quantiles(n_origins)
    return t80 * shape[0], t95 * shape[1]


def _growth_exponent(ms: np.ndarray) -> float:
    """Exponent beta of the error growth law ``spread(h) ~ h**beta`` fitted to backtest errors.

    ``ms`` is the mean squared backtest error at steps 1, 2, ... (over the
    origins).  Least squares of log(ms_j) on log(j), halved (mean squares grow
    with 2 beta), clipped to [0, 1]: 0 is a spread that does not grow with the
    step (a series that stays around its seasonal pattern), 1/2 a random walk,
    1 a trend error.  With fewer than two steps of non-zero error there is
    nothing to fit, and the random-walk 1/2 is used.
    """
    steps = np.flatnonzero(ms > 0) + 1
    if steps.size < 2:
        return 0.5
    logh = np.log(steps.astype(float))
    logh -= logh.mean()
    slope = float(np.dot(logh, np.log(ms[steps - 1])) / np.dot(logh, logh))
    return min(max(slope / 2, 0.0), 1.0)


def _history_spread(history: np.ndarray, season_length: int, horizon: int) -> np.ndarray:
    """RMS of the history's own h-step seasonal-naive errors, for h = 1..horizon.

    The seasonal naive forecast of step h repeats the value ``L = m * ceil(h / m)``
    periods earlier (``L = h`` without seasons), so its past errors are
    ``y[t] - y[t - L]`` over the whole history: parameter-free, hence genuine
    out-of-sample errors, and they grow with the horizon as the series itself
    does (not at all for a series that returns to its pattern, linearly for a
    trend).  Lags the history is too short for are extrapolated from the
    longest one it has with sqrt(lag) growth.
    """
    y = np.asarray(history, dtype=float)
    n, m = len(y), max(int(season_length), 1)
    unit = m if m > 1 else 1
    longest = unit * ((n - 1) // unit)
    out = np.zeros(horizon)
    rms: dict[int, float] = {}  # one computation per distinct lag (steps 1..m share lag m)
    for h in range(1, horizon + 1):
        lag = unit * math.ceil(h / unit)
        use = min(lag, longest)
        if use < 1:
            continue
        if use not in rms:
            d = y[use:] - y[:-use]
            rms[use] = math.sqrt(float(np.dot(d, d)) / len(d))
        out[h - 1] = rms[use] * math.sqrt(lag / use)
    return out


def _interval_spread(
    errors: Sequence[np.ndarray],
    history: np.ndarray,
    season_length: int,
    horizon: int,
    history_spread: np.ndarray | None = None,
) -> np.ndarray:
    """Per-step error scale of the intervals (half-width = Student-t quantile x this).

    Two estimates of the step-h error scale, combined by a weighted geometric
    mean (a shrinkage of the log scale), each weighted by the share of the
    series' years it has seen:

    * the forecast's own backtest errors: ``s * h**beta``, with ``beta`` the
      growth law fitted to them (:func:`_growth_exponent`) and ``s`` the RMS
      of ``error / step**beta`` over all origins and steps;
    * the whole history's seasonal-naive errors at step h
      (:func:`_history_spread`).

    The backtest's weight is ``w = min(1, k * m / n)`` for k origins, season
    length m (1 without seasons) and n periods of history: k origins two periods
    apart see about k years of a quarterly series' errors, the history all
    n / m of them, so a long history speaks more (the spread is
    ``own**w * history**(1 - w)``).  On the development data equal weights
    left long series that had a calm recent stretch too narrow
    (docs/forecasting.md, "Intervals").

    A few backtest origins see a short, recent stretch of the series: on the
    development data their scale alone was too narrow for series whose
    backtest window happened to be calm and too wide where it was rough, and
    sqrt(h) growth was too steep for series that return to their seasonal
    pattern (docs/forecasting.md, "Intervals").  ``errors`` is one array per
    backtest origin, all of the same length.  When the backtest errors are all
    zero, the naive one-step spread of the history with sqrt(h) growth stands
    in for them.  ``history_spread`` is :func:`_history_spread` of the same
    history when the caller already has it.
    """
    y = np.asarray(history, dtype=float)
    steps = np.arange(1, horizon + 1, dtype=float)
    if len(errors):
        # Both the growth law and the scale depend on the errors only through the
        # mean square at each step (every origin has the same number of steps).
        ms = np.mean(np.square(np.vstack(errors)), axis=0)
        beta = _growth_exponent(ms)
        s = math.sqrt(float(np.mean(ms / np.arange(1, len(ms) + 1) ** (2 * beta))))
    else:
        beta, s = 0.5, 0.0
    if not (math.isfinite(s) and s > 0):
        # A perfect backtest (e.g. a step that stayed flat) says nothing about
        # future noise; use the naive one-step spread of the whole history.
        beta = 0.5
        s = math.sqrt(float(np.mean(np.diff(y) ** 2))) if len(y) > 1 else 0.0
    own = s * steps**beta
    prior = _history_spread(y, season_length, horizon) if history_spread is None else history_spread
    w = _backtest_weight(len(errors), len(y), season_length)
    # np.where evaluates both branches: the floor keeps 0 ** (1 - w) out of the unused one.
    return np.where(prior > 0, own**w * np.maximum(prior, 1e-300) ** (1.0 - w), own)


def _backtest_weight(n_origins: int, n: int, season_length: int) -> float:
    """Weight of the backtest's log scale against the history's in :func:`_interval_spread`."""
    if n < 1:
        return 1.0
    return min(1.0, max(n_origins, 1) * max(int(season_length), 1) / n)


def _interval_frame(point: np.ndarray, spread: np.ndarray, q80: float, q95: float, nonneg: bool) -> pd.DataFrame:
    """Forecast table from a point path and a per-step error scale."""
    h = len(point)
    fc = np.maximum(point, 0.0) if nonneg else point.astype(float)
    lo80, hi80 = fc - q80 * spread, fc + q80 * spread
    lo95, hi95 = fc - q95 * spread, fc + q95 * spread
    if nonneg:
        # Counts cannot be negative, and neither can a bound on them.
        lo80, lo95 = np.maximum(lo80, 0.0), np.maximum(lo95, 0.0)
    return pd.DataFrame(
        {"step": np.arange(1, h + 1), "forecast": fc, "lo80": lo80, "hi80": hi80, "lo95": lo95, "hi95": hi95}
    )


def _empty_backtest() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "model": pd.Series(dtype=str),
            "mase": pd.Series(dtype=float),
            "smape": pd.Series(dtype=float),
            "coverage80": pd.Series(dtype=float),
            "coverage95": pd.Series(dtype=float),
            "n_origins": pd.Series(dtype=int),
            "chosen": pd.Series(dtype=bool),
        }
    )


# ---------------------------------------------------------------------------
# Backtest
# ---------------------------------------------------------------------------


@dataclass
class _Score:
    errors: list[np.ndarray]  # one array per origin (actual - forecast)
    mase: list[float]
    smape: list[float]
    inside80: list[np.ndarray]
    inside95: list[np.ndarray]
    failed: bool = False


def _origins(n: int, horizon: int, season_length: int, n_origins: int) -> tuple[list[int], int]:
    """Backtest origins (training lengths) and the backtest horizon."""
    min_train = _min_train(season_length)
    hb = min(horizon, n - min_train)
    if hb < 1:
        return [], 0
    origins = [n - hb - ORIGIN_SPACING * j for j in range(n_origins)]
    return [o for o in origins if o >= min_train], hb


def _backtest(y: np.ndarray, m: int, origins: list[int], hb: int, models: tuple[str, ...]) -> dict[str, _Score]:
    scores = {name: _Score([], [], [], [], []) for name in models}
    for o in origins:
        train = y[:o]
        actual = y[o : o + hb]
        fcs = fm.point_forecasts(train, m, hb, models)
        scale = _naive_scale(train, m)
        if scale <= 0:
            # A constant training window has no naive error to scale by; use the
            # level so MASE stays comparable across origins instead of exploding.
            scale = max(float(np.mean(np.abs(train))), 1.0)
        for name in models:
            f = fcs[name]
            sc = scores[name]
            if fm.is_explosive(f, train):
                sc.failed = True
                continue
            e = actual - f
            sc.errors.append(e)
            sc.mase.append(float(np.mean(np.abs(e)) / scale))
            sc.smape.append(smape(actual, f))
    # Coverage per model: each origin's interval is built from the *other*
    # origins' errors and the history before that origin, so the reported
    # coverage is out-of-sample too.
    priors: dict[int, np.ndarray] = {}
    shapes: dict[int, tuple[float, float]] = {}
    for sc in scores.values():
        k = len(sc.errors)
        if sc.failed or k < 2:
            continue
        for i, (o, e) in enumerate(zip(origins, sc.errors, strict=True)):
            if o not in priors:
                priors[o] = _history_spread(y[:o], m, hb)
                shapes[o] = _tail_shape(y[:o], m)
            q80, q95 = _quantiles(k - 1, shapes[o])
            spread = _interval_spread(sc.errors[:i] + sc.errors[i + 1 :], y[:o], m, hb, priors[o])
            sc.inside80.append(np.abs(e) <= q80 * spread)
            sc.inside95.append(np.abs(e) <= q95 * spread)
    return scores


def _backtest_frame(scores: dict[str, _Score], chosen: str) -> pd.DataFrame:
    rows = []
    for name, sc in scores.items():
        ok = not sc.failed and sc.errors
        rows.append(
            {
                "model": name,
                "mase": float(np.mean(sc.mase)) if ok else float("inf"),
                "smape": float(np.mean(sc.smape)) if ok else float("inf"),
                "coverage80": float(np.mean(np.concatenate(sc.inside80))) if ok and sc.inside80 else float("nan"),
                "coverage95": float(np.mean(np.concatenate(sc.inside95))) if ok and sc.inside95 else float("nan"),
                "n_origins": len(sc.errors),
                "chosen": name == chosen,
            }
        )
    return pd.DataFrame(rows, columns=BACKTEST_COLUMNS)


# ---------------------------------------------------------------------------
# Forecasting
# ---------------------------------------------------------------------------


def _fallback(y: np.ndarray, m: int, horizon: int, series_id: str, incomplete: float | None) -> ForecastResult:
    """Seasonal naive or naive for histories too short to backtest."""
    n = len(y)
    # Both methods are parameter-free, so their past errors (y[t] - y[t-m] and
    # y[t] - y[t-1]) are genuine out-of-sample errors: comparing them is a
    # miniature backtest, not an in-sample fit.  Needs one full cycle of each.
    seasonal = m > 1 and n >= 2 * m and float(np.mean(np.abs(y[m:] - y[:-m]))) < float(np.mean(np.abs(np.diff(y))))
    if seasonal:
        name, point = "fallback_snaive", fm.snaive_forecast(y, m, horizon)
        resid = y[m:] - y[:-m]
        # Seasonal-naive error grows with the number of whole cycles ahead.
        steps = np.ceil(np.arange(1, horizon + 1) / m)
    else:
        name, point = "fallback_naive", fm.naive_forecast(y, m, horizon)
        resid = np.diff(y)
        steps = np.arange(1, horizon + 1, dtype=float)
    if resid.size >= 1 and np.any(resid != 0):
        scale = float(np.sqrt(np.mean(resid**2)))
        df = max(1, resid.size - 1)
    else:
        # One point (or a flat start): no spread to learn from.  A Poisson-like
        # sqrt(level) keeps the band honest about how little we know.
        scale = math.sqrt(max(abs(float(np.mean(y))), 1.0))
        df = 1
    q80, q95 = float(stats.t.ppf(0.90, df)), float(stats.t.ppf(0.975, df))
    frame = _interval_frame(point, scale * np.sqrt(steps), q80, q95, nonneg=bool(np.all(y >= 0)))
    return ForecastResult(series_id, name, True, "short_history", frame, _empty_backtest(), n, incomplete)


def forecast_series(
    y: Sequence[float] | np.ndarray | pd.Series,
    *,
    season_length: int,
    horizon: int,
    series_id: str = "",
    last_incomplete: bool = False,
    n_origins: int | None = None,
    candidates: Sequence[str] | None = None,
) -> ForecastResult:
    """Forecast one series ``horizon`` steps past its last complete period.

    ``y`` is in time order, one value per period, no gaps or missing values
    (ValueError otherwise).  With ``last_incomplete=True`` the last value is a
    still-running period: it is excluded from fitting, returned as
    ``incomplete_value``, and step 1 of the forecast is that period's full value.

    ``candidates`` are the models the choice is made from, by lowest mean
    backtest MASE (default: only ``"median"``, the median of five models, so
    no choice is made); e.g. ``["median", "sarima"]`` also considers the
    seasonal ARIMA (slow).
    ``n_origins`` is the number of rolling backtest origins (default 4).
    """
    arr = _as_array(y)
    arr, incomplete = split_incomplete_period(arr, last_incomplete) if len(arr) else (arr, None)
    _validate(arr, season_length, horizon, series_id)
    m, n = int(season_length), len(arr)
    k = DEFAULT_ORIGINS if n_origins is None else int(n_origins)
    if k < 1:
        raise ValueError(f"n_origins must be >= 1, got {n_origins!r}")
    pool = tuple(DEFAULT_CANDIDATES if candidates is None else candidates)
    unknown = [c for c in pool if c not in fm.ALL_MODELS]
    if unknown or not pool:
        raise ValueError(f"unknown candidate model(s) {unknown}; known: {', '.join(fm.ALL_MODELS)}")
    nonneg = bool(np.all(arr >= 0))

    origins, hb = _origins(n, horizon, m, k)
    if not origins:
        return _fallback(arr, m, horizon, series_id, incomplete)
    if np.ptp(arr) == 0:
        # Nothing to learn from a long flat history (all-zero counts are the usual
        # case): carry it forward with zero-width bands rather than inventing variance.
        point = np.full(horizon, float(arr[0]))
        frame = _interval_frame(point, np.zeros(horizon), 0.0, 0.0, nonneg)
        return ForecastResult(series_id, "naive", False, "constant_series", frame, _empty_backtest(), n, incomplete)

    models = tuple(dict.fromkeys((*REFERENCE_MODELS, *pool)))
    scores = _backtest(arr, m, origins, hb, models)

    def score(name: str) -> float:
        sc = scores[name]
        return float(np.mean(sc.mase)) if (sc.mase and not sc.failed) else float("inf")

    ranked = sorted(pool, key=score)
    if not math.isfinite(score(ranked[0])):
        reason = "all_candidates_failed"
    elif pool == ("median",):
        reason = "median_of_models"
    else:
        reason = "best_backtest_mase"
    # Final fits on the full history; walk down the ranking (then the guard order)
    # until a forecast passes the explosion guard.
    order = list(dict.fromkeys([*ranked, *GUARD_ORDER]))
    finals = fm.point_forecasts(arr, m, horizon, tuple(dict.fromkeys((*order, *models))))
    chosen = ""
    for i, name in enumerate(order):
        # A model that blew up at any backtest origin is not trusted even if its
        # final forecast happens to look sane.
        broke_in_backtest = name in scores and (scores[name].failed or not scores[name].errors)
        if not broke_in_backtest and not fm.is_explosive(finals[name], arr):
            chosen = name
            if i > 0 and reason != "all_candidates_failed":
                reason = "guard_replaced"
            break
    if not chosen:
        # Everything exploded; a flat mean is dull but cannot blow up.
        chosen = "fallback_mean"
        finals[chosen] = fm.mean_forecast(arr, m, horizon)
        reason = "guard_replaced"

    errors = scores[chosen].errors if chosen in scores else []
    q80, q95 = _quantiles(max(len(errors), 1), _tail_shape(arr, m))
    frame = _interval_frame(finals[chosen], _interval_spread(errors, arr, m, horizon), q80, q95, nonneg)
    return ForecastResult(
        series_id=series_id,
        model=chosen,
        fallback=False,
        reason=reason,
        forecast=frame,
        backtest=_backtest_frame(scores, chosen),
        fitted_on=n,
        incomplete_value=incomplete,
    )


def _forecast_task(args: tuple[str, np.ndarray, int, int]) -> ForecastResult:
    # Module-level so the process pool can pickle it.
    sid, values, m, h = args
    return forecast_series(values, season_length=m, horizon=h, series_id=sid)


def _pool_context() -> multiprocessing.context.BaseContext:
    # forkserver, not fork: the dashboard runs threads, and forking a threaded
    # process can deadlock on locks held by other threads.
    try:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["anning.forecast.engine"])
        return ctx
    except ValueError:
        return multiprocessing.get_context("spawn")


def forecast_many(
    series: Mapping[str, Sequence[float]],
    *,
    season_length: int,
    horizon: int,
    workers: int | None = None,
) -> dict[str, ForecastResult]:
    """Forecast every series; returns results keyed and ordered like the input.

    ``workers=None`` uses up to two processes when there are enough series
    for a pool to pay off (about 1 s to start); ``workers=1`` stays in-process.
    """
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be >= 1, got {workers!r}")
    tasks = [(str(sid), _as_array(values), season_length, horizon) for sid, values in series.items()]
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(tasks) >= POOL_MIN_SERIES else 1
    if workers == 1 or len(tasks) <= 1:
        return {t[0]: _forecast_task(t) for t in tasks}
    chunk = max(1, len(tasks) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        results = list(pool.map(_forecast_task, tasks, chunksize=chunk))
    return {t[0]: r for t, r in zip(tasks, results, strict=True)}


# ---------------------------------------------------------------------------
# Anomalies
# ---------------------------------------------------------------------------


def detect_anomalies(
    y: Sequence[float] | np.ndarray | pd.Series,
    *,
    season_length: int,
    min_history: int | None = None,
) -> pd.DataFrame:
    """Flag past periods whose actual fell outside the 95% one-step-ahead interval.

    For every position t >= ``min_history`` the Theta method is fitted to
    ``y[:t]`` only (the forecast someone would have made just before t), so a
    spike cannot hide itself by pulling its own forecast up.  The interval uses
    the in-sample one-step error of that fit with a Student-t quantile.
    Theta rather than the full model choice because it is ~30x cheaper and
    one-step forecasts barely differ between the candidates.  Pass complete
    periods only (see :func:`split_incomplete_period`).
    """
    arr = _as_array(y)
    _validate(arr, season_length, 1, "")
    m = int(season_length)
    warm = max(2 * m + 2, 8) if min_history is None else int(min_history)
    if warm < 3:
        raise ValueError(f"min_history must be >= 3, got {min_history!r}")
    nonneg = bool(np.all(arr >= 0))
    clean = arr.copy()  # history with earlier anomalies pulled back to the band they broke
    past_errors: list[float] = []
    rows = []
    for t in range(warm, len(arr)):
        hist = clean[:t]
        if np.ptp(hist) == 0:
            fc, half = float(hist[-1]), 0.0
        else:
            season = fm.seasonality(hist, m)
            x = season.adjust(hist)
            level, alpha, rmse = fm.ses_fit(x)
            _, b0 = fm.ols_line(x)
            adj_fc = level + 0.5 * b0 * (1 / alpha - (1 - alpha) ** t / alpha)
            fc = float(season.restore(np.array([adj_fc]), start=t)[0])
            factor = abs(float(season.restore(np.array([1.0]), start=t)[0])) if season.kind == "mul" else 1.0
            # In-sample residuals flatter the fit (the seasonal indices were fitted
            # to them), so pool them with the genuine one-step errors made so far;
            # the in-sample part carries the weight of three errors as a prior.
            prior = 3.0
            var = (prior * (rmse * factor) ** 2 + float(np.sum(np.square(past_errors)))) / (prior + len(past_errors))
            half = float(stats.t.ppf(0.975, max(2, t - 3))) * math.sqrt(var)
        lo, hi = fc - half, fc + half
        if nonneg:
            fc, lo = max(fc, 0.0), max(lo, 0.0)
        actual = float(arr[t])
        direction = "rise" if actual > hi else "fall" if actual < lo else ""
        if direction:
            # Winsorise so one spike neither inflates the next bands nor drags the
            # next forecasts into a spurious opposite flag; a lasting shift still
            # gets through, one band-width per period.
            clean[t] = hi if direction == "rise" else lo
        past_errors.append(float(clean[t]) - fc)
        rows.append(
            {
                "index": t,
                "actual": actual,
                "forecast": fc,
                "lo95": lo,
                "hi95": hi,
                "anomaly": bool(direction),
                "direction": direction,
            }
        )
    frame = pd.DataFrame(rows, columns=ANOMALY_COLUMNS)
    return frame.astype({"index": int, "anomaly": bool}) if len(frame) else frame


# ---------------------------------------------------------------------------
# CLI core
# ---------------------------------------------------------------------------

# Recognised period labels: (name, pattern, ordinal used for the gap check).
_LABEL_FORMATS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("quarter (2024Q1)", re.compile(r"^(\d{4})Q([1-4])$")),
    ("quarter (2024-Q1)", re.compile(r"^(\d{4})-Q([1-4])$")),
    ("month (2024-03)", re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")),
)
_INT_PATTERN = re.compile(r"^[+-]?\d+$")


def _period_order(sid: str, periods: pd.Series, rows: pd.Series) -> np.ndarray:
    """Sort order for one series' periods, after checking format, duplicates and gaps."""
    labels = periods.str.strip()
    if labels.eq("").any():
        row = int(rows[labels.eq("")].iloc[0])
        raise ValueError(f"series {sid!r}, row {row}: empty period")
    dup = labels[labels.duplicated()]
    if len(dup):
        row = int(rows[dup.index[0]])
        raise ValueError(f"series {sid!r}, row {row}: duplicate period {dup.iloc[0]!r}")
    if labels.map(lambda s: bool(_INT_PATTERN.match(s))).all():
        ordinal = labels.astype(int).to_numpy()
        kind = "integer"
    else:
        ordinal = None
        for kind, pattern in _LABEL_FORMATS:
            matches = labels.map(pattern.match)
            if matches.map(bool).all():
                per_year = 4 if kind.startswith("quarter") else 12
                ordinal = matches.map(lambda mt, p=per_year: int(mt[1]) * p + int(mt[2]) - 1).to_numpy()
                break
        if ordinal is None:
            bad = labels[
                ~labels.map(lambda s: any(p.match(s) for _, p in _LABEL_FORMATS) or bool(_INT_PATTERN.match(s)))
            ]
            example = bad.iloc[0] if len(bad) else labels.iloc[0]
            raise ValueError(
                f"series {sid!r}: periods must all be integers, all quarters like 2024Q1, or all months like "
                f"2024-03; found mixed or unknown formats (e.g. {example!r})"
            )
    order = np.argsort(ordinal, kind="stable")
    gaps = np.flatnonzero(np.diff(ordinal[order]) != 1)
    if gaps.size:
        before = labels.iloc[order[gaps[0]]]
        after = labels.iloc[order[gaps[0] + 1]]
        raise ValueError(f"series {sid!r}: gap in {kind} periods between {before!r} and {after!r}")
    return order


def read_series_file(input_path: Path) -> dict[str, np.ndarray]:
    """Read the long-format CSV (series_id, period, value) into series in time order.

    Missing values are rejected rather than interpolated: a silent fill would
    put invented complaints into an official forecast.
    """
    path = Path(input_path)
    raw = None
    # UTF-8 (with or without the BOM Excel writes), else GB18030: what Chinese
    # Excel saves as "CSV" by default.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True, encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise ValueError(f"{path}: the file is empty") from None
        except (FileNotFoundError, IsADirectoryError):
            raise ValueError(f"{path}: no such file") from None
        except pd.errors.ParserError as exc:
            raise ValueError(f"{path}: not a readable CSV file ({exc})") from None
    if raw is None:
        raise ValueError(f"{path}: not a readable CSV file (neither UTF-8 nor GB18030 text)")
    raw.columns = [str(c).strip() for c in raw.columns]
    missing = [c for c in ("series_id", "period", "value") if c not in raw.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; need series_id, period, value")
    if raw.empty:
        raise ValueError(f"{path}: the file has a header but no rows")
    rows = pd.Series(np.arange(len(raw)) + 2, index=raw.index)  # line numbers as a spreadsheet shows them
    sids = raw["series_id"].str.strip()
    if sids.eq("").any():
        raise ValueError(f"{path}, row {int(rows[sids.eq('')].iloc[0])}: empty series_id")
    text = raw["value"].str.strip()
    if text.eq("").any():
        i = text.eq("").idxmax()
        raise ValueError(f"series {sids[i]!r}, row {int(rows[i])}: missing value (fill or remove the row)")
    values = pd.to_numeric(text, errors="coerce")
    bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        i = bad.idxmax()
        raise ValueError(f"series {sids[i]!r}, row {int(rows[i])}: value {raw['value'][i]!r} is not a number")
    out: dict[str, np.ndarray] = {}
    for sid, idx in sids.groupby(sids, sort=False).groups.items():
        order = _period_order(str(sid), raw["period"][idx], rows[idx])
        out[str(sid)] = values[idx].to_numpy(dtype=float)[order]
    return out


def run_forecast_file(input_path: Path, output_path: Path, *, horizon: int, season_length: int) -> pd.DataFrame:
    """CLI core: forecast every series in a long CSV and write the forecasts as CSV.

    Input columns ``series_id, period, value``; ``period`` is integers (sorted
    numerically) or one label format per series (2024Q1, 2024-Q1 or 2024-03,
    sorted in time).  Output columns: series_id, step, forecast, lo80, hi80,
    lo95, hi95, model.  User errors raise ValueError naming the series and row.
    """
    if isinstance(horizon, bool) or not isinstance(horizon, (int, np.integer)) or horizon < 1:
        raise ValueError(f"horizon must be an integer >= 1, got {horizon!r}")
    if isinstance(season_length, bool) or not isinstance(season_length, (int, np.integer)) or season_length < 1:
        raise ValueError(f"season_length must be an integer >= 1, got {season_length!r}")
    series = read_series_file(input_path)
    results = forecast_many(series, season_length=int(season_length), horizon=int(horizon))
    frames = []
    for sid, res in results.items():
        frame = res.forecast.copy()
        frame.insert(0, "series_id", sid)
        frame["model"] = res.model
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)[OUTPUT_COLUMNS]
    out_path = Path(output_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    # The series ids are the input file's own text: a spreadsheet must not run one as a formula.
    safe_frame(out).to_csv(out_path, index=False)
    return out
