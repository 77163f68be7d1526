"""Tests for the forecasting engine: metrics, model choice, fallbacks, guards, intervals, anomalies, CSV core."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from anning.forecast import engine as fc
from anning.forecast import models as fm


def _seasonal(n: int, rng: np.random.Generator, noise: float = 2.0, trend: float = 0.5) -> np.ndarray:
    t = np.arange(n)
    pattern = np.array([30.0, -10.0, 5.0, -25.0])
    return 200 + trend * t + pattern[t % 4] + rng.normal(0, noise, n)


def _monotone(frame: pd.DataFrame) -> bool:
    cols = frame[["lo95", "lo80", "forecast", "hi80", "hi95"]].to_numpy()
    return bool(np.all(np.diff(cols, axis=1) >= -1e-9))


# --- metrics ---------------------------------------------------------------


def test_smape_and_mase_known_values():
    assert fc.smape([100.0], [110.0]) == pytest.approx(200 * 10 / 210)
    # Both zero is a perfect forecast, not 0/0.
    assert fc.smape([0.0, 10.0], [0.0, 10.0]) == 0.0
    assert fc.smape([0.0], [5.0]) == pytest.approx(200.0)
    # Seasonal-naive in-sample MAE with m=2: |3-1|, |4-2|, |5-3| -> 2.
    assert fc.mase([10.0, 12.0], [11.0, 15.0], [1, 2, 3, 4, 5], 2) == pytest.approx(2.0 / 2)
    assert np.isnan(fc.mase([1.0], [2.0], [5, 5, 5, 5], 1))
    with pytest.raises(ValueError):
        fc.smape([1.0, 2.0], [1.0])


def test_theta_matches_statsmodels():
    from statsmodels.tsa.forecasting.theta import ThetaModel

    rng = np.random.default_rng(3)
    for y in (_seasonal(40, rng), 50 + np.cumsum(rng.normal(0.3, 2, 60)), _seasonal(30, rng, trend=-1.0)):
        ours = fm.theta_forecast(y, 4, 8)
        ref = np.asarray(ThetaModel(y, period=4).fit().forecast(8))
        np.testing.assert_allclose(ours, ref, rtol=0.01)


def test_seasonal_helpers_match_statsmodels():
    from statsmodels.tsa.seasonal import seasonal_decompose
    from statsmodels.tsa.stattools import acf

    rng = np.random.default_rng(18)
    for m, n in ((4, 9), (4, 40), (12, 30), (12, 100), (7, 50)):
        y = 50 + rng.gamma(2.0, 5.0, n)
        np.testing.assert_allclose(fm._acf(y, m), acf(y, nlags=m, fft=True), atol=1e-12)
        for kind, sm_kind in (("mul", "multiplicative"), ("add", "additive")):
            ref = np.asarray(seasonal_decompose(y, model=sm_kind, period=m).seasonal)[:m]
            np.testing.assert_allclose(fm.classical_indices(y, m, kind), ref, rtol=1e-10)


# --- model choice ----------------------------------------------------------


def test_choice_is_the_backtest_argmin_among_candidates():
    rng = np.random.default_rng(1)
    res = fc.forecast_series(_seasonal(48, rng), season_length=4, horizon=8, series_id="s")
    bt = res.backtest.set_index("model")
    pool = list(fc.DEFAULT_CANDIDATES)
    assert res.model == bt.loc[pool, "mase"].idxmin()
    assert bt["chosen"].sum() == 1 and bt.loc[res.model, "chosen"]
    assert res.reason == "best_backtest_mase" and not res.fallback
    assert set(bt.index) >= {"snaive", "naive", "theta", "ets_damped", *pool}
    assert (bt["n_origins"] == fc.DEFAULT_ORIGINS).all()
    assert list(res.backtest.columns) == fc.BACKTEST_COLUMNS


def test_seasonal_model_beats_non_seasonal_on_seasonal_series():
    rng = np.random.default_rng(2)
    y = _seasonal(48, rng)
    res = fc.forecast_series(y, season_length=4, horizon=8, candidates=["theta", "naive"])
    assert res.model == "theta"
    bt = res.backtest.set_index("model")
    assert bt.loc["theta", "mase"] < 0.5 * bt.loc["naive", "mase"]
    # Between the two simple methods, the seasonal one must win on a seasonal series...
    res = fc.forecast_series(y, season_length=4, horizon=8, candidates=["snaive", "naive"])
    assert res.model == "snaive"
    # ...and the non-seasonal one on a drifting random walk without seasonality
    # (seasonal naive repeats values a whole cycle staler).
    walk = 100 + np.cumsum(rng.normal(3, 2, 48))
    res = fc.forecast_series(walk, season_length=4, horizon=8, candidates=["snaive", "naive"])
    assert res.model == "naive"


def test_evolving_seasonality_leans_to_ets():
    # The seasonal pattern reverses halfway: Theta's fixed decomposition averages the
    # two patterns away, ETS's seasonal states follow the new one.
    rng = np.random.default_rng(4)
    t = np.arange(60)
    first, second = np.array([30.0, 0.0, -10.0, -20.0]), np.array([-20.0, -10.0, 0.0, 30.0])
    y = 200 + np.where(t < 24, first[t % 4], second[t % 4]) + rng.normal(0, 2, 60)
    res = fc.forecast_series(y, season_length=4, horizon=8)
    bt = res.backtest.set_index("model")
    assert bt.loc["ets_damped", "mase"] < bt.loc["theta", "mase"]
    assert res.model in {"ets_heavy_mix", "snaive"}


def test_baseline_taken_only_when_far_better():
    rng = np.random.default_rng(5)
    # An exactly repeating pattern with a sudden flip: seasonal naive is almost perfect.
    t = np.arange(48)
    first, second = np.array([30.0, 0.0, -10.0, -20.0]), np.array([-20.0, -10.0, 0.0, 30.0])
    y = 200 + np.where(t < 24, first[t % 4], second[t % 4]) + rng.normal(0, 0.5, 48)
    res = fc.forecast_series(y, season_length=4, horizon=8)
    bt = res.backtest.set_index("model")
    best_blend = bt.loc[list(fc.DEFAULT_CANDIDATES), "mase"].min()
    assert bt.loc["snaive", "mase"] < fc.BASELINE_MARGIN * best_blend
    assert res.model == "snaive"


def test_sarima_is_available():
    rng = np.random.default_rng(6)
    res = fc.forecast_series(_seasonal(40, rng), season_length=4, horizon=4, candidates=["sarima"], n_origins=1)
    assert res.model == "sarima"
    assert np.isfinite(res.forecast[["forecast", "lo95", "hi95"]].to_numpy()).all()


# --- fallbacks and guards --------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 5])
def test_short_history_falls_back_to_naive(n: int):
    y = [5.0, 7.0, 6.0, 9.0, 8.0][:n]
    res = fc.forecast_series(y, season_length=4, horizon=3)
    assert res.fallback and res.reason == "short_history"
    assert res.model == "fallback_naive"
    assert (res.forecast["forecast"] == y[-1]).all()
    assert np.isfinite(res.forecast[["lo95", "hi95"]].to_numpy()).all() and _monotone(res.forecast)
    assert res.backtest.empty and list(res.backtest.columns) == fc.BACKTEST_COLUMNS
    assert res.fitted_on == n


def test_short_seasonal_history_falls_back_to_snaive():
    # Two clean cycles: too short to backtest (needs 2 cycles + 1 test point), long enough for seasonality.
    y = np.array([10.0, 20.0, 60.0, 30.0, 11.0, 21.0, 61.0, 31.0])
    res = fc.forecast_series(y, season_length=4, horizon=4)
    assert res.fallback and res.reason == "short_history"
    assert res.model == "fallback_snaive"
    np.testing.assert_allclose(res.forecast["forecast"], [11.0, 21.0, 61.0, 31.0])


def test_guard_replaces_exploding_forecast(monkeypatch: pytest.MonkeyPatch):
    rng = np.random.default_rng(7)
    y = _seasonal(40, rng)
    real = fm.ets_damped_forecast

    def exploding_on_full_history(hist, m, h, season=None):
        # Behaves in the backtest, explodes on the final fit, like a multiplicative ETS gone wrong.
        out = real(hist, m, h, season)
        return out * 1e9 if len(hist) == len(y) else out

    monkeypatch.setattr(fm, "ets_damped_forecast", exploding_on_full_history)
    # Blends only, so Theta can be reached only through the guard.
    res = fc.forecast_series(y, season_length=4, horizon=8, candidates=list(fm.BLENDS))
    # Every blend contains the exploded ETS, so the first sane model in the guard order is Theta.
    assert res.reason == "guard_replaced"
    assert res.model == "theta"
    assert res.forecast["forecast"].abs().max() < 10 * np.abs(y).max()
    np.testing.assert_allclose(res.forecast["forecast"], fm.theta_forecast(y, 4, 8))


def test_guard_rejects_non_finite_candidates_in_backtest(monkeypatch: pytest.MonkeyPatch):
    rng = np.random.default_rng(8)
    y = _seasonal(40, rng)
    monkeypatch.setattr(fm, "ets_damped_forecast", lambda hist, m, h, season=None: np.full(h, np.inf))
    res = fc.forecast_series(y, season_length=4, horizon=8, candidates=list(fm.BLENDS))
    bt = res.backtest.set_index("model")
    assert np.isinf(bt.loc[[*fm.BLENDS, "ets_damped"], "mase"]).all()
    assert res.reason == "all_candidates_failed"
    assert res.model in {"theta", "snaive", "naive"}
    assert np.isfinite(res.forecast.drop(columns="step").to_numpy()).all()


def test_counts_falling_towards_zero_are_clipped():
    rng = np.random.default_rng(9)
    y = np.maximum(np.round(np.linspace(80, 3, 36) + rng.normal(0, 2, 36)), 0)
    res = fc.forecast_series(y, season_length=4, horizon=8)
    f = res.forecast
    assert (f[["forecast", "lo80", "lo95"]] >= 0).all().all()
    assert _monotone(f)


def test_all_zero_series():
    res = fc.forecast_series(np.zeros(30), season_length=4, horizon=4)
    assert res.reason == "constant_series" and not res.fallback
    assert (res.forecast[["forecast", "lo80", "hi80", "lo95", "hi95"]] == 0).all().all()


def test_sparse_counts_with_zeros():
    rng = np.random.default_rng(10)
    y = rng.poisson(0.7, 40).astype(float)
    y[:5] = 0
    res = fc.forecast_series(y, season_length=4, horizon=6)
    f = res.forecast
    assert np.isfinite(f.drop(columns="step").to_numpy()).all()
    assert (f[["forecast", "lo80", "lo95"]] >= 0).all().all() and _monotone(f)
    # A series that dies out to zero must not produce negative or exploding forecasts either.
    dying = np.r_[rng.poisson(20, 30), np.zeros(10)].astype(float)
    res = fc.forecast_series(dying, season_length=4, horizon=6)
    assert (res.forecast["forecast"] >= 0).all() and res.forecast["hi95"].max() < 10 * dying.max()


def test_missing_values_rejected():
    with pytest.raises(ValueError, match="position"):
        fc.forecast_series([1.0, np.nan, 3.0], season_length=1, horizon=2, series_id="x")
    with pytest.raises(ValueError, match="horizon"):
        fc.forecast_series([1.0, 2.0, 3.0], season_length=1, horizon=0)


# --- incomplete period -----------------------------------------------------


def test_incomplete_last_period_is_excluded():
    rng = np.random.default_rng(11)
    y = _seasonal(41, rng)
    y[-1] = y[-1] / 3  # a quarter one month in
    full, partial = fc.split_incomplete_period(y, True)
    assert len(full) == 40 and partial == pytest.approx(y[-1])
    got = fc.forecast_series(y, season_length=4, horizon=6, last_incomplete=True)
    ref = fc.forecast_series(y[:-1], season_length=4, horizon=6)
    pd.testing.assert_frame_equal(got.forecast, ref.forecast)
    assert got.model == ref.model and got.fitted_on == 40
    assert got.incomplete_value == pytest.approx(y[-1]) and ref.incomplete_value is None
    same, none = fc.split_incomplete_period(y, False)
    assert len(same) == 41 and none is None


# --- intervals -------------------------------------------------------------


def test_interval_coverage_on_simulated_gaussian_series():
    rng = np.random.default_rng(12)
    inside80, inside95 = [], []
    n, h = 48, 8
    pattern = np.array([10.0, -5.0, 8.0, -13.0])
    for i in range(200):
        t = np.arange(n + h)
        if i % 2:
            # Random-walk level plus seasonality plus noise: errors grow with the horizon.
            y = 100 + pattern[t % 4] + np.cumsum(rng.normal(0, 3, n + h)) + rng.normal(0, 3, n + h)
        else:
            # Stationary noise around a trend and seasonality.
            y = 100 + 0.8 * t + pattern[t % 4] + rng.normal(0, 5, n + h)
        res = fc.forecast_series(y[:n], season_length=4, horizon=h)
        f, future = res.forecast, y[n:]
        inside80.append((future >= f["lo80"]) & (future <= f["hi80"]))
        inside95.append((future >= f["lo95"]) & (future <= f["hi95"]))
    cov80, cov95 = np.mean(np.concatenate(inside80)), np.mean(np.concatenate(inside95))
    assert 0.70 <= cov80 <= 0.90, cov80
    assert 0.88 <= cov95 <= 0.99, cov95


def test_backtest_coverage_is_reported_per_model():
    rng = np.random.default_rng(13)
    res = fc.forecast_series(_seasonal(48, rng), season_length=4, horizon=8)
    cov = res.backtest[["coverage80", "coverage95"]]
    assert cov.notna().all().all()
    assert ((cov >= 0) & (cov <= 1)).all().all()
    assert (res.backtest["coverage95"] >= res.backtest["coverage80"]).all()


# --- anomalies -------------------------------------------------------------


def test_anomalies_flag_spike_and_dip_with_direction():
    rng = np.random.default_rng(14)
    y = _seasonal(40, rng)
    y[25] += 80
    y[33] -= 80
    out = fc.detect_anomalies(y, season_length=4)
    assert list(out.columns) == fc.ANOMALY_COLUMNS
    assert out["index"].min() == 10 and out["index"].max() == 39
    flagged = out[out["anomaly"]].set_index("index")["direction"]
    assert flagged.get(25) == "rise" and flagged.get(33) == "fall"
    # The spike must not echo as a 'fall' right after it (winsorised history).
    assert 26 not in flagged.index
    assert len(flagged) <= 5


def test_anomaly_false_alarm_rate_is_near_nominal():
    rng = np.random.default_rng(15)
    rates = [fc.detect_anomalies(_seasonal(40, rng, noise=5), season_length=4)["anomaly"].mean() for _ in range(40)]
    assert np.mean(rates) < 0.10


# --- many series and the CSV core -----------------------------------------


def test_forecast_many_pool_matches_single():
    rng = np.random.default_rng(16)
    series = {f"s{i}": _seasonal(36 + i, rng) for i in range(3)}
    many = fc.forecast_many(series, season_length=4, horizon=4, workers=2)
    assert list(many) == list(series)
    for sid, y in series.items():
        single = fc.forecast_series(y, season_length=4, horizon=4, series_id=sid)
        pd.testing.assert_frame_equal(many[sid].forecast, single.forecast)
        assert many[sid].series_id == sid


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_run_forecast_file_round_trip(tmp_path: Path):
    rng = np.random.default_rng(17)
    qa = _seasonal(24, rng)
    ib = 50 + np.cumsum(rng.normal(0, 2, 20))
    mc = _seasonal(30, rng, trend=1.0)
    quarters = [f"{2018 + i // 4}Q{i % 4 + 1}" for i in range(24)]
    months = [f"{2020 + i // 12}-{i % 12 + 1:02d}" for i in range(30)]
    rows = (
        [("QA", q, v) for q, v in zip(quarters, qa, strict=True)]
        + [("IB", str(i + 1), v) for i, v in enumerate(ib)]
        + [("MC", p, v) for p, v in zip(months, mc, strict=True)]
    )
    order = rng.permutation(len(rows))  # shuffled: the reader must sort within each series
    lines = ["series_id,period,value"] + [f"{rows[i][0]},{rows[i][1]},{float(rows[i][2])!r}" for i in order]
    src = _write(tmp_path / "in.csv", "\n".join(lines) + "\n")
    out_path = tmp_path / "out" / "forecast.csv"
    out = fc.run_forecast_file(src, out_path, horizon=4, season_length=4)
    back = pd.read_csv(out_path, dtype={"series_id": str})
    assert list(back.columns) == fc.OUTPUT_COLUMNS
    pd.testing.assert_frame_equal(back, out, check_dtype=False)
    for sid, y in {"QA": qa, "IB": ib, "MC": mc}.items():
        part = back[back["series_id"] == sid]
        assert part["step"].tolist() == [1, 2, 3, 4]
        assert _monotone(part)
        ref = fc.forecast_series(y, season_length=4, horizon=4)
        np.testing.assert_allclose(part["forecast"], ref.forecast["forecast"], rtol=1e-9)
        assert (part["model"] == ref.model).all()


def test_integer_periods_sort_numerically(tmp_path: Path):
    values = np.arange(1, 13, dtype=float) * 10
    lines = ["series_id,period,value"] + [f"a,{p},{values[p - 1]}" for p in (10, 2, 11, 1, 12, 3, 4, 5, 6, 7, 8, 9)]
    series = fc.read_series_file(_write(tmp_path / "i.csv", "\n".join(lines)))
    np.testing.assert_array_equal(series["a"], values)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("series_id,period,value\n", "no rows"),
        ("series_id,value\na,1\n", "missing column.*period"),
        ("series_id,period,value\na,1,3\na,2,abc\n", r"series 'a', row 3: value 'abc' is not a number"),
        ("series_id,period,value\na,1,3\na,2,\n", r"series 'a', row 3: missing value"),
        ("series_id,period,value\na,2024Q1,3\na,2024Q1,4\n", r"series 'a', row 3: duplicate period '2024Q1'"),
        ("series_id,period,value\nb,2024Q1,3\nb,2024Q3,4\n", r"series 'b': gap .*'2024Q1' and '2024Q3'"),
        ("series_id,period,value\nc,1,3\nc,2,4\nc,4,5\n", r"series 'c': gap"),
        ("series_id,period,value\nd,2024-01,3\nd,2024Q2,4\n", r"series 'd': periods must all be"),
        ("series_id,period,value\ne,Jan,3\ne,Feb,4\n", r"series 'e': periods must all be"),
        ("series_id,period,value\n,1,3\n", "row 2: empty series_id"),
    ],
)
def test_bad_input_files_raise_clear_errors(tmp_path: Path, text: str, message: str):
    src = _write(tmp_path / "bad.csv", text)
    with pytest.raises(ValueError, match=message):
        fc.run_forecast_file(src, tmp_path / "out.csv", horizon=2, season_length=1)


def test_excel_encodings_are_read(tmp_path: Path):
    text = "series_id,period,value\n北京,2024Q1,3\n北京,2024Q2,4\n"
    bom = tmp_path / "bom.csv"
    bom.write_bytes(text.encode("utf-8-sig"))
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.encode("gb18030"))
    for path in (bom, gbk):
        np.testing.assert_array_equal(fc.read_series_file(path)["北京"], [3.0, 4.0])


def test_bad_horizon_rejected_before_reading(tmp_path: Path):
    src = _write(tmp_path / "ok.csv", "series_id,period,value\na,1,3\na,2,4\n")
    with pytest.raises(ValueError, match="horizon"):
        fc.run_forecast_file(src, tmp_path / "out.csv", horizon=0, season_length=1)
    with pytest.raises(ValueError, match="no such file"):
        fc.run_forecast_file(tmp_path / "nope.csv", tmp_path / "out.csv", horizon=2, season_length=1)
