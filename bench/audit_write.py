"""Benchmark: one audit write (a sign-in, an export) against the size of the workflow file.

Not a test. Issue 15 (finding 9) measured 41 ms per audit write at a 2.9 MB workflow file, because
each write copied and swapped the whole file. Now a standalone event is one line appended to
``PATH.audit.jsonl`` (:func:`anning.store.audit.append`). This times both in one process on the
same store: the swap (``store.write_work`` running the ``audit_append`` query, which is still how a
workflow change records itself) as the baseline, and the append, for workflow files of growing size.

Usage::

    python bench/audit_write.py [--sizes 0 1 3 10] [--writes 20] [--work /tmp/anning-audit-bench]

Prints a markdown table (medians in milliseconds); ``docs/reliability.md`` records a run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import time
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from anning.store import audit, sql  # noqa: E402
from anning.store import db as store  # noqa: E402


def _grow(db: Path, mb: float) -> float:
    """Add incompressible filler rows to the workflow file until it is about ``mb`` MB; its size in MB."""

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("create table if not exists bench_filler (s varchar)")
        # md5 strings barely compress, so the file grows with the rows (about 1 KB each).
        con.execute(
            "insert into bench_filler select string_agg(md5((i * 100 + j)::varchar), '') "
            "from range($n) t(i), range(30) u(j) group by i",
            {"n": int(mb * 1700)},
        )

    if mb > 0:
        store.write_work(db, fill)
    else:
        store.write_work(db, lambda con: None)
    return store.work_path(db).stat().st_size / 1e6


def _swap_write(db: Path, i: int) -> None:
    store.write_work(
        db,
        lambda con: sql.execute(con, "audit_append", {"user": "bench", "action": "export", "detail": f'{{"i":{i}}}'}),
    )


def _median_ms(fn: object, writes: int) -> float:
    times = []
    for i in range(writes):
        started = time.perf_counter()
        fn(i)  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    """Time both designs per workflow-file size and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0, 1, 3, 10], help="workflow file sizes, MB")
    parser.add_argument("--writes", type=int, default=20)
    parser.add_argument("--work", type=Path, default=Path("/tmp/anning-audit-bench"))
    args = parser.parse_args()
    rows = []
    for mb in args.sizes:
        folder = args.work / f"s{mb:g}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        db = folder / "anning.duckdb"
        duckdb.connect(str(db)).close()  # an empty data file: only the workflow file matters here
        size = _grow(db, mb)
        swap = _median_ms(lambda i, db=db: _swap_write(db, i), args.writes)
        append = _median_ms(lambda i, db=db: audit.append(db, "bench", "export", f'{{"i":{i}}}'), args.writes)
        rows.append({"work_mb": round(size, 2), "swap_ms": round(swap, 1), "append_ms": round(append, 2)})
    print("| workflow file | swap (before) | append (now) | ratio |")
    print("|---:|---:|---:|---:|")
    for r in rows:
        ratio = r["swap_ms"] / r["append_ms"] if r["append_ms"] else float("nan")
        print(f"| {r['work_mb']} MB | {r['swap_ms']} ms | {r['append_ms']} ms | {ratio:.0f}× |")
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
