"""The interval table of docs/forecasting.md: how each way of building the intervals covers the test periods.

The point forecast is the shipped median (``anning.forecast.models``) and is
the same in every row; only the 80% and 95% intervals around it differ.  Every
rule sees only each series' training part: the median is refitted at up to 16
backtest origins inside it (one period apart; the engine uses four, two apart:
``anning.forecast.engine._origins``), and the rules build intervals from those
backtest errors and the training history.  Printed: test coverage of the 80% /
95% intervals per quarterly dev set, and the largest and mean distance from nominal over them.

Rules (names as in the printed table):
  sqrt_h            the previous engine: RMS of error / sqrt(step) over the 4 origins, sqrt(h) growth
  sqrt_h_8, _16     the same over 8 / 16 origins one period apart
  log               sqrt_h on the log scale for positive series (multiplicative intervals)
  log_16            the same over 16 origins
  per_step_16       RMS of the errors at each step over 16 origins (no growth law)
  growth_law        sqrt_h with the exponent fitted per series (engine._growth_exponent)
  conformal         finite-sample conformal quantile of the leave-one-origin-out scaled
                    errors |e| / (s_-o sqrt(h)) (the ceil((N + 1)(1 - a))-th of N) instead of t(k)
  conformal_8       the same over 8 origins
  shrink_sqrt_h     sqrt_h shrunk toward the history's seasonal-naive spread (geometric mean)
  equal_weights     growth_law shrunk the same way: the engine's rule until 2026-12-07 (night)
  equal_normal      equal_weights with normal instead of Student-t quantiles
  equal_8           equal_weights over 8 origins one period apart
  equal_log         equal_weights on the log scale for positive series
  equal_bias_0.5, _1
                    equal_weights moved by half / all of the mean backtest error at each step
  prior_seasonal_if_tested
                    the history reference with seasons only where models.is_seasonal finds them
  prior_smaller_naive
                    the history reference as the smaller of the seasonal-naive and naive spreads
  prior_relative    the history's seasonal-naive errors relative to their year's level, times today's
  prior_last_5y, _3y
                    the history reference from the last 5 / 3 years only
  equal_spread_origins
                    equal_weights from four origins four periods apart (more of the history's years)
  history_shape, _half
                    equal_weights with the t quantiles scaled by the history's own tail shape (its
                    seasonal-naive changes' 80% / 95% quantiles over the normal ones), or its square root
  weight_years      equal_weights with the two scales weighted by the years each covers instead of equally:
                    the backtest's log scale weight k*m/n (k origins, n periods of history; at most 1)
  weight_info       the same with weight k / (k + n/m) (k origins against the history's years)
  weight_years_sqrt the same with weight sqrt(k*m/n)
  weight_*_shape_half, _full
                    a weighted spread with the tail shape's square root / the full shape
  df_min3, df_min4  equal_weights with at least 3 / 4 degrees of freedom for the t quantiles (series
                    with fewer backtest origins); weight_*_df_min*, weight_*_shape_*_df_min*,
                    weight_info_shape_{0.25,0.375}_df_min{4,5} combine them; df_plus1: k + 1 of them
  equal_x0.90...    equal_weights times a constant (what no rule may do: the constant would be fitted to
                    these sets; it shows whether any rescaling could bring every set within 3 points)
  shipped_prior_level, _level_half, _elasticity
                    the shipped rule with the history's seasonal-naive changes scaled to today's level: each
                    change over level ** b (the mean of the season it starts from), the RMS times today's
                    level ** b (ratio of sums, so low-level years weigh less), b = 1, 1/2, or fitted per series
                    (slope of the log yearly RMS of the changes on the log yearly level, within [0, 1])
  shipped_prior_demeaned, _demeaned_level
                    the shipped rule with the changes' mean (the trend the seasonal naive misses) taken out,
                    in units or relative to the level
  shipped_prior_drift, _drift_level_half, _drift_level
                    the shipped rule with the errors of a seasonal naive with drift, the drift from the changes
                    before each one only, in units or relative to the level (b = 1/2, 1)
  shipped           the engine as shipped (engine._interval_spread and engine._quantiles): weight_years
                    with the tail shape's square root (the same figures as weight_years_shape_half)

Usage:
  python bench/forecast_intervals.py                   # m1q, tq, m1m2q, tm2q (~2 min CPU per 1000 series)
  python bench/forecast_intervals.py --limit 50
"""

from __future__ import annotations

