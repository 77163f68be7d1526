"""Issue 13: the sanitized Parquet archive, rebuild from it, migration of raw archives, and no personal data
anywhere under the store's folder.

* the archive's content and partitioning (``kind=…/quarter=…/b<batch>.parquet``, the store's columns minus
  quarter, batch_id included), and the batch record (original SHA-256, name, encoding, size, rows);
* ``rebuild`` from the Parquet archive gives identical tables, rollups included;
* a store whose archive holds raw file copies (the layout before issue 13) is migrated: re-read,
  sanitized, raw copies removed, a note in the batch records, and the reload of a migrated file is
  still recognised;
* after loading files that carry complainant numbers, in every encoding the loader accepts, no number
  is found anywhere under the store's folder: not in the raw bytes of any file, and not in the decoded
  content of the store's tables or the Parquet files (which are compressed, so a byte grep alone
  could miss them; the same search finds the sender numbers, which are stored, as a control).
"""

from __future__ import annotations

import codecs
import hashlib
import io
import shutil
from pathlib import Path

import duckdb
import pytest

from anning.core.config import archive_dir
from anning.load import archive, bootstrap, loader
from anning.store import db as store
from tests.helpers import (
    COMPLAINT_HEADER,
    TODAY,
    VALID_USCC,
    complaint,
    file_state,
    load,
    rows,
    write_csv,
    write_xlsx,
)

STORE_TABLES = ("complaints", "takedowns", "enforcement")


def table_rows(db: Path, table: str) -> list[tuple]:
    return rows(db, f"select * from {table} order by all")  # table names are the fixed list above


def columns_of(db: Path, table: str) -> list[str]:
    return [r[0] for r in rows(db, "select column_name from duckdb_columns() where table_name = $t", {"t": table})]


# --------------------------------------------------------------------------- content and partitioning


def test_archive_layout_columns_and_batch_record(tmp_path: Path, db: Path) -> None:
    first = write_csv(
        tmp_path / "q.csv",
        [*COMPLAINT_HEADER, "举报人号码"],
        [[*complaint(1, received_at="2024-02-03 08:00:00"), "13900000001"], [*complaint(2), "13900000002"]],
    )
    takedowns = write_csv(
        tmp_path / "t.csv",
        ["takedown_id", "taken_at", "target_type", "target", "operator"],
        [["K1", "2024-05-06", "port", "10690001", "CMCC"]],
    )
    report = load([first, takedowns], db)
    assert report.ok, report.lines()
    adir = archive_dir(db)
    found = sorted(p.relative_to(adir).as_posix() for p in adir.rglob("*") if p.is_file())
    assert found == [
        "kind=complaints/quarter=2024Q1/b000001.parquet",
        "kind=complaints/quarter=2024Q2/b000001.parquet",
        "kind=takedowns/quarter=2024Q2/b000001.parquet",
    ]
    for kind in ("complaints", "takedowns"):
        parquet_cols = [
            r[0]
            for r in rows(
                db,
                "select name from parquet_schema($f) where name <> 'duckdb_schema'",
                {"f": str(archive.files_of(db, kind)[0])},
            )
        ]
        # Exactly the store table's columns minus quarter (the partition), batch_id included.
        assert sorted(parquet_cols) == sorted(c for c in columns_of(db, kind) if c != "quarter")
    q1 = archive.batch_file(db, "complaints", "2024Q1", 1)
    assert rows(db, "select complaint_id, batch_id from read_parquet($f)", {"f": str(q1)}) == [("T00001", 1)]
    # The batch record keeps what identifies the original file, though its bytes are not kept.
    rec = rows(db, "select file_name, content_hash, encoding, bytes, rows, dropped_columns from batch_files order by 1")
    assert rec[0] == (
        "q.csv",
        hashlib.sha256(first.read_bytes()).hexdigest(),
        "utf-8",
        first.stat().st_size,
        2,
        "举报人号码",
    )
    # A reload of the same bytes is recognised from the record alone.
    again = load([first], db)
    assert again.ok and again.already_loaded and again.files[0].already_in_batch == 1


