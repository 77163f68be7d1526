"""The named-query registry: one hand-written SQL file per query in ``queries/``.

Each file starts with a header comment::

    -- name: rank_dimension
    -- One line or more saying what the query returns and which $params it takes.
    -- returns: quarter, key, complaints

``returns`` declares the result columns (``nothing`` for DDL and DML); a test
runs every query against a fixture store and checks them.

Values reach SQL only as DuckDB ``$name`` parameters. :func:`run` passes just the
parameters a query names, so callers can hand over a shared settings dict.

A few loader statements work on a table chosen at run time (the staging table of a kind, say). Their
files name it with a placeholder, ``{{stage}}``, filled by :func:`bind` from ``idents``: each value
must be a plain lowercase identifier from the caller's whitelist, and is double-quoted. No SQL text
lives in Python; values are never placeholders.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from anning.core.config import QUERIES_DIR

_IDENT_RE = re.compile(r"^[a-z_][a-z0-9_]*$")
_PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME_RE = re.compile(r"^--\s*name:\s*([a-z0-9_]+)\s*$", re.M)
_RETURNS_RE = re.compile(r"^--\s*returns:\s*(.+?)\s*$", re.M)
_IDENT_SLOT_RE = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")

# The rollup queries (the pre-aggregated r_* tables every page reads; rollup_X builds r_X), in the order they
# must run: rollup_company_takedowns reads r_ports and r_company_ports. The loader and the scale-out engines
# both run exactly these.
ROLLUPS = (
    "rollup_rank",
    "rollup_month",
    "rollup_company",
    "rollup_chain",
    "rollup_ports",
    "rollup_names",
    "rollup_company_ports",
    "rollup_company_takedowns",
    "rollup_handling",
)


@dataclass(frozen=True)
class Query:
    """A parsed query file."""

    name: str
    path: Path
    text: str
    doc: str
    params: tuple[str, ...]
    returns: tuple[str, ...]  # declared result columns; empty for DDL/DML ("-- returns: nothing")
    slots: tuple[str, ...] = ()  # identifier placeholders ({{name}}), filled from a whitelist


def _strip_comments(text: str) -> str:
    """Drop ``--`` comments that are outside string literals (so a comment's $word is not a parameter)."""
    out: list[str] = []
    for line in text.splitlines():
        in_quote = False
        cut = len(line)
        for i, ch in enumerate(line):
            if ch == "'":
                in_quote = not in_quote
            elif not in_quote and line.startswith("--", i):
                cut = i
                break
        out.append(line[:cut])
    return "\n".join(out)


@functools.cache
def registry() -> dict[str, Query]:
    """All queries by name; the file stem must equal the declared name."""
    out: dict[str, Query] = {}
    for path in sorted(QUERIES_DIR.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        m = _NAME_RE.search(text)
        if not m or m.group(1) != path.stem:
            raise RuntimeError(f"{path.name}: header must declare '-- name: {path.stem}'")
        r = _RETURNS_RE.search(text)
        if not r:
            raise RuntimeError(f"{path.name}: header must declare '-- returns: col, col' (or nothing)")
        returns = () if r.group(1) == "nothing" else tuple(c.strip() for c in r.group(1).split(","))
        doc = " ".join(
            line[2:].strip()
            for line in text.splitlines()[1:]
            if line.startswith("--") and not line.startswith(("-- name:", "-- returns:"))
        )
        params = tuple(dict.fromkeys(_PARAM_RE.findall(_strip_comments(text))))
        slots = tuple(dict.fromkeys(_IDENT_SLOT_RE.findall(_strip_comments(text))))
        out[m.group(1)] = Query(m.group(1), path, text, doc, params, returns, slots)
    return out


def get(name: str) -> Query:
    """Look a query up by name."""
    try:
        return registry()[name]
    except KeyError:
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}") from None


def bind(name: str, params: dict[str, Any] | None, idents: dict[str, str] | None = None) -> tuple[str, dict[str, Any]]:
    """The query text (identifier slots filled) and exactly the parameters it uses; a missing one is an error."""
    q = get(name)
    params = params or {}
    missing = [p for p in q.params if p not in params]
    if missing:
        raise ValueError(f"query {name} needs parameters: {', '.join(missing)}")
    text = q.text
    if q.slots:
        idents = idents or {}
        unfilled = [s for s in q.slots if s not in idents]
        if unfilled:
            raise ValueError(f"query {name} needs identifiers: {', '.join(unfilled)}")
        text = _IDENT_SLOT_RE.sub(lambda m: ident(idents[m.group(1)]), text)
    return text, {p: params[p] for p in q.params}


def statements(text: str) -> list[str]:
    """Split a file into statements at a semicolon that ends a line.

    DuckDB prepares one statement at a time when parameters are bound, so a
    multi-statement file (schema, upserts) runs statement by statement.
    """
    parts = re.split(r";[ \t]*(?:--[^\n]*)?\n", text + "\n")
    return [p.strip() for p in parts if _strip_comments(p).strip()]


def _run_all(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None, idents: dict[str, str] | None = None
) -> duckdb.DuckDBPyConnection:
    text, bound = bind(name, params, idents)
    result = con
    for stmt in statements(text):
        used = {p: bound[p] for p in dict.fromkeys(_PARAM_RE.findall(_strip_comments(stmt)))}
        result = con.execute(stmt, used) if used else con.execute(stmt)
    return result


def execute_counts(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    idents: dict[str, str] | None = None,
) -> list[int]:
    """Run a script statement by statement; the row count each DML statement reports."""
    text, bound = bind(name, params, idents)
    counts = []
    for stmt in statements(text):
        used = {p: bound[p] for p in dict.fromkeys(_PARAM_RE.findall(_strip_comments(stmt)))}
        rows = (con.execute(stmt, used) if used else con.execute(stmt)).fetchall()
        counts.append(int(rows[0][0]) if rows and rows[0] and isinstance(rows[0][0], int) else 0)
    return counts


def run(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    idents: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Run a named query on ``con`` (a cursor the caller owns); the last statement's rows as a DataFrame."""
    return _run_all(con, name, params, idents).df()


def rows(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    idents: dict[str, str] | None = None,
) -> list[tuple[Any, ...]]:
    """Run a named query; the last statement's rows as tuples (no pandas round trip for small results)."""
    return _run_all(con, name, params, idents).fetchall()


def relation(
    con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None
) -> duckdb.DuckDBPyRelation:
    """A named select query as a lazy relation (to register as a view, or read in batches)."""
    text, bound = bind(name, params)
    stmts = statements(text)
    if len(stmts) != 1:
        raise ValueError(f"query {name} is not a single statement")
    return con.sql(stmts[0], params=bound)


def execute(
    con: duckdb.DuckDBPyConnection,
    name: str,
    params: dict[str, Any] | None = None,
    idents: dict[str, str] | None = None,
) -> None:
    """Run a named statement or script (DDL or DML) on ``con`` itself, inside its transaction."""
    _run_all(con, name, params, idents)


def ident(name: str, allowed: frozenset[str] | set[str] | tuple[str, ...] | None = None) -> str:
    """A checked, double-quoted SQL identifier: lowercase word characters only, from ``allowed`` if given.

    Dynamic identifiers (staging table names, contract column names) go through
    here; values never do: they are ``$params``.
    """
    if not _IDENT_RE.match(name) or (allowed is not None and name not in allowed):
        raise ValueError(f"not an allowed SQL identifier: {name!r}")
    return f'"{name}"'


def compose(template: str, **idents: str) -> str:
    """Fill ``{placeholders}`` in a statement template with checked identifiers (never values)."""
    return template.format(**{k: ident(v) for k, v in idents.items()})