import argparse
import math
import pickle
import sys
import warnings
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import forecast_accuracy as acc  # noqa: E402

from anning.forecast import engine as fc  # noqa: E402
from anning.forecast import models as fm  # noqa: E402

MAX_ORIGINS = 16
ENGINE_J = (0, 2, 4, 6)  # the engine's origins: n - hb - j


def _series_task(args: tuple[str, np.ndarray, np.ndarray, int]) -> dict:
    """The median's final forecast and its forecasts at every origin j = 0..15 (origin n - hb - j)."""
    sid, train, test, m = args
    h, n = len(test), len(train)
    min_train = fc._min_train(m)
    hb = min(h, n - min_train)
    bt: dict[int, np.ndarray] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for j in range(MAX_ORIGINS if hb >= 1 else 0):
            o = n - hb - j
            if o < min_train:
                break
            bt[j] = fm.point_forecasts(train[:o], m, hb, ("median",))["median"]
        final = fm.point_forecasts(train, m, h, ("median",))["median"]
    return {"train": train, "test": test, "m": m, "hb": hb, "bt": bt, "final": final}


def _errors(rec: dict, js: tuple[int, ...], log: bool = False) -> list[np.ndarray] | None:
    """Backtest errors (actual - forecast) at the origins j in js; None if the median broke at one."""
    train, hb = rec["train"], rec["hb"]
    out = []
    for j, f in rec["bt"].items():
        if j not in js:
            continue
        o = len(train) - hb - j
        if fm.is_explosive(f, train[:o]):
            return None
        actual = train[o : o + hb]
        out.append(np.log(actual) - np.log(np.maximum(f, 1e-12)) if log else actual - f)
    return out


def _t(k: int) -> tuple[float, float]:
    return fc._t_quantiles(max(k, 1))


def _sqrt_h_spread(errs: list[np.ndarray], history: np.ndarray, h: int, m: int = 1) -> np.ndarray:
    scaled = np.concatenate([e / np.sqrt(np.arange(1, len(e) + 1)) for e in errs])
    s = float(np.sqrt(np.mean(scaled**2)))
    if not s > 0:
        s = float(np.sqrt(np.mean(np.diff(history) ** 2)))
    return s * np.sqrt(np.arange(1, h + 1))


def _growth_spread(errs: list[np.ndarray], history: np.ndarray, h: int, m: int = 1) -> np.ndarray:
    e = np.vstack(errs)
    beta = fc._growth_exponent(np.mean(e**2, axis=0))
    s = float(np.sqrt(np.mean(e**2 / np.arange(1, e.shape[1] + 1) ** (2 * beta))))
    if not s > 0:
        return _sqrt_h_spread(errs, history, h)
    return s * np.arange(1, h + 1) ** beta


def _per_step_spread(errs: list[np.ndarray], history: np.ndarray, h: int, m: int = 1) -> np.ndarray:
    sh = np.sqrt(np.mean(np.vstack(errs) ** 2, axis=0))
    if not np.all(sh > 0):
        return _sqrt_h_spread(errs, history, h)
    if h <= len(sh):
        return sh[:h]
    return np.concatenate([sh, sh[-1] * np.sqrt(np.arange(len(sh) + 1, h + 1) / len(sh))])


def _shrunk(inner: Callable) -> Callable:
    def spread(errs: list[np.ndarray], history: np.ndarray, h: int, m: int) -> np.ndarray:
        own = inner(errs, history, h, m)
        prior = fc._history_spread(history, m, h)
        return np.where(prior > 0, np.sqrt(own * prior), own)

    return spread


def _equal(errs: list[np.ndarray], history: np.ndarray, h: int, m: int, prior: np.ndarray | None = None) -> np.ndarray:
    """The engine's spread until 2026-12-07 (night): growth law and history spread, equal weights (geometric mean)."""
    own = _growth_spread(errs, history, h, m)
    prior = fc._history_spread(history, m, h) if prior is None else prior
    return np.where(prior > 0, np.sqrt(own * prior), own)


Bounds = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
Rule = Callable[[dict, np.ndarray], Bounds]


