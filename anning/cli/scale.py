"""Scale-out commands: ``rollups`` (DuckDB or Spark over the Parquet archive) and ``attach-rollups``.

See ``docs/scale-out.md``. The Spark engine needs ``pyspark`` and a Java runtime; both are in
requirements.txt and ``.ci/run``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from anning.cli.main import command
from anning.core import config

# An URI Spark reads (hdfs://, s3a://, file://...), as opposed to a local path.
_URI_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def _rollups_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--engine",
        choices=["duckdb", "spark"],
        default="duckdb",
        help="duckdb: on this machine (default); spark: Apache Spark, local or under spark-submit",
    )
    p.add_argument(
        "--archive",
        help="the Parquet archive: a folder, or for Spark any URI it reads (default: the archive beside --db)",
    )
    p.add_argument("--out", required=True, help="a new folder (or, for Spark, URI) to write the tables to")
    p.add_argument("--master", default="local[2]", help="Spark master when not run by spark-submit (default local[2])")
    p.add_argument(
        "--shuffle-partitions",
        type=int,
        default=None,
        help="Spark shuffle partitions (default: 4 locally, the cluster's setting under spark-submit)",
    )
    p.add_argument("--driver-memory", default=None, help="Spark driver memory for a local run, e.g. 4g")


def _local(value: str, what: str) -> Path:
    if _URI_RE.match(value) and not value.lower().startswith("file://"):
        raise ValueError(f"{what} {value!r}: the DuckDB engine reads and writes local folders; use --engine spark")
    return Path(value.removeprefix("file://")).expanduser().resolve()


@command("rollups", "compute the rollups from the Parquet archive with DuckDB or Apache Spark")(_rollups_args)
def _cmd_rollups(args: argparse.Namespace) -> int:
    archive = args.archive or str(config.archive_dir(config.db_path(args.db)))

    def say(step: str) -> None:
        print(f"{step} …", file=sys.stderr, flush=True)

    if args.engine == "duckdb":
        from anning.scale import engine_duckdb

        report = engine_duckdb.run(_local(archive, "--archive"), _local(args.out, "--out"), progress=say)
    else:
        from anning.scale import engine_spark

        # A local path becomes absolute: Spark would resolve it against its own working directory.
        archive_uri = archive if _URI_RE.match(archive) else str(Path(archive).expanduser().resolve())
        out_uri = args.out if _URI_RE.match(args.out) else str(Path(args.out).expanduser().resolve())
        if not _URI_RE.match(archive_uri) and not Path(archive_uri).is_dir():
            raise FileNotFoundError(f"{archive_uri}: no such archive folder")
        report = engine_spark.compute(
            archive_uri,
            out_uri,
            master=args.master,
            shuffle_partitions=args.shuffle_partitions,
            driver_memory=args.driver_memory,
            progress=say,
        )
    for line in report.lines():
        print(line)
    return 0


def _attach_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir", type=Path, help="the output folder of `python -m anning rollups`")
    p.add_argument(
        "--catalog",
        type=Path,
        required=True,
        help="the loader's store that recorded the batches (for the batch list and the demo mark)",
    )


@command("attach-rollups", "build the store --db, which the app serves, from a rollups output folder")(_attach_args)
def _cmd_attach(args: argparse.Namespace) -> int:
    from anning.scale import attach

    db = config.db_path(args.db)
    report = attach.attach(args.dir.expanduser().resolve(), db, args.catalog.expanduser().resolve())
    print(
        f"attached {report.db}: {len(report.tables)} tables, {sum(report.tables.values()):,} rows, "
        f"{report.batches} batches (rollups by {report.engine})"
    )
    return 0
