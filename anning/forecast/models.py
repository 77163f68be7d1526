"""Point-forecast engine behind :mod:`anning.forecast.engine`.

Every model here maps a complete history ``y`` (1-D float array), a season
length ``m`` and a horizon ``h`` to ``h`` point forecasts.  Nothing here knows
about backtests, intervals or guards; :mod:`anning.forecast.engine` adds those.

Why a home-grown engine instead of fitting statsmodels' ``ETSModel`` per
candidate and per backtest origin: model selection needs every candidate to be
refitted at several rolling origins, and the product needs 750 quarterly
series in under 40 s on two cores.  ``ETSModel`` costs 5-70 ms per fit, which
leaves no room for a backtest.  The exponential-smoothing recursions are tiny,
so we run them for a whole grid of smoothing parameters at once (numpy
vectorises over the grid, Python loops only over time) and keep the parameter
set with the smallest in-sample SSE, which is the Gaussian likelihood
criterion for additive errors.  A fit then costs about 1-3 ms.

* ``theta`` reproduces ``statsmodels.tsa.forecasting.theta.ThetaModel`` with
  its defaults (same seasonality test, same classical decomposition, same
  SES-with-drift forecast); only the SES smoothing parameter is found on a
  0.01 grid instead of by a numerical optimiser.  The unit tests check that
  the two agree.
* ``ets_damped`` is ETS with additive errors and a damped additive trend;
  when the series is seasonal (same test as Theta) it carries multiplicative
  seasonal states (additive when the data are not strictly positive),
  i.e. ETS(A,Ad,M) / ETS(A,Ad,A) / ETS(A,Ad,N).  Initial states use the
  classical heuristic of Hyndman et al. (first cycles), as ``ETSModel`` does
  with ``initialization_method="heuristic"``.
* ``sarima`` is a real statsmodels ``SARIMAX`` airline model; it is optional
  because one fit takes 50-500 ms.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

FloatArray = np.ndarray

# 90% one-sided critical value of chi2(1): the seasonality test ThetaModel uses.
_SEASONALITY_CRIT = 2.705543454095404

# SES grid for Theta: fine enough that Theta forecasts match statsmodels' optimiser
# to well under 1% on the dev data.
_SES_ALPHAS = np.linspace(0.01, 1.0, 100)

# Damped-trend grid (non-seasonal).  beta is expressed as a share of alpha so that
# every combination satisfies the usual admissibility 0 <= beta <= alpha.
_ND_ALPHA = np.array([0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99])
_ND_BETA_SHARE = np.array([0.0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5])
_ND_PHI = np.array([0.8, 0.88, 0.94, 0.98])
_NA, _NR, _NP = (g.ravel() for g in np.meshgrid(_ND_ALPHA, _ND_BETA_SHARE, _ND_PHI, indexing="ij"))
_NB = _NA * _NR

# Seasonal damped grid: coarser per axis because it has a fourth axis (gamma,
# expressed as a share of 1 - alpha, the admissible range).
_SD_ALPHA = np.array([0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9])
_SD_BETA_SHARE = np.array([0.0, 0.05, 0.15, 0.4])
_SD_PHI = np.array([0.85, 0.93, 0.98])
_SD_GAMMA_SHARE = np.array([0.0, 0.05, 0.15, 0.3])
_SA, _SR, _SP, _SC = (
    g.ravel() for g in np.meshgrid(_SD_ALPHA, _SD_BETA_SHARE, _SD_PHI, _SD_GAMMA_SHARE, indexing="ij")
)
_SB = _SA * _SR
_SG = (1.0 - _SA) * _SC

_TINY = 1e-8


@dataclass(frozen=True)
class Seasonality:
    """Seasonal profile of a history, as Theta's classical decomposition finds it."""

    kind: str | None  # "mul", "add" or None (not seasonal)
    indices: FloatArray  # length m; indices[t % m] applies to position t of the history

    def adjust(self, y: FloatArray) -> FloatArray:
        """Remove the seasonal pattern from a history starting at position 0."""
        if self.kind is None:
            return y
        s = self.indices[np.arange(len(y)) % len(self.indices)]
        return y / s if self.kind == "mul" else y - s

    def restore(self, f: FloatArray, start: int) -> FloatArray:
        """Put the seasonal pattern back on forecasts for positions start, start+1, ..."""
        if self.kind is None:
            return f
        s = self.indices[(start + np.arange(len(f))) % len(self.indices)]
        return f * s if self.kind == "mul" else f + s