def _symmetric(
    spread_fn: Callable,
    js: tuple[int, ...] = ENGINE_J,
    quantiles: str = "t",
    factor: float = 1.0,
    log: bool = False,
    df: Callable[[int], int] | None = None,
) -> Rule:
    """A rule: spread_fn(errors, history, h, m) times Student-t (or normal) quantiles around the median."""

    def rule(rec: dict, f: np.ndarray) -> Bounds:
        train, m, h = rec["train"], rec["m"], len(f)
        use_log = log and train.min() > 0 and bool(np.all(f > 0))
        errs = _errors(rec, js, log=use_log)
        if use_log and errs is not None and not all(np.all(np.isfinite(e)) for e in errs):
            use_log, errs = False, _errors(rec, js)
        if not errs:
            errs = _errors(rec, ENGINE_J) or [np.zeros(max(rec["hb"], 1))]
        hist = np.log(train) if use_log else train
        sp = factor * spread_fn(errs, hist, h, m)
        k = df(len(errs)) if df else len(errs)
        q80, q95 = _t(k) if quantiles == "t" else (stats.norm.ppf(0.9), stats.norm.ppf(0.975))
        if use_log:
            return f * np.exp(-q80 * sp), f * np.exp(q80 * sp), f * np.exp(-q95 * sp), f * np.exp(q95 * sp)
        return f - q80 * sp, f + q80 * sp, f - q95 * sp, f + q95 * sp

    return rule


def _conformal(js: tuple[int, ...]) -> Rule:
    """Split-conformal quantiles of the leave-one-origin-out scaled errors, sqrt(h) spread."""

    def rule(rec: dict, f: np.ndarray) -> Bounds:
        train, h = rec["train"], len(f)
        errs = _errors(rec, js) or []
        if len(errs) < 3:
            return _symmetric(_sqrt_h_spread)(rec, f)
        z = []
        for i, e in enumerate(errs):
            sp = _sqrt_h_spread(errs[:i] + errs[i + 1 :], train, len(e))
            z.append(np.abs(e) / sp)
        zs = np.sort(np.concatenate(z))
        n = len(zs)

        def q(a: float) -> float:
            return float(zs[min(math.ceil((n + 1) * a), n) - 1])

        sp = _sqrt_h_spread(errs, train, h)
        return f - q(0.8) * sp, f + q(0.8) * sp, f - q(0.95) * sp, f + q(0.95) * sp

    return rule


def _shifted(weight: float) -> Rule:
    """equal_weights, moved by ``weight`` times the mean backtest error at each step (a bias correction)."""
    base = _symmetric(_equal)

    def rule(rec: dict, f: np.ndarray) -> Bounds:
        lo80, hi80, lo95, hi95 = base(rec, f)
        errs = _errors(rec, ENGINE_J)
        if not errs:
            return lo80, hi80, lo95, hi95
        b = np.mean(np.vstack(errs), axis=0)
        b = weight * np.concatenate([b, np.full(max(len(f) - len(b), 0), b[-1])])[: len(f)]
        return lo80 + b, hi80 + b, lo95 + b, hi95 + b

    return rule


