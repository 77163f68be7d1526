"""The development table of docs/forecasting.md: alternative forecasting rules on the quarterly dev sets.

``bench/forecast_accuracy.py`` measures the shipped forecaster through its
product code path.  This script measures the alternatives it was chosen
from, on the same data: every rule sees only each series' training part; the
backtest rules refit their models at the engine's four rolling origins inside
the training part (``anning.forecast.engine._origins``).  The per-series
model forecasts are computed once, then every rule is scored from them.

Rules (names as in the printed table):
  theta            our Theta (statsmodels ThetaModel defaults, SES on a 0.01 grid)
  otm, dotm        Optimised / Dynamic Optimised Theta Model (Fiorucci et al. 2016) on the
                   classically seasonally adjusted series
  theta_states     OTM with Holt-Winters seasonal states (anning.forecast.models)
  ets_log          damped ETS, log scale for positive data (the shipped member)
  ets_raw          the same damped ETS on the raw scale (the member before)
  damped_ls_sa     damped trend on the adjusted series with least-squares initial states
                   ("properly optimised" states instead of the first-cycle heuristic)
  blend_choice     the previous forecaster: backtest-MASE choice among Theta and the
                   3/4, 1/2, 1/4 Theta/ETS(raw) blends, naive baselines at half the MASE
  mean3, median3   mean / median of theta_states, dotm, ets_log (median3 shipped until 2026-12-07)
  median4_theta, median4_snaive, median5_theta_naive
                   median3's members and Theta / the seasonal naive / Theta and the naive
  median5          median3's members, Theta and the seasonal naive (ships)
  median3_raw      median of theta_states, dotm, ets_raw
  choice_mase      backtest choice among the three members by MASE
  choice_both      ... by MASE/MASE_theta + sMAPE/sMAPE_theta (a loss weighing both)
  choice_8         ... by MASE over 8 origins instead of 4
  weights_inv      members weighted by 1 / backtest MASE
  top2             mean of the two members with the best backtest MASE
  bagged_median3   median3 over 10 bootstrap series (Bergmeir et al. 2016 style: log scale,
                   moving-block bootstrap of the remainder of the classical decomposition)

Usage:
  python bench/forecast_experiments.py                       # m1q, tq, m1m2q, tm2q
  python bench/forecast_experiments.py --datasets m1q --limit 50
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import forecast_accuracy as acc  # noqa: E402

from anning.forecast import engine as fc  # noqa: E402
from anning.forecast import models as fm  # noqa: E402

MEMBERS = ("theta_states", "dotm", "ets_log")
N_ORIGINS = 8  # computed; the rules use the first 4 unless stated
BAGS = 10


def _ets_raw(y: np.ndarray, m: int, h: int, season: fm.Seasonality) -> np.ndarray:
    if season.kind is not None and len(y) >= 2 * m + 2:
        return fm._damped_seasonal(y, m, h, "mul" if (season.kind == "mul" and y.min() > 0) else "add")
    return fm._damped_nonseasonal(y, h)


def _damped_ls(x: np.ndarray, h: int) -> np.ndarray:
    """ETS(A,Ad,N) over the engine's grid with (l0, b0) by least squares for every grid point."""
    a, b, p = fm._NA, fm._NB, fm._NP
    # For fixed parameters the one-step errors are affine in (l0, b0): run the data with
    # zero initial states plus the two unit responses, then solve 2x2 least squares.
    lev = np.zeros((len(a), 3))
    tr = np.zeros((len(a), 3))
    lev[:, 1], tr[:, 2] = 1.0, 1.0
    e0, x1, x2 = (np.zeros((len(a), len(x))) for _ in range(3))
    with np.errstate(all="ignore"):
        for t, obs in enumerate(x):
            f = lev + p[:, None] * tr
            e = -f
            e[:, 0] += obs
            e0[:, t], x1[:, t], x2[:, t] = e[:, 0], f[:, 1], f[:, 2]
            lev = f + a[:, None] * e
            tr = p[:, None] * tr + b[:, None] * e
        s11, s12, s22 = (x1 * x1).sum(1), (x1 * x2).sum(1), (x2 * x2).sum(1)
        r1, r2 = (x1 * e0).sum(1), (x2 * e0).sum(1)
        det = s11 * s22 - s12 * s12
        ok = det > 1e-10 * s11 * s22
        l0 = np.where(ok, (s22 * r1 - s12 * r2) / np.where(ok, det, 1), r1 / np.maximum(s11, 1e-300))
        b0 = np.where(ok, (s11 * r2 - s12 * r1) / np.where(ok, det, 1), 0.0)
        sse = ((e0 - x1 * l0[:, None] - x2 * b0[:, None]) ** 2).sum(1)
    g = int(np.nanargmin(np.where(np.isfinite(sse), sse, np.inf)))
    lf = lev[g] @ np.array([1.0, l0[g], b0[g]])
    bf = tr[g] @ np.array([1.0, l0[g], b0[g]])
    return lf + np.cumsum(p[g] ** np.arange(1, h + 1)) * bf