NOT_SEASONAL = Seasonality(None, np.ones(1))


def _acf(y: FloatArray, nlags: int) -> FloatArray:
    """Sample autocorrelations 0..nlags, as ``statsmodels.tsa.stattools.acf`` (demeaned, not adjusted).

    Direct sums instead of statsmodels' FFT call: identical numbers, a tenth of
    the overhead for these short series.
    """
    d = y - y.mean()
    denom = float(np.dot(d, d))
    return np.array([float(np.dot(d[: len(d) - k], d[k:])) / denom for k in range(nlags + 1)])


def is_seasonal(y: FloatArray, m: int) -> bool:
    """ThetaModel's test: 90% test of the lag-m autocorrelation (needs two full cycles)."""
    if m <= 1 or len(y) < 2 * m or np.ptp(y) == 0:
        return False
    rho = _acf(y, m)
    denom = np.sum(rho[:-1] ** 2)
    if not np.isfinite(rho[-1]) or denom <= 0:
        return False
    return bool(len(y) * rho[-1] ** 2 / denom > _SEASONALITY_CRIT)


def classical_indices(y: FloatArray, m: int, kind: str) -> FloatArray:
    """Seasonal indices of ``statsmodels.tsa.seasonal.seasonal_decompose`` (two-sided MA, no extrapolation).

    Reimplemented because statsmodels' wrapper costs ~1 ms per call and runs
    five times per series; a unit test checks the two agree.
    """
    filt = np.r_[0.5, np.ones(m - 1), 0.5] / m if m % 2 == 0 else np.full(m, 1.0 / m)
    half = (len(filt) - 1) // 2
    trend = np.full(len(y), np.nan)
    trend[half : len(y) - half] = np.convolve(y, filt, mode="valid")
    detrended = y / trend if kind == "mul" else y - trend
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN position only occurs below 2 cycles
        means = np.array([np.nanmean(detrended[i::m]) for i in range(m)])
    return means / means.mean() if kind == "mul" else means - means.mean()


def seasonality(y: FloatArray, m: int) -> Seasonality:
    """Classical decomposition exactly as ThetaModel does it.

    Multiplicative when the data are strictly positive, otherwise additive
    (multiplicative indices are meaningless with zeros or negatives).
    """
    if not is_seasonal(y, m):
        return NOT_SEASONAL
    kind = "mul" if y.min() > 0 else "add"
    s = classical_indices(y, m, kind)
    if kind == "mul" and s.min() <= 0:
        kind = "add"
        s = classical_indices(y, m, "add")
    if not np.all(np.isfinite(s)):
        return NOT_SEASONAL
    return Seasonality(kind, s)


def ols_line(x: FloatArray) -> tuple[float, float]:
    """Intercept and slope of x on 0..n-1 (closed form: polyfit is 10x slower)."""
    n = len(x)
    if n < 2:
        return float(x[0]), 0.0
    t = np.arange(n, dtype=float)
    tm = t.mean()
    xm = x.mean()
    slope = float(np.dot(t - tm, x - xm) / np.dot(t - tm, t - tm))
    return xm - slope * tm, slope


def ses_fit(x: FloatArray) -> tuple[float, float, float]:
    """SES with the initial level fixed at x[0] (ThetaModel's choice).

    Returns (final level, alpha, in-sample one-step RMSE).
    """
    level = np.full(len(_SES_ALPHAS), x[0])
    sse = np.zeros(len(_SES_ALPHAS))
    for t in range(1, len(x)):
        e = x[t] - level
        sse += e * e
        level = level + _SES_ALPHAS * e
    g = int(np.argmin(sse))
    rmse = float(np.sqrt(sse[g] / max(len(x) - 1, 1)))
    return float(level[g]), float(_SES_ALPHAS[g]), rmse


def theta_forecast(y: FloatArray, m: int, h: int, season: Seasonality | None = None) -> FloatArray:
    """Standard Theta method (theta=2) as in statsmodels' ThetaModel defaults."""
    season = seasonality(y, m) if season is None else season
    x = season.adjust(y)
    n = len(x)
    level, alpha, _ = ses_fit(x)
    _, b0 = ols_line(x)
    steps = np.arange(1, h + 1, dtype=float)
    drift = 0.5 * b0 * (steps - 1 + 1 / alpha - (1 - alpha) ** n / alpha)
    return season.restore(level + drift, start=n)