def _relative_history(y: np.ndarray, m: int, horizon: int) -> np.ndarray:
    """The history's seasonal-naive errors relative to the year's level they were made at, times today's."""
    y = np.asarray(y, dtype=float)
    if y.min() <= 0:
        return fc._history_spread(y, m, horizon)
    n, unit = len(y), max(m, 1)
    longest, out, level = unit * ((n - 1) // unit), np.zeros(horizon), float(np.mean(y[-unit:]))
    for h in range(1, horizon + 1):
        lag = unit * math.ceil(h / unit)
        use = min(lag, longest)
        if use < 1:
            continue
        base = np.array([np.mean(y[max(0, t - use - unit + 1) : t - use + 1]) for t in range(use, n)])
        d = (y[use:] - y[:-use]) / base
        out[h - 1] = math.sqrt(float(np.dot(d, d)) / len(d)) * math.sqrt(lag / use) * level
    return out


def _trailing_level(y: np.ndarray, unit: int) -> np.ndarray:
    """The mean of the ``unit`` values ending at each period (fewer at the start): the level a change is made at."""
    c = np.concatenate([[0.0], np.cumsum(y)])
    end = np.arange(1, len(y) + 1)
    start = np.maximum(0, end - unit)
    return (c[end] - c[start]) / (end - start)


def _elasticity(d: np.ndarray, level: np.ndarray, block: int) -> float:
    """How the seasonal changes' size grows with the level: slope of log block RMS on log block level, in [0, 1]."""
    nb = len(d) // block
    if nb < 3:
        return 0.0
    rms = np.sqrt(np.mean(d[len(d) - nb * block :].reshape(nb, block) ** 2, axis=1))
    lv = np.mean(level[len(d) - nb * block :].reshape(nb, block), axis=1)
    ok = rms > 0
    x = np.log(lv[ok]) - np.log(lv[ok]).mean()
    if ok.sum() < 3 or not np.dot(x, x) > 0:
        return 0.0
    return min(max(float(np.dot(x, np.log(rms[ok])) / np.dot(x, x)), 0.0), 1.0)


def _level_history(elasticity: float | None, trend: str = "") -> Callable[[np.ndarray, int, int], np.ndarray]:
    """The history reference with each seasonal-naive change divided by level ** b and the RMS times today's level ** b.

    ``b = elasticity``, or estimated per series (:func:`_elasticity`) when None.  ``trend`` takes a trend out of
    each (scaled) change first: ``"whole"`` the mean change of the whole history (the trend a seasonal naive
    forecast misses and the median does not), ``"past"`` the mean one-season change up to the change's own start,
    times its seasons (a seasonal naive with drift, out of sample; changes with fewer than two before them are
    left out).  Series with a value <= 0 keep b = 0.
    """

    def prior(y: np.ndarray, m: int, horizon: int) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        n, unit = len(y), max(m, 1)
        level = _trailing_level(y, unit) if y.min() > 0 else np.ones(n)
        b = elasticity
        if b is None:
            b = _elasticity(y[unit:] - y[:-unit], level[:-unit], unit if unit > 1 else 4)
        lb = level**b
        # drift[s]: the mean scaled one-season change of the changes ending at or before s (from the second on)
        one = (y[unit:] - y[:-unit]) / lb[:-unit]
        drift = np.full(n, np.nan)
        drift[unit + 1 :] = (np.cumsum(one) / np.arange(1, len(one) + 1))[1:]
        longest, out = unit * ((n - 1) // unit), np.zeros(horizon)
        for h in range(1, horizon + 1):
            lag = unit * math.ceil(h / unit)
            use = min(lag, longest)
            if use < 1:
                continue
            d, wt = (y[use:] - y[:-use]) / lb[:-use], lb[:-use] ** 2
            if trend == "whole":
                d = d - np.average(d, weights=wt)
            elif trend == "past":
                keep = np.isfinite(drift[:-use])
                d, wt = (d - use / unit * drift[:-use])[keep], wt[keep]
            # weighted by level ** 2b (a ratio of sums), so that the low early levels do not dominate
            out[h - 1] = (
                math.sqrt(float(np.average(d**2, weights=wt))) * math.sqrt(lag / use) * lb[-1] if len(d) else 0.0
            )
        return out

    return prior


def _engine_with_prior(prior: Callable[[np.ndarray, int, int], np.ndarray]) -> Rule:
    """The engine's intervals as shipped, with another history reference in place of the seasonal-naive one."""

    def rule(rec: dict, f: np.ndarray) -> Bounds:
        train, m, h = rec["train"], rec["m"], len(f)
        errs = _errors(rec, ENGINE_J) or [np.zeros(max(rec["hb"], 1))]
        sp = fc._interval_spread(errs, train, m, h, history_spread=prior(train, m, h))
        q80, q95 = fc._quantiles(len(errs), fc._tail_shape(train, m))
        return f - q80 * sp, f + q80 * sp, f - q95 * sp, f + q95 * sp

    return rule


def _with_prior(prior: Callable[[np.ndarray, int, int], np.ndarray]) -> Callable:
    """The engine's spread with another history reference in place of the seasonal-naive one."""

    def spread(errs: list[np.ndarray], history: np.ndarray, h: int, m: int) -> np.ndarray:
        return _equal(errs, history, h, m, prior(history, m, h))

    return spread


def _recent(years: int) -> Callable[[np.ndarray, int, int], np.ndarray]:
    def prior(y: np.ndarray, m: int, h: int) -> np.ndarray:
        w = years * max(m, 1) + h
        return fc._history_spread(y[-w:] if len(y) > w else y, m, h)

    return prior


def _seasonal_if_tested(y: np.ndarray, m: int, h: int) -> np.ndarray:
    return fc._history_spread(y, m if m > 1 and fm.is_seasonal(y, m) else 1, h)


def _history_shape(power: float, spread_fn: Callable | None = None, df: Callable[[int], int] | None = None) -> Rule:
    """equal_weights (or ``spread_fn``), with each t quantile times (the history's own quantile / the normal one) ** power.

    The tail shape from the series itself: the seasonal-naive changes of the whole history, centred and
    scaled to unit RMS; their 80% and 95% absolute quantiles over the normal ones say how peaked or
    heavy-tailed the series' errors are.
    """

    def rule(rec: dict, f: np.ndarray) -> Bounds:
        train, m, h = rec["train"], rec["m"], len(f)
        errs = _errors(rec, ENGINE_J) or [np.zeros(max(rec["hb"], 1))]
        sp = (spread_fn or _equal)(errs, train, h, m)
        q80, q95 = _t(df(len(errs)) if df else len(errs))
        d = train[m:] - train[:-m]
        if len(d) >= 8 and np.std(d) > 0:
            z = np.abs(d - d.mean()) / np.std(d)
            q80 *= (np.quantile(z, 0.8) / stats.norm.ppf(0.9)) ** power
            q95 *= (np.quantile(z, 0.95) / stats.norm.ppf(0.975)) ** power
        return f - q80 * sp, f + q80 * sp, f - q95 * sp, f + q95 * sp

    return rule


def _weighted(weight: Callable[[int, int, int], float]) -> Callable:
    """equal_weights, with the log scales of the backtest and the history weighted by ``weight(n, m, k)``, not equally."""

    def spread(errs: list[np.ndarray], history: np.ndarray, h: int, m: int) -> np.ndarray:
        own = _growth_spread(errs, history, h, m)
        prior = fc._history_spread(history, m, h)
        w = weight(len(history), max(m, 1), len(errs))
        return np.where(prior > 0, own**w * np.maximum(prior, 1e-300) ** (1 - w), own)

    return spread


def rules() -> dict[str, Rule]:
    """Every rule of the table, by name."""
    j8, j16 = tuple(range(8)), tuple(range(16))
    out: dict[str, Rule] = {
        "sqrt_h": _symmetric(_sqrt_h_spread),
        "sqrt_h_8": _symmetric(_sqrt_h_spread, j8),
        "sqrt_h_16": _symmetric(_sqrt_h_spread, j16),
        "log": _symmetric(_sqrt_h_spread, log=True),
        "log_16": _symmetric(_sqrt_h_spread, j16, log=True),
        "per_step_16": _symmetric(_per_step_spread, j16),
        "growth_law": _symmetric(_growth_spread),
        "conformal": _conformal(ENGINE_J),
        "conformal_8": _conformal(j8),
        "shrink_sqrt_h": _symmetric(_shrunk(_sqrt_h_spread)),
        "equal_weights": _symmetric(_equal),
        "equal_normal": _symmetric(_equal, quantiles="normal"),
        "equal_8": _symmetric(_equal, j8),
        "equal_log": _symmetric(_equal, log=True),
    }
    out["equal_bias_0.5"] = _shifted(0.5)
    out["equal_bias_1"] = _shifted(1.0)
    out["prior_seasonal_if_tested"] = _symmetric(_with_prior(_seasonal_if_tested))
    out["prior_smaller_naive"] = _symmetric(
        _with_prior(lambda y, m, h: np.minimum(fc._history_spread(y, m, h), fc._history_spread(y, 1, h)))
    )
    out["prior_relative"] = _symmetric(_with_prior(_relative_history))
    out["prior_last_5y"] = _symmetric(_with_prior(_recent(5)))
    out["prior_last_3y"] = _symmetric(_with_prior(_recent(3)))
    out["equal_spread_origins"] = _symmetric(_equal, (0, 4, 8, 12))
    out["history_shape"] = _history_shape(1.0)
    out["history_shape_half"] = _history_shape(0.5)
    weights = {
        "years": lambda n, m, k: min(1.0, k * m / n),
        "info": lambda n, m, k: k / (k + n / m),
        "years_sqrt": lambda n, m, k: min(1.0, k * m / n) ** 0.5,
    }
    for wname, w in weights.items():
        out[f"weight_{wname}"] = _symmetric(_weighted(w))
    for wname, w in weights.items():
        for pname, power in (("half", 0.5), ("full", 1.0)):
            out[f"weight_{wname}_shape_{pname}"] = _history_shape(power, _weighted(w))
    for lo in (3, 4):
        out[f"df_min{lo}"] = _symmetric(_equal, df=lambda k, lo=lo: max(lo, k))
        for wname, w in weights.items():
            out[f"weight_{wname}_df_min{lo}"] = _symmetric(_weighted(w), df=lambda k, lo=lo: max(lo, k))
    for wname, w in weights.items():
        for pname, power in (("half", 0.5), ("full", 1.0)):
            out[f"weight_{wname}_shape_{pname}_df_min4"] = _history_shape(power, _weighted(w), lambda k: max(4, k))
    for power in (0.25, 0.375):
        for lo in (4, 5):
            out[f"weight_info_shape_{power}_df_min{lo}"] = _history_shape(
                power, _weighted(weights["info"]), lambda k, lo=lo: max(lo, k)
            )
    out["weight_info_shape_half_df_min5"] = _history_shape(0.5, _weighted(weights["info"]), lambda k: max(5, k))
    out["shape_half_df_min4"] = _history_shape(0.5, None, lambda k: max(4, k))
    out["df_plus1"] = _symmetric(_equal, df=lambda k: k + 1)
    for c in (0.9, 0.95, 1.05, 1.1):
        out[f"equal_x{c:.2f}"] = _symmetric(_equal, factor=c)
    for name, b, trend in (
        ("level", 1.0, ""),
        ("level_half", 0.5, ""),
        ("elasticity", None, ""),
        ("demeaned", 0.0, "whole"),
        ("demeaned_level", 1.0, "whole"),
        ("drift", 0.0, "past"),
        ("drift_level_half", 0.5, "past"),
        ("drift_level", 1.0, "past"),
    ):
        out[f"shipped_prior_{name}"] = _engine_with_prior(_level_history(b, trend))
    # The engine as shipped: its own history reference (engine._history_spread), spread and quantiles.
    out["shipped"] = _engine_with_prior(fc._history_spread)
    return out


def coverage(recs: list[dict], rule: Rule) -> tuple[float, float]:
    """Test coverage of the 80% and 95% intervals (lower bounds clipped at 0 for non-negative data)."""
    in80, in95 = [], []
    for rec in recs:
        train, test = rec["train"], rec["test"]
        if np.ptp(train) == 0 or not rec["bt"]:
            continue  # the engine's constant-series and short-history paths, not these rules
        nonneg = train.min() >= 0
        f = np.maximum(rec["final"], 0) if nonneg else rec["final"]
        lo80, hi80, lo95, hi95 = rule(rec, f)
        if nonneg:
            lo80, lo95 = np.maximum(lo80, 0), np.maximum(lo95, 0)
        in80.append((test >= lo80) & (test <= hi80))
        in95.append((test >= lo95) & (test <= hi95))
    return float(np.concatenate(in80).mean()), float(np.concatenate(in95).mean())


def backtests(key: str, limit: int | None, workers: int, cache: Path | None) -> list[dict]:
    """The refitted backtests of one dev set (the slow part), from ``cache`` when it holds them."""
    path = cache / f"{key}_{limit or 'all'}.pkl" if cache else None
    if path is not None and path.exists():
        return pickle.loads(path.read_bytes())
    series, m, _ = acc.load_dev(key, limit)
    with Pool(workers) as pool:
        recs = pool.map(_series_task, [(sid, tr, te, m) for sid, tr, te in series], chunksize=4)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(recs))
    return recs


def main(argv: list[str] | None = None) -> int:
    """Refit the median at every origin once per dataset, score every rule, print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", default="m1q,tq,m1m2q,tm2q")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--cache", type=Path, help="keep the refitted backtests here (one pickle per set) and reuse them next time"
    )
    args = parser.parse_args(argv)
    keys = [k.strip() for k in args.datasets.split(",")]
    table: dict[str, dict[str, tuple[float, float]]] = {}
    for key in keys:
        recs = backtests(key, args.limit, args.workers, args.cache)
        table[key] = {name: coverage(recs, rule) for name, rule in rules().items()}
        print(f"{key}: {len(recs)} series", file=sys.stderr, flush=True)
    print("| rule | " + " | ".join(acc.DATASETS[k][3] for k in keys) + " | largest miss | mean miss |")
    print("|---|" + "---:|" * (len(keys) + 2))
    for name in rules():
        cells = [table[k][name] for k in keys]
        misses = [d for a, b in cells for d in (abs(100 * a - 80), abs(100 * b - 95))]
        print(
            f"| {name} | "
            + " | ".join(f"{100 * a:.1f} / {100 * b:.1f}" for a, b in cells)
            + f" | {max(misses):.1f} | {sum(misses) / len(misses):.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