def _bagged(y: np.ndarray, m: int, h: int, rng: np.random.Generator) -> np.ndarray:
    """Median3 averaged over the series and BAGS - 1 bootstrap series.

    Bergmeir, Hyndman & Benitez (2016): Box-Cox (here: log for positive data),
    STL, moving-block bootstrap of the remainder (block 2m), refit, average.
    """
    from statsmodels.tsa.seasonal import STL

    pos = y.min() > 0
    z = np.log(y) if pos else y
    fit = STL(z, period=max(m, 2)).fit()
    base = z - fit.resid
    rem = np.asarray(fit.resid)
    block = min(2 * max(m, 2), len(rem))
    outs = [fm.point_forecasts(y, m, h, ("median",))["median"]]
    for _ in range(BAGS - 1):
        starts = rng.integers(0, len(rem) - block + 1, size=len(rem) // block + 2)
        boot = np.concatenate([rem[s : s + block] for s in starts])[: len(rem)]
        yb = np.exp(base + boot) if pos else base + boot
        outs.append(fm.point_forecasts(yb, m, h, ("median",))["median"])
    ok = [f for f in outs if not fm.is_explosive(f, y)]
    return np.mean(ok, axis=0) if ok else outs[0]


def _models(y: np.ndarray, m: int, h: int, bag: bool) -> dict[str, np.ndarray]:
    season = fm.seasonality(y, m)
    x = season.adjust(y)
    out = fm.point_forecasts(y, m, h, ("theta", "theta_states", "dotm", "ets_damped", "snaive", "naive"))
    out["ets_log"] = out.pop("ets_damped")
    with np.errstate(all="ignore"):
        out["ets_raw"] = fm._safe(lambda: _ets_raw(y, m, h, season), h)
        out["otm"] = fm._safe(lambda: season.restore(fm.theta_model(x, h, dynamic=False).forecast, start=len(y)), h)
        out["damped_ls_sa"] = fm._safe(lambda: season.restore(_damped_ls(x, h), start=len(y)), h)
        if bag:
            rng = np.random.default_rng(len(y))
            out["bagged_median3"] = fm._safe(lambda: _bagged(y, m, h, rng), h)
    return out


def _series_task(args: tuple[str, np.ndarray, np.ndarray, int, bool]) -> dict:
    sid, train, test, m, bag = args
    h = len(test)
    origins, hb = fc._origins(len(train), h, m, N_ORIGINS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {
            "train": train,
            "test": test,
            "final": _models(train, m, h, bag),
            "bt": [(o, hb, _models(train[:o], m, hb, False)) for o in origins],
            "theta_sm": acc.theta_forecast(train, m, h),
        }


Forecasts = dict[str, np.ndarray]
Rule = Callable[[dict, int], tuple[np.ndarray, list[np.ndarray]]]


def _bt(rec: dict, fn: Callable[[Forecasts], np.ndarray], m: int, k: int = 4) -> tuple[float, float, list]:
    """Mean backtest MASE and sMAPE of a combination over the first k origins, and its errors."""
    mases, smapes, errs = [], [], []
    for o, hb, fcs in rec["bt"][:k]:
        train, actual = rec["train"][:o], rec["train"][o : o + hb]
        f = fn(fcs)
        if fm.is_explosive(f, train):
            return np.inf, np.inf, []
        if train.min() >= 0:
            f = np.maximum(f, 0)
        scale = fc._naive_scale(train, m) or max(float(np.mean(np.abs(train))), 1.0)
        mases.append(float(np.mean(np.abs(actual - f))) / scale)
        smapes.append(fc.smape(actual, f))
        errs.append(actual - f)
    if not errs:
        return np.inf, np.inf, []
    return float(np.mean(mases)), float(np.mean(smapes)), errs


def _single(name: str) -> Rule:
    def rule(rec: dict, m: int) -> tuple[np.ndarray, list]:
        return rec["final"][name], _bt(rec, lambda d: d[name], m)[2]

    return rule


def _combo(op: Callable, names: tuple[str, ...]) -> Rule:
    def fn(d: Forecasts) -> np.ndarray:
        return op(np.vstack([d[n] for n in names]), axis=0)

    return lambda rec, m: (fn(rec["final"]), _bt(rec, fn, m)[2])


def _choice(cands: dict[str, Callable[[Forecasts], np.ndarray]], loss: str, k: int = 4, valve: bool = False) -> Rule:
    def rule(rec: dict, m: int) -> tuple[np.ndarray, list]:
        scores = {n: _bt(rec, fn, m, k) for n, fn in cands.items()}
        if loss == "both":
            ref_m, ref_s, _ = _bt(rec, lambda d: d["theta"], m, k)
            ref_m = ref_m if 0 < ref_m < np.inf else 1.0
            ref_s = ref_s if 0 < ref_s < np.inf else 1.0
            key = {n: s[0] / ref_m + s[1] / ref_s for n, s in scores.items()}
        else:
            key = {n: s[0] for n, s in scores.items()}
        best = min(key, key=key.get)
        if not np.isfinite(key[best]):
            return rec["final"]["theta"], _bt(rec, lambda d: d["theta"], m)[2]
        if valve:
            for b in ("snaive", "naive"):
                sb = _bt(rec, lambda d, b=b: d[b], m, k)
                if sb[0] < 0.5 * scores[best][0]:
                    return rec["final"][b], sb[2]
        return cands[best](rec["final"]), scores[best][2]

    return rule


def _weights_inv(rec: dict, m: int) -> tuple[np.ndarray, list]:
    s = np.array([_bt(rec, lambda d, n=n: d[n], m)[0] for n in MEMBERS])
    w = np.where(np.isfinite(s) & (s > 0), 1 / np.where(s > 0, s, 1), 0.0)
    w = w / w.sum() if w.sum() > 0 else np.full(len(MEMBERS), 1 / len(MEMBERS))

    def fn(d: Forecasts) -> np.ndarray:
        return sum(wi * d[n] for wi, n in zip(w, MEMBERS, strict=True))

    return fn(rec["final"]), _bt(rec, fn, m)[2]


def _top2(rec: dict, m: int) -> tuple[np.ndarray, list]:
    s = {n: _bt(rec, lambda d, n=n: d[n], m)[0] for n in MEMBERS}
    best = sorted(MEMBERS, key=s.get)[:2]

    def fn(d: Forecasts) -> np.ndarray:
        return np.mean([d[n] for n in best], axis=0)

    return fn(rec["final"]), _bt(rec, fn, m)[2]


def _blend(w: float) -> Callable[[Forecasts], np.ndarray]:
    return lambda d: w * d["theta"] + (1 - w) * d["ets_raw"]


def rules() -> dict[str, Rule]:
    """Every rule of the table, by name."""
    members = {n: (lambda d, n=n: d[n]) for n in MEMBERS}
    return {
        "theta": _single("theta"),
        "otm": _single("otm"),
        "dotm": _single("dotm"),
        "theta_states": _single("theta_states"),
        "ets_log": _single("ets_log"),
        "ets_raw": _single("ets_raw"),
        "damped_ls_sa": _single("damped_ls_sa"),
        "blend_choice": _choice({f"w{w}": _blend(w) for w in (1.0, 0.75, 0.5, 0.25)}, "mase", valve=True),
        "mean3": _combo(np.mean, MEMBERS),
        "median3_raw": _combo(np.median, ("theta_states", "dotm", "ets_raw")),
        "choice_mase": _choice(members, "mase"),
        "choice_both": _choice(members, "both"),
        "choice_8": _choice(members, "mase", k=8),
        "weights_inv": _weights_inv,
        "top2": _top2,
        "bagged_median3": lambda rec, m: (rec["final"]["bagged_median3"], _bt(rec, _median3, m)[2]),
        "median3": _combo(np.median, MEMBERS),
        "median4_theta": _combo(np.median, (*MEMBERS, "theta")),
        "median4_snaive": _combo(np.median, (*MEMBERS, "snaive")),
        "median5_theta_naive": _combo(np.median, (*MEMBERS, "theta", "naive")),
        "median5": _combo(np.median, (*MEMBERS, "theta", "snaive")),
    }


def _median3(d: Forecasts) -> np.ndarray:
    return np.median(np.vstack([d[n] for n in MEMBERS]), axis=0)


def score(recs: list[dict], m: int, rule: Rule) -> dict[str, float]:
    """Mean sMAPE/MASE of a rule and of statsmodels' Theta, bootstrap share, interval coverage."""
    ours, theta, in80, in95 = [], [], [], []
    for rec in recs:
        train, test = rec["train"], rec["test"]
        f, errs = rule(rec, m)
        nonneg = train.min() >= 0
        f = np.maximum(f, 0) if nonneg else f
        ours.append((fc.smape(test, f), fc.mase(test, f, train, m)))
        theta.append((fc.smape(test, rec["theta_sm"]), fc.mase(test, rec["theta_sm"], train, m)))
        # The engine's intervals (engine.forecast_series) around this rule's point forecast.
        q80, q95 = fc._quantiles(max(len(errs), 1), fc._tail_shape(train, m))
        spread = fc._interval_spread(errs, train, m, len(test))
        for q, acc_list in ((q80, in80), (q95, in95)):
            lo = f - q * spread
            lo = np.maximum(lo, 0) if nonneg else lo
            acc_list.append((test >= lo) & (test <= f + q * spread))
    o, t = np.array(ours), np.array(theta)
    rng = np.random.default_rng(0)
    idx = rng.integers(0, len(o), size=(acc.BOOTSTRAP, len(o)))
    both = (o[idx, 0].mean(1) < t[idx, 0].mean(1)) & (np.nanmean(o[idx, 1], 1) < np.nanmean(t[idx, 1], 1))
    return {
        "smape": float(o[:, 0].mean()),
        "mase": float(np.nanmean(o[:, 1])),
        "d_smape": 100 * (o[:, 0].mean() / t[:, 0].mean() - 1),
        "d_mase": 100 * (np.nanmean(o[:, 1]) / np.nanmean(t[:, 1]) - 1),
        "p_both": float(both.mean()),
        "cov80": float(np.concatenate(in80).mean()),
        "cov95": float(np.concatenate(in95).mean()),
    }


def main(argv: list[str] | None = None) -> int:
    """Compute the models once per dataset, score every rule, print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", default="m1q,tq,m1m2q,tm2q")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-bagging", action="store_true", help="skip the (10x slower) bagged rule")
    args = parser.parse_args(argv)
    keys = [k.strip() for k in args.datasets.split(",")]
    table: dict[str, dict[str, dict[str, float]]] = {}
    for key in keys:
        series, m, _ = acc.load_dev(key, args.limit)
        tasks = [(sid, train, test, m, not args.no_bagging) for sid, train, test in series]
        with Pool(args.workers) as pool:
            recs = pool.map(_series_task, tasks, chunksize=4)
        table[key] = {name: score(recs, m, rule) for name, rule in rules().items() if name in _available(recs)}
        theta = score(recs, m, lambda rec, m: (rec["theta_sm"], []))
        table[key]["statsmodels Theta"] = theta
        print(f"{key}: {len(recs)} series", file=sys.stderr, flush=True)
    names = list(next(iter(table.values())))
    print("| rule | " + " | ".join(acc.DATASETS[k][3] for k in keys) + " |")
    print("|---|" + "---:|" * len(keys))
    for name in names:
        cells = []
        for k in keys:
            r = table[k][name]
            if name == "statsmodels Theta":
                cells.append(f"{r['smape']:.2f} / {r['mase']:.3f}")
            else:
                cells.append(
                    f"{r['smape']:.2f} / {r['mase']:.3f} ({r['d_smape']:+.1f}% / {r['d_mase']:+.1f}%, "
                    f"p {r['p_both']:.2f}; {100 * r['cov80']:.0f}/{100 * r['cov95']:.0f})"
                )
        print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


def _available(recs: list[dict]) -> set[str]:
    names = set(rules())
    if "bagged_median3" not in recs[0]["final"]:
        names.discard("bagged_median3")
    return names


if __name__ == "__main__":
    raise SystemExit(main())
