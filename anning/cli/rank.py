"""``python -m anning rank``: a ranking on the command line, from the same code as the Rankings page.

JSON output is a list of objects, one per row in the page's order, with ``rank``,
``key``, ``name``, ``complaints`` (the sum of ``count``), ``share`` (a fraction of 1),
``previous_complaints``, ``previous_rank``, ``change_pct`` and ``yoy_pct`` (percentages),
``yoy_complaints``, ``movement``, ``rank_change``, ``significant``, ``p_value`` and ``note``
(plus ``kind``, ``subscribers`` and ``rate_per_million`` for operators). Missing values are
``null``.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from anning.analysis import rankings
from anning.cli.main import command
from anning.core import config


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", required=True, choices=rankings.DIMENSIONS, help="what to rank")
    p.add_argument("--quarter", required=True, help="quarter, e.g. 2024Q2")
    p.add_argument("--channel", choices=rankings.CHANNELS, help="only SMS or only calls")
    p.add_argument("--category", choices=rankings.CATEGORIES, help="only one complaint category")
    p.add_argument("--kind", choices=rankings.OPERATOR_KINDS, help="operators only: basic operators or MVNOs")
    p.add_argument("--top", type=int, help="keep ranks up to N (ties at N kept)")
    p.add_argument(
        "--min-volume",
        type=int,
        default=rankings.DEFAULT_MIN_VOLUME,
        help=f"leave out entities with fewer complaints (default {rankings.DEFAULT_MIN_VOLUME})",
    )
    p.add_argument(
        "--sort",
        choices=rankings.SORTS,
        default="complaints",
        help="by complaints, or by significant change (risers first)",
    )
    p.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format")
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of names and headers")


@command("rank", "rank industries, companies, port companies, operators, number ranges or provinces")(_args)
def _cmd_rank(args: argparse.Namespace) -> int:
    from anning.i18n import t
    from anning.publish import exports
    from anning.store import db as store
    from anning.store import info

    spec = rankings.RankSpec(
        by=args.by,
        quarter=args.quarter,
        channel=args.channel,
        category=args.category,
        top=args.top,
        min_volume=args.min_volume,
        operator_kind=args.kind,
        sort=args.sort,
    ).validated()
    db = config.existing_db(args.db)
    if db is None:
        return 2
    reader = store.Reader(db)
    try:
        loaded = [str(q) for q in reader.query("quarters_available").quarter]
        if spec.quarter not in loaded:
            span = f"{loaded[0]} to {loaded[-1]}" if loaded else "none"
            print(f"error: no complaints loaded for {spec.quarter} (loaded quarters: {span})", file=sys.stderr)
            return 2
        ranking = rankings.rank(reader, spec, args.lang)
        df = ranking.table
        demo = bool(info.store_info(reader).demo)
    finally:
        reader.close()
    if args.format == "json":
        json.dump(exports.json_records(df), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        if demo:  # JSON has no room for a footnote; say it where a person running this sees it
            print(t("watermark.demo", args.lang), file=sys.stderr)
    elif args.format == "csv":
        notes = rankings.methodology(spec, args.lang, complete=ranking.complete)
        sys.stdout.write(
            exports.csv_bytes(
                rankings.display_frame(df, spec.by, args.lang), demo=demo, lang=args.lang, notes=notes
            ).decode("utf-8-sig")
        )
    else:
        view = rankings.display_frame(df, spec.by, args.lang)
        with pd.option_context(
            "display.max_rows",
            None,
            "display.width",
            200,
            "display.max_colwidth",
            40,
            "display.float_format",
            "{:,.1f}".format,
        ):
            print(view.to_string(index=False, na_rep="–") if len(view) else "(no rows)")
        if demo:
            print(t("watermark.demo", args.lang), file=sys.stderr)
    return 0
