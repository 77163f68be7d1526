"""``python -m anning lists candidates --quarter Q``: the exposure-list candidates with their grounds and
evidence, so the rules can be checked from a script.

``--format json`` (default) prints one object:

* ``quarter``, ``rules`` (the rules applied, as :meth:`anning.enforcement.exposure.Rules.as_dict`) and
  ``rules_text`` (the same in words, ``--lang``);
* ``candidates``: the companies that may be named (a valid credit code), most complaints first, each with
  ``grounds`` (codes), ``grounds_text`` and the evidence of :data:`anning.enforcement.exposure.COLUMNS`
  (``industry_name`` and ``measure_text`` added);
* ``needs_identification``: the companies that meet the rules but have no valid credit code, each with
  ``reason`` (``no_credit_code`` or ``bad_credit_code``) and ``reason_text``;
* ``counts``: how many of each.

``--format csv`` prints the candidates as one table (grounds as text, one ``needs_identification`` row per
company held back, marked in the ``status`` column). The rule options default to the page's defaults.
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


def _args(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="lists_action", required=True, metavar="{candidates}")
    c = sub.add_parser("candidates", help="the candidates of a quarter's list with grounds and evidence")
    c.add_argument("--db", default=argparse.SUPPRESS, help="store to read")
    c.add_argument("--quarter", required=True, help="quarter, e.g. 2024Q2")
    c.add_argument("--format", choices=["json", "csv"], default="json", help="output format (default json)")
    c.add_argument("--lang", choices=["en", "zh"], default="en", help="language of the texts (default en)")
    from anning.enforcement.exposure import Rules

    d = Rules()
    c.add_argument("--min-complaints", type=int, default=d.min_complaints, help="threshold rule (0: off)")
    c.add_argument("--top-per-industry", type=int, default=d.top_per_industry, help="top N per real industry")
    c.add_argument("--repeat-quarters", type=int, default=d.repeat_quarters, help="run marked as a ground (0: off)")
    c.add_argument("--min-ports-shut", type=int, default=d.min_ports_shut, help="ports-shut rule (0: off)")
    c.add_argument("--fined", action="store_true", default=d.fined, help="switch on the 'fined this quarter' rule")
    c.add_argument("--floor", type=int, default=d.floor, help="at least this many complaints")
    c.add_argument("--floor-share", type=float, default=d.floor_share, help="and at least this %% of all")
    c.add_argument("--channel", choices=["sms", "call"], default=None, help="count one channel only")


def _plain(v: Any) -> Any:
    from anning.core import frozen

    return frozen.plain(v)


def document(src: Any, quarter: str, rules: Any, lang: str) -> dict[str, Any]:
    """The JSON document of the command (``src`` is any QuerySource)."""
    from anning.enforcement import exposure

    found = exposure.candidates(src, quarter, rules)
    named, held = exposure.split(found)

    def row(c: dict[str, Any]) -> dict[str, Any]:
        out = _plain(c)
        out["grounds"] = list(c["rules"])
        out["grounds_text"] = exposure.grounds_text(c, rules, lang)
        out["industry_name"] = exposure.industry_name(str(c["industry"]), lang)
        out["measure_text"] = exposure.measure_text(c, quarter, lang)
        return out

    candidates = [row(c) for c in named.to_dict("records")]
    needs = []
    for c in held.to_dict("records"):
        r = row(c)
        r["reason"] = c["id_problem"]
        r["reason_text"] = exposure.id_problem_text(c["id_problem"], lang)
        needs.append(r)
    return {
        "quarter": quarter,
        "rules": rules.as_dict(),
        "rules_text": exposure.rules_summary(rules, lang),
        "candidates": candidates,
        "needs_identification": needs,
        "counts": {"candidates": len(candidates), "needs_identification": len(needs)},
    }


CSV_COLUMNS = (
    "status",
    "name",
    "company_id",
    "industry_name",
    "complaints",
    "share",
    "industry_rank",
    "industry_share",
    "change_pct",
    "yoy_pct",
    "streak",
    "grounds_text",
    "measure_text",
    "port_company",
    "reason_text",
)


@command("lists", "exposure lists: 'lists candidates --quarter Q' prints candidates with grounds and evidence")(_args)
def _cmd_lists(args: argparse.Namespace) -> int:
    from anning.enforcement.exposure import Rules
    from anning.i18n import t
    from anning.publish import exports
    from anning.store import db as store
    from anning.store import info

    quarter = quarters.label(*quarters.parse(args.quarter.strip().upper()))
    rules = Rules(
        min_complaints=args.min_complaints,
        top_per_industry=args.top_per_industry,
        repeat_quarters=args.repeat_quarters,
        min_ports_shut=args.min_ports_shut,
        fined=args.fined,
        floor=args.floor,
        channel=args.channel,
        floor_share=args.floor_share,
    ).validated()  # a ValueError is a user error: clear message, exit 2
    db = config.existing_db(args.db)
    if db is None:
        return 2
    reader = store.Reader(db)
    try:
        summary = info.store_info(reader)
        if quarter_missing(quarter, summary.quarters):
            return 2
        doc = document(reader, quarter, rules, args.lang)
    finally:
        reader.close()
    watermark = t("watermark.demo", args.lang) if summary.demo else None
    if args.format == "json":
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
        if watermark:
            print(watermark, file=sys.stderr)
        return 0
    rows = [{**c, "status": "candidate"} for c in doc["candidates"]]
    rows += [{**c, "status": "needs_identification"} for c in doc["needs_identification"]]
    df = pd.DataFrame(rows, columns=list(CSV_COLUMNS))
    buf = io.StringIO()
    exports.safe_frame(df).to_csv(buf, index=False, lineterminator="\n")
    if watermark:
        buf.write(f"# {watermark}\n")
    sys.stdout.write(buf.getvalue())
    return 0
