"""``python -m anning handling``: how operators (or provinces) handled the reports forwarded in a quarter.

One row per key, most forwarded first, with the fields ``key, name, forwarded, handled, pending,
not_actionable, handling_rate, median_days, p90_days, within_sla_share`` (see
:mod:`anning.analysis.handling` for the definitions). ``handling_rate`` and ``within_sla_share`` are
fractions of 1; the days are days. JSON gives ``null`` where there is nothing to compute; CSV leaves
the cell empty and ends with ``#`` lines: the methodology and, for demo data, the watermark. A quarter whose files carry no handling status is an error with that message (exit 3),
never a table of zeros.
"""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from anning.analysis import handling
from anning.cli.main import command
from anning.core import config, fmt


def _sla(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {value!r}") from None
    if not 0 <= n <= handling.MAX_SLA_DAYS:
        raise argparse.ArgumentTypeError(f"must be from 0 to {handling.MAX_SLA_DAYS} days")
    return n


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quarter", required=True, help="quarter of receipt, e.g. 2024Q2")
    p.add_argument("--by", choices=handling.DIMENSIONS, default="operator", help="one row per operator or province")
    p.add_argument("--format", choices=["json", "csv"], default="json", help="output format")
    p.add_argument(
        "--sla-days",
        type=_sla,
        default=handling.DEFAULT_SLA_DAYS,
        help=f"service level for within_sla_share, in days (default {handling.DEFAULT_SLA_DAYS})",
    )
    p.add_argument("--lang", choices=["en", "zh"], default="en", help="language of names and messages")


def _csv(rows: list[dict[str, object]], notes: list[str], *, demo: bool, lang: str) -> str:
    """The fields as CSV (raw values, empty where null) through the safe exporter: names neutralised,
    then the methodology and, for demo data, the watermark as ``#`` footnote lines."""
    from anning.publish import exports

    frame = pd.DataFrame(rows, columns=list(handling.FIELDS))
    return exports.csv_bytes(frame, demo=demo, lang=lang, notes=notes).decode("utf-8-sig")


@command("handling", "how operators or provinces handled the reports forwarded in a quarter")(_args)
def _cmd_handling(args: argparse.Namespace) -> int:
    from anning.i18n import t
    from anning.store import db as store
    from anning.store import info

    try:
        quarter = handling.validate(args.quarter, args.by, args.sla_days)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    db = config.existing_db(args.db)
    if db is None:
        return 2
    reader = store.Reader(db)
    try:
        h = handling.measures(reader, quarter, args.by, args.lang, sla_days=args.sla_days)
        demo = bool(info.store_info(reader).demo)
    finally:
        reader.close()
    if h.state != "ok":
        print(f"error: {t('hd.' + h.state, args.lang, quarter=quarter)}", file=sys.stderr)
        return 3
    rows = handling.records(h.rows)
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        if demo:  # JSON has no room for a footnote; say it where a person running this sees it
            print(t("watermark.demo", args.lang), file=sys.stderr)
    else:
        sys.stdout.write(_csv(rows, handling.methodology(h, args.lang), demo=demo, lang=args.lang))
    if not h.complete:
        print(
            t("hd.partial", args.lang, quarter=quarter, as_of=fmt.date_words(h.data_as_of, args.lang)), file=sys.stderr
        )
    return 0