def test_a_correction_is_archived_under_its_own_batch(tmp_path: Path, db: Path) -> None:
    v1 = write_csv(tmp_path / "v1.csv", COMPLAINT_HEADER, [complaint(1), complaint(2, operator="联通")])
    v2 = write_csv(tmp_path / "v2.csv", COMPLAINT_HEADER, [complaint(2, operator="电信")])
    assert load([v1], db).ok and load([v2], db).ok
    files = archive.files_of(db, "complaints")
    assert [p.name for p in files] == ["b000001.parquet", "b000002.parquet"]
    got = rows(
        db, "select batch_id, complaint_id, operator from read_parquet($f) order by all", {"f": [str(p) for p in files]}
    )
    # The archive keeps every batch's rows; the store's table is, per id, the row of the highest batch.
    assert got == [(1, "T00001", "cmcc"), (1, "T00002", "cucc"), (2, "T00002", "ctcc")]
    assert rows(db, "select complaint_id, operator, batch_id from complaints order by 1") == [
        ("T00001", "cmcc", 1),
        ("T00002", "ctcc", 2),
    ]


def test_a_failing_archive_writer_fails_the_load_and_changes_nothing(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The archive is written by background threads beside the rollups: a writer's failure must still
    # stop the load with the store, the archive and the batch records as they were.
    seed = write_csv(tmp_path / "seed.csv", COMPLAINT_HEADER, [complaint(1)])
    assert load([seed], db).ok
    before = (file_state(db), sorted(p.relative_to(archive_dir(db)).as_posix() for p in archive_dir(db).rglob("*")))
    real = archive._write_stored
    calls: list[list[tuple[str, str]]] = []

    def failing(con: duckdb.DuckDBPyConnection, staging: Path, batch_id: int, parts: list[tuple[str, str]]) -> Path:
        calls.append(parts)
        if len(calls) == 1:
            raise duckdb.IOException("IO Error: No space left on device")
        return real(con, staging, batch_id, parts)

    monkeypatch.setattr(archive, "_write_stored", failing)
    # Three quarters: the writers share them out, and one of the two fails.
    quarters = ["2024-02-03 08:00:00", "2024-05-03 08:00:00", "2024-08-03 08:00:00"]
    path = write_csv(
        tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(i + 2, received_at=t) for i, t in enumerate(quarters)]
    )
    report = load([path], db)
    assert not report.ok and report.errors[0].code == "load_failed"
    assert len(calls) == archive.ARCHIVE_WRITERS and sorted(q for c in calls for _, q in c) == [
        "2024Q1",
        "2024Q2",
        "2024Q3",
    ]
    after = (file_state(db), sorted(p.relative_to(archive_dir(db)).as_posix() for p in archive_dir(db).rglob("*")))
    assert after == before
    monkeypatch.undo()
    again = load([path], db)
    assert again.ok and again.batch_id == 2
    assert sorted(p.parent.name for p in archive.files_of(db, "complaints", {2})) == [
        "quarter=2024Q1",
        "quarter=2024Q2",
        "quarter=2024Q3",
    ]


def test_rows_set_aside_and_rejected_loads_archive_nothing(tmp_path: Path, db: Path) -> None:
    future = write_csv(tmp_path / "f.csv", COMPLAINT_HEADER, [complaint(1), complaint(2, received_at="2099-12-31")])
    report = load([future], db)
    assert report.ok and report.rows_set_aside == 1
    got = rows(
        db, "select complaint_id from read_parquet($f)", {"f": [str(p) for p in archive.files_of(db, "complaints")]}
    )
    assert got == [("T00001",)]
    before = sorted(p.as_posix() for p in archive_dir(db).rglob("*"))
    bad = write_csv(tmp_path / "b.csv", COMPLAINT_HEADER, [complaint(3, channel="fax")])
    assert not load([bad], db).ok
    assert sorted(p.as_posix() for p in archive_dir(db).rglob("*")) == before


