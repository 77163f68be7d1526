"""Write a store's rows as the loader's Parquet archive, for the scale-out tests and benchmark.

Layout (agreed with the loader, issue 13): ``kind=<kind>/quarter=<YYYYQn>/b<batch_id:06d>.parquet``,
each file one batch's rows of that kind and quarter, with the store table's columns except
``quarter`` (the partition column). ``corrections`` adds a later batch that replaces some rows and
adds new ones, so the tests exercise "the highest batch wins".
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

KINDS = ("complaints", "takedowns", "enforcement")


def write_table(archive: Path, kind: str, table: pa.Table) -> int:
    """Write store rows of one kind (with quarter and batch_id) into the archive; returns files written."""
    n = 0
    keys = table.select(["batch_id", "quarter"]).group_by(["batch_id", "quarter"]).aggregate([]).to_pylist()
    for key in keys:
        mask = pc.and_(pc.equal(table["batch_id"], key["batch_id"]), pc.equal(table["quarter"], key["quarter"]))
        part = table.filter(mask).drop_columns(["quarter"])
        folder = archive / f"kind={kind}" / f"quarter={key['quarter']}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"b{key['batch_id']:06d}.parquet"
        if path.exists():
            raise FileExistsError(path)
        pq.write_table(part, path, compression="zstd")
        n += 1
    return n


def from_store(db: Path, archive: Path) -> None:
    """Archive the current rows of a store, each under the batch that last wrote it."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        for kind in KINDS:
            write_table(archive, kind, con.table(kind).to_arrow_table())
    finally:
        con.close()


# A later batch, as contract files: every 7th row of each kind changed, plus new complaints under new ids.
# Values are the store's codes (operator, industry, adcode), which the loader accepts as spellings.
CORRECTIONS = {
    "complaints": """
        select complaint_id, strftime(received_at, '%Y-%m-%d %H:%M:%S') as received_at, channel, category,
            sender_number, operator,
            case when industry = 'loans_finance' then 'real_estate' else 'loans_finance' end as industry,
            company, company_id, province, port, port_company, "count" + 1 as "count"
        from complaints where hash(complaint_id) % 7 = 0
        union all
        select 'X' || complaint_id, strftime(received_at, '%Y-%m-%d %H:%M:%S'), channel, category, sender_number,
            operator, industry, company, company_id, province, port, port_company, "count"
        from complaints where hash(complaint_id) % 7 = 1
    """,
    "takedowns": """
        select takedown_id, taken_at, target_type, target, operator, holder, industry, 'corrected' as reason
        from takedowns where hash(takedown_id) % 7 = 0
    """,
    "enforcement": """
        select case_id, decided_on, target_name, target_id, target_role, action, fine_yuan + 100
            as fine_yuan, illegal_gains_yuan, authority, province, 'corrected' as reason
        from enforcement where hash(case_id) % 7 = 0
    """,
}


def corrected_store(demo_db: Path, folder: Path) -> tuple[Path, Path]:
    """A store of two batches (the demo, then corrections loaded by the loader) and its Parquet archive.

    The archive gets batch 1's rows before the corrections are loaded, and batch 2's after, as the
    loader writes it; so the store's tables are what the loader's upserts made of both batches.
    """
    from anning.load import loader
    from tests.helpers import copy_store

    db = copy_store(demo_db, folder / "anning.duckdb")
    archive = folder / "parquet"
    from_store(db, archive)
    files = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        for kind, query in CORRECTIONS.items():
            path = folder / "batch2" / f"{kind}_corrections.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            con.sql(query).write_csv(str(path), header=True)
            files.append(path)
    finally:
        con.close()
    report = loader.load(files, db, user="demo", source="demo")
    assert report.ok and report.batch_id == 2, report.lines()
    con = duckdb.connect(str(db), read_only=True)
    try:
        for kind in KINDS:
            rows = con.table(kind).filter(duckdb.ColumnExpression("batch_id") == duckdb.ConstantExpression(2))
            write_table(archive, kind, rows.to_arrow_table())
    finally:
        con.close()
    return db, archive
