"""Every named query runs against a fixture store and returns exactly the columns its header declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from anning.store import db as store
from anning.store import sql

# Parameters for queries that take them; a query with a parameter missing here fails the test.
PARAMS: dict[str, object] = {
    "limit": 100,
    "quarter": "2024Q2",
    "prev_quarter": "2024Q1",
    "yoy_quarter": "2023Q2",
    "dim": "industry",
    "channel": None,
    "category": None,
    "key": "loans_finance",
    "first_quarter": "2019Q1",
    "last_quarter": "2026Q3",
    "lang": "en",
    "min_volume": 10,
    "top": 10,
    "company_key": "",
    "series": "total",
    "granularity": "quarter",
    "year": 2024,
    "department": "samr",
    "port_company_keys": ["n:none"],
    "operator_keys": ["cmcc"],
    "company_keys": ["n:none"],
    "name_key": "n:none",
    "search": "",
    "table_name": "published_list_entries",
    "operator_kind": None,
    "list_id": "EXP-2024Q2",
    "version": 1,
    "inventory_id": "INV-2024Q2",
    "draft_id": "EXP-2024Q2-D1",
    "quarters": ["2024Q2"],
    "dims": ["operator", "all", "kind"],
    "sla_days": 7,
    "lead_ids": ["C0000000001"],
}
# Statements that need the loader's staging views, or write, are exercised by the loader tests (scale_ and attach_:
# by tests/scale, on a rollup run's tables).
SKIP_PREFIXES = (
    "load_",
    "stage_",
    "norm_",
    "upsert_",
    "rollup_",
    "schema_",
    "batch_insert",
    "batch_file_insert",
    "meta_bump",
    "audit_append",
    "scale_",
    "attach_",
)


def select_queries() -> list[str]:
    return sorted(n for n, q in sql.registry().items() if q.returns and not n.startswith(SKIP_PREFIXES))


@pytest.mark.parametrize("name", select_queries())
def test_query_columns_match_declaration(demo_db: Path, name: str) -> None:
    q = sql.get(name)
    missing = [p for p in q.params if p not in PARAMS]
    assert not missing, f"add test parameters for {missing}"
    reader = store.Reader(demo_db)
    try:
        df = reader.query(name, {p: PARAMS[p] for p in q.params})
    finally:
        reader.close()
    assert tuple(df.columns) == q.returns


def test_statements_declare_nothing() -> None:
    for name, q in sql.registry().items():
        if name.startswith(
            ("schema_", "rollup_", "audit_append", "batch_insert", "meta_bump", "scale_", "attach_catalog")
        ):
            assert q.returns == (), name


def test_unknown_parameter_is_refused(demo_db: Path) -> None:
    reader = store.Reader(demo_db)
    try:
        with pytest.raises(ValueError, match="needs parameters"):
            reader.query("batch_warnings", {})
    finally:
        reader.close()
