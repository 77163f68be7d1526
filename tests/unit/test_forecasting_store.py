"""Store series for forecasting: zero-filled periods, the running period kept out of the fit, anomaly notes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from anning.forecast import engine as forecast
from anning.forecast import series as forecasting
from anning.load import loader
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, complaint, write_csv

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_reader(demo_db: Path) -> store.Reader:
    r = store.Reader(demo_db)
    yield r
    r.close()


def test_series_ids_parse_and_refuse_unknown() -> None:
    assert forecasting.SeriesRef.parse("industry:loans_finance") == forecasting.SeriesRef("industry", "loans_finance")
    assert forecasting.SeriesRef.parse("total").id == "total"
    for bad in ("", "industry", "province:110000", "x:y", "'; drop table complaints; --"):
        with pytest.raises(ValueError, match="unknown series"):
            forecasting.SeriesRef.parse(bad)


def test_history_fills_gaps_with_zeros_and_marks_the_running_period(tmp_path: Path, db: Path) -> None:
    # A company-free industry with complaints only in 2024Q1 and 2024Q3: 2024Q2 must be an explicit zero.
    rows = [
        complaint(1, received_at="2024-01-10", industry="tourism"),
        complaint(2, received_at="2024-07-10", industry="tourism"),
        complaint(3, received_at="2024-11-05", industry="retail"),
    ]
    assert loader.load([write_csv(tmp_path / "c.csv", COMPLAINT_HEADER, rows)], db).ok
    r = store.Reader(db)
    try:
        h = forecasting.history(r, forecasting.SeriesRef("industry", "tourism"), "quarter", today=dt.date(2024, 12, 1))
        assert list(h.period) == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
        assert list(h.value) == [1.0, 0.0, 1.0, 0.0]
        # Data stop on 2024-11-05: 2024Q4 is running, the others are complete.
        assert list(h.complete) == [True, True, True, False]
        m = forecasting.history(r, forecasting.SeriesRef("total"), "month", today=dt.date(2024, 12, 1))
        assert m.period.iloc[0] == "2024-01" and m.period.iloc[-1] == "2024-11" and len(m) == 11
        assert m.value.sum() == 3 and not m.complete.iloc[-1] and m.complete.iloc[-2]
    finally:
        r.close()


def test_running_period_is_left_out_of_the_fit(demo_reader: store.Reader) -> None:
    fc = forecasting.forecast_store_series(demo_reader, "channel:sms", "quarter", 4, "en", today=dt.date(2026, 11, 28))
    assert fc.incomplete_period == "2026Q4"
    complete = fc.history[fc.history.complete]
    assert fc.result.fitted_on == len(complete)
    assert list(fc.future.period) == ["2026Q4", "2027Q1", "2027Q2", "2027Q3"]
    # The same forecast as the engine on the complete history alone: the partial quarter had no influence.
    direct = forecast.forecast_series(complete.value.to_numpy(), season_length=4, horizon=4)
    np.testing.assert_allclose(fc.result.forecast.forecast, direct.forecast.forecast)
    # And the partial value (half a quarter) is far below the forecast of its full value.
    partial = float(fc.history[fc.history.period == "2026Q4"].value.iloc[0])
    assert partial < 0.8 * float(fc.future.forecast.iloc[0])
    f = fc.future
    assert (f.lo95 <= f.lo80).all() and (f.lo80 <= f.forecast).all() and (f.forecast <= f.hi80).all()
    assert (f.hi80 <= f.hi95).all() and (f.lo95 >= 0).all()


def test_horizon_limits(demo_reader: store.Reader) -> None:
    with pytest.raises(ValueError, match="horizon"):
        forecasting.forecast_store_series(demo_reader, "total", "quarter", 9, "en")
    with pytest.raises(ValueError, match="horizon"):
        forecasting.forecast_store_series(demo_reader, "total", "month", 25, "en")
    fc = forecasting.forecast_store_series(demo_reader, "total", "month", 24, "zh")
    assert len(fc.future) == 24 and fc.label == "全部投诉"


def test_anomaly_notes_flag_an_injected_spike(tmp_path: Path, db: Path) -> None:
    # 16 quarters of a steady seasonal series, then a tripling in the last complete quarter.
    rows = []
    i = 0
    rng = np.random.default_rng(7)
    quarters_ = pd.period_range("2021Q1", "2025Q1", freq="Q")
    for k, q in enumerate(quarters_):
        n = int(60 + 10 * (q.quarter == 2) + rng.integers(-4, 5))
        if k == len(quarters_) - 1:
            n *= 3
        day = q.start_time + pd.Timedelta(days=10)
        for _ in range(n):
            i += 1
            rows.append(complaint(i, received_at=day.strftime("%Y-%m-%d"), industry="education"))
    # The data must reach the quarter's last day for it to count as complete.
    rows.append(complaint(i + 1, received_at="2025-03-31", industry="retail"))
    assert loader.load([write_csv(tmp_path / "c.csv", COMPLAINT_HEADER, rows)], db).ok
    r = store.Reader(db)
    try:
        notes = forecasting.anomaly_notes(r, "2025Q1", today=dt.date(2025, 6, 1))
        assert ("industry", "education", "2025Q1", "rise") in {
            (n.dimension, n.key, n.quarter, n.direction) for n in notes
        }
        assert not forecasting.anomaly_notes(r, "2024Q4", today=dt.date(2025, 6, 1))
    finally:
        r.close()


def test_cli_store_series_and_file_round_trip(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "fc.csv"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "anning",
            "forecast",
            "--series",
            "industry:loans_finance",
            "--horizon",
            "3",
            "--out",
            str(out),
            "--db",
            str(demo_db),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    df = pd.read_csv(out)
    assert list(df.columns) == forecast.OUTPUT_COLUMNS and list(df.step) == [1, 2, 3]
    assert set(df.series_id) == {"industry:loans_finance"}
    # The file mode reads back what it wrote, in the documented format.
    src = tmp_path / "in.csv"
    pd.DataFrame(
        {
            "series_id": ["a"] * 12,
            "period": [f"{2021 + i // 4}Q{i % 4 + 1}" for i in range(12)],
            "value": [10, 12, 9, 14, 11, 13, 10, 15, 12, 14, 11, 16],
        }
    ).to_csv(src, index=False)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "anning",
            "forecast",
            "--input",
            str(src),
            "--horizon",
            "2",
            "--season-length",
            "4",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert list(pd.read_csv(out).step) == [1, 2]
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "anning",
            "forecast",
            "--series",
            "province:x",
            "--horizon",
            "2",
            "--out",
            str(out),
            "--db",
            str(demo_db),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert bad.returncode == 2 and "unknown series" in bad.stderr and "Traceback" not in bad.stderr
