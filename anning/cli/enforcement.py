"""``python -m anning enforcement``: a quarter's actions by type and role, the actions and fines by deciding
authority, the fines above the statutory cap, and the MVNO scorecard, as JSON or CSV on standard output.

* ``--format json``: one object with these keys:

  - ``action_counts``, ``fines_over_cap`` and ``mvno_scorecard``: lists of row objects (missing values are
    ``null``); ``fines_over_cap`` lists the telecom fines above the SMS regulation's cap (under legal review);
  - ``by_authority``: an object keyed by authority type (``telecom``, ``other_department``,
    ``operator_internal``; all three always present), each with ``actions``, ``targets`` (distinct targets),
    ``fines``, ``fines_yuan``, ``under_review`` and ``under_review_yuan``. The ``actions`` add up to the
    quarter's action count; a telecom fine above the cap counts under ``under_review``, not ``fines_yuan``;
  - ``fines_total_yuan``: the quarter's fine total as it may be published: telecom fines within the cap
    (equal to ``by_authority.telecom.fines_yuan``).

* ``--format csv``: the tables one after another (``by_authority`` as one row per type), each introduced by a
  ``# <name>`` line and followed by a blank line; ``--table NAME`` prints just that table as plain CSV.

With demo data the watermark goes to standard error (JSON) or a closing ``#`` line (CSV). Text cells are
neutralised against spreadsheet formula injection (:func:`anning.publish.exports.safe_frame`).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Any

import pandas as pd

from anning.cli.main import command, quarter_missing
from anning.core import config, quarters

TABLES = ("action_counts", "by_authority", "fines_over_cap", "mvno_scorecard")


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quarter", required=True, help="quarter, e.g. 2024Q2")
    p.add_argument("--format", choices=["json", "csv"], default="json", help="output format (default json)")
    p.add_argument("--table", choices=TABLES, help="CSV only: print just this table")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of names and reasons")
    p.add_argument("--window", type=int, default=4, help="scorecard window in quarters (default 4)")
    p.add_argument(
        "--rate-factor",
        type=float,
        default=1.0,
        help="good public response: rate below this x the market's rate (default 1.0)",
    )
    p.add_argument(
        "--market",
        choices=["all", "resellers"],
        default="all",
        help="the rate resellers are compared with (default all: the whole mobile market)",
    )


def tables(src: Any, quarter: str, lang: str = "en", scorecard: Any = None) -> dict[str, pd.DataFrame]:
    """The tables of the command for ``quarter`` (``src`` is any QuerySource)."""
    from anning.enforcement import actions as enf
    from anning.enforcement import authority

    acts = enf.actions(src)
    card = enf.mvno_scorecard(src, acts, quarter, lang, scorecard)
    over = enf.fines_over_cap(acts, quarter, lang).drop(columns=["check"]).assign(check_legal_basis=True)
    over["decided_on"] = pd.to_datetime(over.decided_on).dt.strftime("%Y-%m-%d")
    score = card.table.assign(market_rate=card.market_rate)
    return {
        "action_counts": enf.action_counts(acts, quarter),
        "by_authority": authority.by_authority(acts, quarter),
        "fines_over_cap": over,
        "mvno_scorecard": score,
    }


def json_object(out: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """The JSON document: the tables as row lists, ``by_authority`` keyed by type, and ``fines_total_yuan``."""
    from anning.publish import exports

    doc: dict[str, Any] = {name: exports.json_records(df) for name, df in out.items() if name != "by_authority"}
    ba = out["by_authority"].set_index("authority_type")
    doc["by_authority"] = {
        kind: {k: (float(v) if k.endswith("_yuan") else int(v)) for k, v in row.items()} for kind, row in ba.iterrows()
    }
    doc["fines_total_yuan"] = float(ba.loc["telecom", "fines_yuan"])
    return doc


@command(
    "enforcement", "a quarter's actions by type, role and authority, fines (total and above the cap), MVNO scorecard"
)(_args)
def _cmd_enforcement(args: argparse.Namespace) -> int:
    from anning.enforcement import actions as enf
    from anning.i18n import t
    from anning.publish import exports
    from anning.store import db as store
    from anning.store import info

    quarter = args.quarter.strip().upper()
    quarters.parse(quarter)  # a ValueError here is a user error: clear message, exit 2
    if args.table and args.format != "csv":
        print("error: --table needs --format csv", file=sys.stderr)
        return 2
    db = config.existing_db(args.db)
    if db is None:
        return 2
    reader = store.Reader(db)
    try:
        summary = info.store_info(reader)
        if quarter_missing(quarter, summary.quarters):
            return 2
        cfg = enf.ScorecardConfig(window_quarters=args.window, rate_factor=args.rate_factor, market=args.market)
        out = tables(reader, quarter, args.lang, cfg)
    finally:
        reader.close()
    watermark = t("watermark.demo", args.lang) if summary.demo else None
    if args.format == "json":
        json.dump(
            json_object(out),
            sys.stdout,
            ensure_ascii=False,
            indent=2,
            default=str,
        )
        sys.stdout.write("\n")
        if watermark:
            print(watermark, file=sys.stderr)
        return 0
    names = [args.table] if args.table else list(TABLES)
    buf = io.StringIO()
    for i, name in enumerate(names):
        if not args.table:
            buf.write(f"# {name}\n")
        exports.safe_frame(out[name]).to_csv(buf, index=False, lineterminator="\n")
        if not args.table and i < len(names) - 1:
            buf.write("\n")
    if watermark:
        buf.write(f"# {watermark}\n")
    sys.stdout.write(buf.getvalue())
    return 0