def _damped_nonseasonal(x: FloatArray, h: int) -> FloatArray:
    """ETS(A,Ad,N) over the parameter grid, heuristic initial states."""
    l0, b0 = ols_line(x[: min(len(x), 10)])
    level = np.full(len(_NA), l0 - b0)  # state "before" t=0, so the first forecast is l0
    trend = np.full(len(_NA), b0)
    sse = np.zeros(len(_NA))
    with np.errstate(all="ignore"):
        for obs in x:
            f = level + _NP * trend
            e = obs - f
            sse += e * e
            level = f + _NA * e
            trend = _NP * trend + _NB * e
    sse = np.where(np.isfinite(sse), sse, np.inf)
    g = int(np.argmin(sse))
    damp = np.cumsum(_NP[g] ** np.arange(1, h + 1))
    return level[g] + damp * trend[g]


def _seasonal_init(y: FloatArray, m: int, kind: str) -> FloatArray:
    """Initial seasonal states from the first 2-4 complete cycles (ratio/difference to cycle mean)."""
    cycles = max(2, min(4, len(y) // m))
    block = y[: cycles * m].reshape(cycles, m)
    means = block.mean(axis=1, keepdims=True)
    if kind == "mul":
        s = (block / means).mean(axis=0)
        return s / s.mean()
    s = (block - means).mean(axis=0)
    return s - s.mean()


def _damped_seasonal(y: FloatArray, m: int, h: int, kind: str) -> FloatArray:
    """ETS(A,Ad,M) or ETS(A,Ad,A) over the parameter grid, heuristic initial states."""
    n = len(y)
    s0 = _seasonal_init(y, m, kind)
    k = min(n, max(10, 2 * m))
    s_hist = s0[np.arange(k) % m]
    adj = y[:k] / s_hist if kind == "mul" else y[:k] - s_hist
    l0, b0 = ols_line(adj)
    grid = len(_SA)
    level = np.full(grid, l0 - b0)
    trend = np.full(grid, b0)
    states = np.repeat(s0[:, None], grid, axis=1)
    sse = np.zeros(grid)
    with np.errstate(all="ignore"):
        for t in range(n):
            j = t % m
            s_old = states[j]
            lb = level + _SP * trend
            if kind == "mul":
                e = y[t] - lb * s_old
                # Positive data: seasonal states and level are positive in any sane
                # fit, so flooring the divisors only defuses the runaway ones.
                e_s = e / np.maximum(s_old, _TINY)
                level = lb + _SA * e_s
                trend = _SP * trend + _SB * e_s
                states[j] = s_old + _SG * e / np.maximum(lb, _TINY)
            else:
                e = y[t] - lb - s_old
                level = lb + _SA * e
                trend = _SP * trend + _SB * e
                states[j] = s_old + _SG * e
            sse += e * e
    # Parameter sets whose recursion blew up get an infinite score, never the argmin.
    sse = np.where(np.isfinite(sse), sse, np.inf)
    g = int(np.argmin(sse))
    damp = np.cumsum(_SP[g] ** np.arange(1, h + 1))
    path = level[g] + damp * trend[g]
    future_s = states[(n + np.arange(h)) % m, g]
    return path * future_s if kind == "mul" else path + future_s


def ets_damped_forecast(y: FloatArray, m: int, h: int, season: Seasonality | None = None) -> FloatArray:
    """Damped-trend ETS with native seasonal states when the series is seasonal."""
    season = seasonality(y, m) if season is None else season
    if season.kind is not None and len(y) >= 2 * m + 2:
        # Multiplicative states need strictly positive data; Seasonality already
        # chose "add" otherwise, and we follow that choice.
        kind = "mul" if (season.kind == "mul" and y.min() > 0) else "add"
        return _damped_seasonal(y, m, h, kind)
    return _damped_nonseasonal(y, h)


def naive_forecast(y: FloatArray, m: int, h: int) -> FloatArray:
    """Last value carried forward."""
    return np.full(h, float(y[-1]))


def snaive_forecast(y: FloatArray, m: int, h: int) -> FloatArray:
    """Value of the same season one cycle earlier (naive when m is 1 or history is short)."""
    if m <= 1 or len(y) < m:
        return naive_forecast(y, m, h)
    last_cycle = y[-m:]
    return last_cycle[np.arange(h) % m].astype(float)


def mean_forecast(y: FloatArray, m: int, h: int) -> FloatArray:
    """Historical mean (used only as a last-resort fallback)."""
    return np.full(h, float(np.mean(y)))


def sarima_forecast(y: FloatArray, m: int, h: int) -> FloatArray:
    """Airline model SARIMA(0,1,1)(0,1,1)_m via statsmodels (non-seasonal ARIMA(0,1,1) if too short).

    A fixed small order keeps it to two MA parameters: order search would cost
    seconds per series.
    """
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    seasonal = m > 1 and len(y) >= 2 * m + 2
    model = SARIMAX(
        y,
        order=(0, 1, 1),
        seasonal_order=(0, 1, 1, m) if seasonal else (0, 0, 0, 0),
        simple_differencing=True,  # far cheaper than a diffuse state-space start
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = model.fit(disp=False, maxiter=50)
    # With simple differencing the model forecasts the differenced series; undo it.
    d = np.asarray(res.forecast(h), dtype=float)
    hist = list(y.astype(float))
    out = []
    for i in range(h):
        t = len(hist)
        val = d[i] + hist[t - 1] + (hist[t - m] - hist[t - m - 1] if seasonal else 0.0)
        hist.append(val)
        out.append(val)
    return np.asarray(out)


# Blends: weight on Theta; the rest goes to damped ETS.  The equal-weight mean of
# Theta and damped ETS is the textbook combination; 3:1 blends let the backtest
# lean towards whichever component has been doing better on this series.
BLENDS: dict[str, float] = {
    "ets_theta_mean": 0.5,
    "theta_heavy_mix": 0.75,
    "ets_heavy_mix": 0.25,
}

# Models that can be scored in the backtest and their cost class.
BASE_MODELS: dict[str, Callable[[FloatArray, int, int], FloatArray]] = {
    "snaive": snaive_forecast,
    "naive": naive_forecast,
    "sarima": sarima_forecast,
}

ALL_MODELS: tuple[str, ...] = ("snaive", "naive", "theta", "ets_damped", *BLENDS, "sarima")
DEFAULT_MODELS: tuple[str, ...] = ("snaive", "naive", "theta", "ets_damped", *BLENDS)


def point_forecasts(y: FloatArray, m: int, h: int, models: tuple[str, ...] = DEFAULT_MODELS) -> dict[str, FloatArray]:
    """Forecasts of every requested model from the full history ``y``.

    Shares the seasonal decomposition and the Theta/ETS fits between the
    blends, so asking for all blends costs no more than Theta + ETS.  A model
    that raises yields an all-NaN forecast, which the caller's guards reject.
    """
    out: dict[str, FloatArray] = {}
    need_theta = any(name == "theta" or name in BLENDS for name in models)
    need_ets = any(name == "ets_damped" or name in BLENDS for name in models)
    season = seasonality(y, m) if (need_theta or need_ets) else NOT_SEASONAL
    nan = np.full(h, np.nan)
    theta = ets = nan
    if need_theta:
        theta = _safe(lambda: theta_forecast(y, m, h, season), h)
    if need_ets:
        ets = _safe(lambda: ets_damped_forecast(y, m, h, season), h)
    for name in models:
        if name == "theta":
            out[name] = theta
        elif name == "ets_damped":
            out[name] = ets
        elif name in BLENDS:
            w = BLENDS[name]
            out[name] = w * theta + (1 - w) * ets
        elif name in BASE_MODELS:
            fn = BASE_MODELS[name]
            out[name] = _safe(lambda fn=fn: fn(y, m, h), h)
        else:
            raise ValueError(f"unknown model {name!r}; known: {', '.join(ALL_MODELS)}")
    return out


def _safe(fn: Callable[[], FloatArray], h: int) -> FloatArray:
    # A numerical failure in one candidate must not sink the series: NaN makes the
    # guard treat it as a broken forecast and the selection skips it.
    # statsmodels raises a zoo of exception types on degenerate data, hence the broad catch.
    try:
        with np.errstate(all="ignore"):
            f = np.asarray(fn(), dtype=float)
    except Exception:
        return np.full(h, np.nan)
    return f if f.shape == (h,) else np.full(h, np.nan)
