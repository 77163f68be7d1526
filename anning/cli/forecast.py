"""``python -m anning forecast``: forecast any long-format CSV of series, or a series held in the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from anning.cli.main import command
from anning.core import config
from anning.core.escape import safe_frame
from anning.forecast import engine as forecast


def _args(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--input", type=Path, help="long-format CSV with series_id, period, value")
    src.add_argument(
        "--series", help="a store series: total, channel:sms, industry:loans_finance, operator:cmcc, category:fraud"
    )
    p.add_argument(
        "--horizon", type=int, required=True, help="periods ahead (1-8 quarters or 1-24 months for store series)"
    )
    p.add_argument(
        "--season-length",
        type=int,
        default=None,
        help="periods per seasonal cycle: 4 quarterly, 12 monthly (--input: required)",
    )
    p.add_argument("--granularity", choices=["quarter", "month"], default="quarter", help="store series only")
    p.add_argument(
        "--out", type=Path, required=True, help="CSV to write: series_id, step, forecast, lo80, hi80, lo95, hi95, model"
    )


@command("forecast", "forecast a CSV of series, or a store series, with 80% and 95% intervals")(_args)
def _cmd_forecast(args: argparse.Namespace) -> int:
    if args.horizon < 1:
        print("error: --horizon must be at least 1", file=sys.stderr)
        return 2
    if args.input is not None:
        if args.season_length is None or args.season_length < 1:
            print(
                "error: --season-length is required with --input (e.g. 4 for quarterly, 12 for monthly)",
                file=sys.stderr,
            )
            return 2
        if not args.input.is_file():
            print(f"{args.input}: no such file", file=sys.stderr)
            return 2
        out = forecast.run_forecast_file(args.input, args.out, horizon=args.horizon, season_length=args.season_length)
        print(f"wrote {len(out)} rows for {out.series_id.nunique()} series to {args.out}")
        return 0
    from anning.forecast import series as forecasting
    from anning.store import db as store

    db = config.existing_db(args.db)
    if db is None:
        return 2
    if args.season_length is not None and args.season_length != forecasting.GRANULARITIES[args.granularity]:
        print("error: a store series' season length follows --granularity (4 quarterly, 12 monthly)", file=sys.stderr)
        return 2
    reader = store.Reader(db)
    try:
        fc = forecasting.forecast_store_series(reader, args.series, args.granularity, args.horizon, "en")
    finally:
        reader.close()
    frame = forecasting.export_frame(fc)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    safe_frame(frame).to_csv(args.out, index=False)
    note = f" ({fc.incomplete_period} is still running and was left out of the fit)" if fc.incomplete_period else ""
    print(f"wrote {len(frame)} rows for {fc.ref.id} ({fc.result.model}){note} to {args.out}")
    return 0