# --------------------------------------------------------------------------- rebuild


def _everything(db: Path) -> dict[str, list[tuple]]:
    tables = [*STORE_TABLES, "batches", "batch_files", "load_warnings"]
    tables += [
        r[0] for r in rows(db, "select table_name from duckdb_tables() where table_name like 'r\\_%' escape '\\'")
    ]
    return {t: table_rows(db, t) for t in sorted(set(tables))}


def test_rebuild_from_parquet_gives_identical_tables(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy" / "anning.duckdb"
    db.parent.mkdir()
    shutil.copyfile(demo_db, db)
    shutil.copytree(archive_dir(demo_db), archive_dir(db))
    # A second batch that corrects rows of the first, so rebuild has to pick the latest version of an id.
    first_ids = [r[0] for r in rows(db, "select complaint_id from complaints order by 1 limit 3")]
    fix = write_csv(
        tmp_path / "fix.csv", COMPLAINT_HEADER, [complaint(0, complaint_id=i, operator="电信") for i in first_ids]
    )
    assert load([fix], db).ok
    before = _everything(db)
    assert before["r_rank"] and before["complaints"] and before["enforcement"]
    assert bootstrap.rebuild(db) == 2
    after = _everything(db)
    for table, data in before.items():
        assert after[table] == data, f"{table} differs after rebuild"
    assert rows(db, "select value from meta where key = 'demo'") == [("true",)]


def test_rebuild_ignores_files_of_a_batch_the_store_never_recorded(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "a.csv", COMPLAINT_HEADER, [complaint(1)])
    assert load([path], db).ok
    stray = archive.batch_file(db, "complaints", "2024Q2", 7)  # a killed load's batch 7
    shutil.copyfile(archive.batch_file(db, "complaints", "2024Q2", 1), stray)
    assert bootstrap.rebuild(db) == 1
    assert not stray.exists()
    assert rows(db, "select count(*) from complaints") == [(1,)]


# --------------------------------------------------------------------------- migration of raw archives


def _make_raw_archive(db: Path, files_by_batch: list[list[Path]]) -> None:
    """Turn a store's archive into the layout before issue 13: raw byte copies named by SHA-256."""
    for parquet in archive_dir(db).glob("kind=*"):
        shutil.rmtree(parquet)
    con = duckdb.connect(str(db))
    try:
        for batch in files_by_batch:
            for f in batch:
                digest = hashlib.sha256(f.read_bytes()).hexdigest()
                name = f"{digest}{f.suffix}"
                shutil.copyfile(f, archive_dir(db) / name)
                con.execute(
                    "update batch_files set archive_name = $a, note = null where content_hash = $h",
                    {"a": name, "h": digest},
                )
    finally:
        con.close()


def test_migration_of_a_store_with_raw_archives(tmp_path: Path, db: Path) -> None:
    header = [*COMPLAINT_HEADER, "举报人号码"]
    b1 = write_csv(
        tmp_path / "b1.csv", header, [[*complaint(i), f"1390000{i:04d}"] for i in range(5)], encoding="gb18030"
    )
    b2 = write_xlsx(tmp_path / "b2.xlsx", header, [[*complaint(3, operator="电信"), "13900009999"]])
    assert load([b1], db).ok and load([b2], db).ok
    _make_raw_archive(db, [[b1], [b2]])
    raw = archive.raw_copies(db)
    assert len(raw) == 2 and b"13900000001" in b1.read_bytes()
    before = _everything(db)

    # The next load (any load) migrates first.
    b3 = write_csv(tmp_path / "b3.csv", COMPLAINT_HEADER, [complaint(9)])
    assert load([b3], db).ok
    assert archive.raw_copies(db) == [] and not any(p.exists() for p in raw)
    files = sorted(p.relative_to(archive_dir(db)).as_posix() for p in archive_dir(db).rglob("*.parquet"))
    assert files == [
        "kind=complaints/quarter=2024Q2/b000001.parquet",
        "kind=complaints/quarter=2024Q2/b000002.parquet",
        "kind=complaints/quarter=2024Q2/b000003.parquet",
    ]
    notes = rows(db, "select batch_id, archive_name, note from batch_files where batch_id < 3 order by 1")
    assert [n[:2] for n in notes] == [
        (1, "kind=complaints/quarter=*/b000001.parquet"),
        (2, "kind=complaints/quarter=*/b000002.parquet"),
    ]
    assert all("re-read from the raw copy and sanitized; raw copy removed" in n[2] for n in notes)
    # What the migration archived rebuilds what the store held (plus batch 3).
    assert bootstrap.rebuild(db) == 3
    after = _everything(db)
    assert [r for r in after["complaints"] if r[0] != "T00009"] == before["complaints"]
    # The migrated files are still recognised when loaded again.
    again = load([b1, b2], db)
    assert again.already_loaded and [f.already_in_batch for f in again.files] == [1, 2]
    _assert_no_numbers(db, [f"1390000{i:04d}" for i in range(5)] + ["13900009999"])


def test_migration_falls_back_to_the_stored_rows(tmp_path: Path, db: Path) -> None:
    """A raw copy that no longer validates (here: its bytes were damaged) is archived from what the store holds."""
    b1 = write_csv(tmp_path / "b1.csv", COMPLAINT_HEADER, [complaint(i) for i in range(3)])
    assert load([b1], db).ok
    _make_raw_archive(db, [[b1]])
    (raw,) = archive.raw_copies(db)
    raw.write_bytes(b"\x00\x01 not a csv any more")
    before = table_rows(db, "complaints")
    assert bootstrap.rebuild(db) == 1
    assert archive.raw_copies(db) == []
    assert table_rows(db, "complaints") == before
    (note,) = rows(db, "select note from batch_files")
    assert "archived from the rows the store holds" in note[0]


# --------------------------------------------------------------------------- personal data: the grep


NUMBERS = [f"1581234{i:04d}" for i in range(20)]
SENDERS = [f"10690777{i:04d}" for i in range(20)]


def _pii_rows() -> tuple[list[str], list[list[object]]]:
    header = [
        "举报编号",
        "受理时间",
        "类型",
        "被举报号码",
        "运营商",
        "源头企业",
        "统一社会信用代码",
        "举报人号码",
        "联系电话",
    ]
    data = [
        [
            f"P{i:03d}",
            "2024-05-03 10:00:00",
            "短信",
            SENDERS[i],
            "移动",
            "隐私测试（示例）",
            VALID_USCC,
            NUMBERS[i],
            NUMBERS[i],
        ]
        for i in range(len(NUMBERS))
    ]
    return header, data


def _text_views(path: Path) -> list[str]:
    """Every way the bytes of a file could hold a number: raw, and decoded as the loader's encodings."""
    data = path.read_bytes()
    views = [data.decode("latin-1")]
    for enc in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        views.append(data.decode(enc, errors="ignore"))
    return views


def _decoded_content(db: Path) -> str:
    """Every value of every table of both store files and of every Parquet file, as text."""
    con = duckdb.connect(":memory:")
    out = io.StringIO()
    try:
        for i, f in enumerate(p for p in (db, store.work_path(db)) if p.exists()):
            con.execute(f"attach '{f}' as f{i} (read_only)")  # test-only: paths from tmp_path
            for (name,) in con.execute(
                "select table_name from duckdb_tables() where database_name = $d", {"d": f"f{i}"}
            ).fetchall():
                for row in con.execute(f'select * from f{i}."{name}"').fetchall():
                    out.write(repr(row))
        for p in archive_dir(db).rglob("*.parquet"):
            for row in con.execute("select * from read_parquet($f)", {"f": str(p)}).fetchall():
                out.write(repr(row))
    finally:
        con.close()
    return out.getvalue()


def _assert_no_numbers(db: Path, numbers: list[str], controls: list[str] | None = None) -> None:
    folder = db.parent
    files = [p for p in folder.rglob("*") if p.is_file()]
    assert files
    for p in files:
        for view in _text_views(p):
            hits = [n for n in numbers if n in view]
            assert not hits, f"{p.relative_to(folder)} holds complainant numbers {hits[:3]}"
    content = _decoded_content(db)
    assert not [n for n in numbers if n in content], "a complainant number is in the store's content"
    for c in controls or []:  # the search sees through compression: stored values are found
        assert c in content, c


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-32", "xlsx"])
def test_no_complainant_number_anywhere_under_the_store_folder(tmp_path: Path, encoding: str) -> None:
    db = tmp_path / "store" / "anning.duckdb"
    header, data = _pii_rows()
    if encoding == "xlsx":
        src = write_xlsx(tmp_path / "in.xlsx", header, data)
    else:
        text = io.StringIO()
        import csv

        csv.writer(text).writerows([header, *data])
        data = text.getvalue().encode(encoding)
        src = tmp_path / "in.csv"
        src.write_bytes(data)
        if encoding == "utf-32":
            assert data.startswith(codecs.BOM_UTF32_LE)
    report = load([src], db)
    assert report.ok, report.lines()
    assert report.files[0].dropped_columns == ("举报人号码", "联系电话")
    # A second load and a rebuild must not bring them back either.
    assert bootstrap.rebuild(db) == 1
    _assert_no_numbers(db, NUMBERS, controls=SENDERS[:3])


def test_no_leftover_transcoded_copy_after_a_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The transcoded copy of a GB18030 file lives in the load's private temp directory and is gone after."""
    import tempfile

    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    db = tmp_path / "store" / "anning.duckdb"
    header, data = _pii_rows()
    src = write_csv(tmp_path / "in.csv", header, data, encoding="gb18030")
    seen: list[list[str]] = []
    real = loader.files.transcode

    def spy(path: Path, encoding: str, skip: int, out: Path) -> Path:
        result = real(path, encoding, skip, out)
        seen.append([str(p) for p in out.parent.parent.iterdir()])
        assert out.parent.parent == private and not out.is_relative_to(db.parent)
        return result

    monkeypatch.setattr(loader.files, "transcode", spy)
    assert load([src], db).ok
    assert seen, "the file was not transcoded"
    assert list(private.iterdir()) == []


def test_staging_queries_declare_their_columns(tmp_path: Path) -> None:
    """The loader's own select queries need its staging tables, so tests/query skips them: checked here."""
    import tempfile

    from anning.store import sql

    header, data = _pii_rows()
    path = write_csv(tmp_path / "in.csv", header, [*data, data[0]], encoding="utf-8")  # a duplicate id too
    with tempfile.TemporaryDirectory() as tmp:
        f, issues = loader._inspect(loader.InputFile.of(path), None, Path(tmp), None)
        assert not issues
        con = duckdb.connect(":memory:")
        try:
            v = loader.validate(con, [f], TODAY, Path(tmp))
            assert v.kinds == ["complaints"] and v.n_errors == 1  # the duplicate
            checked = 0
            for name, q in sql.registry().items():
                if not name.startswith(("stage_", "norm_")) or not q.returns:
                    continue
                params = {p: {"limit": 10}.get(p, 0) for p in q.params}
                idents = {
                    "stage": "stage_complaints",
                    "norm": "norm_complaints",
                    "list": "errors",
                    "id": "complaint_id",
                }
                cur = sql._run_all(con, name, params, {k: idents[k] for k in q.slots})
                assert tuple(d[0] for d in cur.description) == q.returns, name
                checked += 1
            assert checked >= 6
        finally:
            con.close()
