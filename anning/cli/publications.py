"""Command line for publications: ``python -m anning inventory --quarter 2024Q2 --lang zh --out DIR``.

Writes the quarter's complaint inventory in every format (DOCX, XLSX, one CSV per table, PDF).
Without ``--published`` it is a draft built from the store now (its time is the data-as-of date,
so building it twice from the same data gives the same files); with ``--published`` it is the
latest published version, rebuilt from its frozen record alone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from anning.cli.main import command
from anning.core import config


def _inventory_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quarter", required=True, help="quarter, e.g. 2024Q2")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="language of the document (default zh)")
    p.add_argument("--out", type=Path, required=True, help="directory to write the files to")
    p.add_argument(
        "--published",
        action="store_true",
        help="export the latest published version (frozen) instead of a draft built now",
    )


@command("inventory", "write the quarterly complaint inventory as DOCX, XLSX, CSV and PDF")(_inventory_args)
def _cmd_inventory(args: argparse.Namespace) -> int:
    from anning.core import quarters
    from anning.publish import inventory
    from anning.store import db as store

    db = config.existing_db(args.db)
    if db is None:
        return 2
    q = quarters.label(*quarters.parse(args.quarter))
    reader = store.Reader(db)
    try:
        if args.published:
            found = inventory.latest_published(reader, q)
            if found is None:
                print(f"no published inventory for {q}", file=sys.stderr)
                return 1
            doc = inventory.published_document(found[0], found[1], args.lang)
        else:
            doc = inventory.draft_document(inventory.build(reader, q, args.lang))
    finally:
        reader.close()
    written = inventory.write_all(doc, args.out, inventory.file_stem(doc))
    for path in written:
        print(path)
    print(f"{len(written)} files; content hash {doc.meta.get('content_hash')}")
    return 0
