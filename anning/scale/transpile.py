"""The rollup queries of ``queries/`` (DuckDB SQL) as Spark SQL, transpiled by sqlglot at run time.

There is one SQL source: a rollup is written once, in DuckDB's dialect, and Spark runs sqlglot's
translation. A statement sqlglot cannot translate faithfully raises :class:`TranspileError`
(``unsupported_level=RAISE``) instead of producing SQL that means something else; the scale
tests also have Spark analyse every translation, so a query Spark rejects fails there.
``docs/dev/conventions.md`` lists the DuckDB idioms to avoid in these queries.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, SqlglotError

from anning.store import sql


class TranspileError(ValueError):
    """A query that cannot run on Spark as written."""


@dataclass(frozen=True)
class Step:
    """One statement of a named query: ``create or replace table <table> as <select>``."""

    query: str
    table: str
    duckdb: str  # the select, as written
    spark: str  # the select, in Spark SQL


def _create_parts(name: str, statement: str) -> tuple[str, exp.Query]:
    tree = sqlglot.parse_one(statement, read="duckdb")
    if not (
        isinstance(tree, exp.Create)
        and str(tree.args.get("kind", "")).upper() == "TABLE"
        and isinstance(tree.this, exp.Table)
        and isinstance(tree.expression, exp.Query)
    ):
        raise TranspileError(f"{name}: every statement must replace one table with the result of one query")
    return tree.this.name, tree.expression


def step(name: str, statement: str) -> Step:
    """One ``create or replace table ... as select`` statement of query ``name``, with its Spark translation."""
    try:
        table, select = _create_parts(name, statement)
        # A stored table has no row order: Spark would pay a sampling job and a range shuffle for the final ORDER BY.
        unordered = select.copy()
        if not unordered.args.get("limit"):  # with a limit, the order decides which rows there are
            unordered.set("order", None)
        spark = unordered.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)
    except SqlglotError as exc:
        raise TranspileError(f"{name}: does not transpile to Spark SQL: {exc}") from exc
    return Step(name, table, select.sql(dialect="duckdb"), spark)


@functools.cache
def steps(name: str) -> tuple[Step, ...]:
    """The statements of one named query, each as the table it creates and its select in both dialects."""
    q = sql.get(name)
    if q.params:
        raise TranspileError(f"{name}: a rollup takes no parameters (it has {', '.join(q.params)})")
    return tuple(step(name, statement) for statement in sql.statements(q.text))
