"""Compare rollup tables row for row: every row, every value, every column type."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd


def table(con: duckdb.DuckDBPyConnection, source: str) -> tuple[list[tuple[str, str]], pd.DataFrame]:
    """Column types and rows (sorted on every column) of a store table or a Parquet folder."""
    rel = con.read_parquet(f"{source}/*.parquet") if "/" in source else con.table(source)
    types = [(c, str(t)) for c, t in zip(rel.columns, rel.types, strict=True)]
    df = rel.df()
    return types, df.sort_values(list(df.columns), na_position="last", kind="stable").reset_index(drop=True)


def differences(con: duckdb.DuckDBPyConnection, left: str, right: str) -> list[str]:
    """What differs between two tables; empty when they hold the same rows with the same types."""
    lt, ldf = table(con, left)
    rt, rdf = table(con, right)
    out = []
    if lt != rt:
        out.append(f"types differ: {[(a, b) for a, b in zip(lt, rt, strict=False) if a != b] or (lt, rt)}")
    if len(ldf) != len(rdf):
        out.append(f"{len(ldf)} rows against {len(rdf)}")
    elif not out:
        try:
            pd.testing.assert_frame_equal(ldf, rdf, check_exact=True)
        except AssertionError as exc:
            out.append(str(exc).splitlines()[0] + " " + " ".join(str(exc).splitlines()[1:4]))
    return out


def folder(path: Path, table_name: str) -> str:
    """The source string of an output table folder, for :func:`table`."""
    return str(path / table_name)
