"""The demo data tells the calibrated story, is deterministic, and is plainly fictitious."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from anning.load import demo
from tests.conftest import DEMO_SCALE


@pytest.fixture(scope="module")
def con(demo_db: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(":memory:")
    c.execute("attach $p as s (read_only)", {"p": str(demo_db)})
    c.execute("use s")
    return c


def one(con: duckdb.DuckDBPyConnection, q: str) -> object:
    return con.execute(q).fetchone()[0]


def test_2020_enforcement_matches_the_documents(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "select count(*) from takedowns where year(taken_at) = 2020 and target_type = 'port'") == 6861
    by_role = dict(
        con.execute(
            "select target_role, count(*) from enforcement where year(decided_on) = 2020 "
            "and action in ('notice', 'interview', 'fine') and authority in ('工业和信息化部', '省通信管理局') "
            "group by all"
        ).fetchall()
    )
    assert sum(by_role.values()) == 483
    assert by_role["port_company"] == 40 and by_role["operator"] == 62
    assert (
        one(con, "select count(*) from enforcement where year(decided_on) = 2020 and action = 'accountability'") == 35
    )
    other_departments = one(
        con,
        "select count(*) from enforcement where year(decided_on) = 2020 "
        "and authority not in ('工业和信息化部', '省通信管理局') and target_role = 'source_company'",
    )
    assert other_departments == 61


def test_2020_referable_leads_scale_to_38000(con: duckdb.DuckDBPyConnection) -> None:
    leads = one(
        con,
        "select count(*) from complaints c join ref_industry i on i.code = c.industry "
        "where c.quarter like '2020%' and c.company_key is not null "
        "and i.department_code not in ('', 'miit')",
    )
    assert leads == sum(round(v * DEMO_SCALE) for v in demo.LEADS_2020.values())


def test_sms_story(con: duckdb.DuckDBPyConnection) -> None:
    sms = dict(
        con.execute("select quarter, sum(complaints) from r_month where channel = 'sms' group by all").fetchall()
    )
    assert sms["2021Q1"] < min(v for q, v in sms.items() if q < "2021Q1")
    months = dict(
        con.execute(
            "select month(month), sum(complaints) from r_month where channel = 'sms' "
            "and year(month) between 2021 and 2025 group by all"
        ).fetchall()
    )
    for peak in (6, 11):
        assert months[peak] > 1.15 * months[peak - 1]
    shares = con.execute(
        "select industry, sum(complaints) / sum(sum(complaints)) over () s from r_month "
        "where channel = 'sms' and year(month) between 2022 and 2025 group by all "
        "order by s desc"
    ).fetchall()
    assert shares[0][0] == "loans_finance" and shares[0][1] > 0.30
    ops = con.execute(
        "select operator, sum(complaints) from r_month where channel = 'sms' group by all order by 2 desc"
    ).fetchall()
    assert ops[0][0] == "cmcc"


def test_resellers_are_over_represented_in_fraud(con: duckdb.DuckDBPyConnection) -> None:
    share = dict(
        con.execute(
            "select category, avg((o.kind = 'mvno')::int) from complaints c "
            "join ref_operator o on o.code = c.operator group by all"
        ).fetchall()
    )
    assert share["fraud"] > 4 * share["marketing"]


def test_operators_report_plausible_handling(con: duckdb.DuckDBPyConnection) -> None:
    """Most reports handled within days, resellers slower, a few pending at a quarter's end, more in the
    running quarter, and none of the old system's 2019 files carry a status."""
    assert one(con, "select count(*) from complaints where quarter like '2019%' and handling_status is not null") == 0
    rows = con.execute(
        "select o.kind, c.quarter = '2026Q4' as running, "
        "avg((handling_status = 'pending')::int) filter (where handling_status <> 'not_actionable') as pending, "
        "median(date_diff('day', received_at::date, handled_on)) as median_days, "
        "avg((date_diff('day', received_at::date, handled_on) <= 7)::int) as within_week "
        "from complaints c join ref_operator o on o.code = c.operator "
        "where c.quarter >= '2020Q1' group by all"
    ).fetchall()
    m = {(kind, running): (pending, median, week) for kind, running, pending, median, week in rows}
    basic, mvno = m[("basic", False)], m[("mvno", False)]
    assert basic[1] <= 2 and basic[2] > 0.95  # handled within days
    assert mvno[1] > basic[1] and mvno[2] < basic[2]  # resellers are slower
    assert 0.005 < basic[0] < 0.05 and mvno[0] > basic[0]  # a few pending at the quarter's end
    assert m[("basic", True)][0] > 1.5 * basic[0] and m[("mvno", True)][0] > mvno[0]  # the running quarter


def test_every_invented_name_is_marked(con: duckdb.DuckDBPyConnection) -> None:
    names = [
        r[0]
        for r in con.execute(
            "select distinct company from complaints where company is not null union "
            "select distinct port_company from complaints where port_company is not null "
            "union select distinct holder from takedowns where holder is not null"
        ).fetchall()
    ]
    assert names and all(n.endswith("（示例）") for n in names)
    resellers = [r[0] for r in con.execute("select name_zh from ref_operator where kind = 'mvno'").fetchall()]
    assert len(resellers) == 42 and all(n.endswith("（示例）") for n in resellers)
    subs = con.execute(
        "select sum(subscribers) filter (o.kind = 'mvno'), sum(subscribers) filter (o.kind = 'basic') "
        "from ref_subscribers s join ref_operator o on o.code = s.operator where year = 2016"
    ).fetchone()
    assert 30_000_000 < subs[0] < 31_000_000 and abs(subs[0] / subs[1] - 0.0227) < 0.0005


def test_generator_is_deterministic(tmp_path: Path) -> None:
    a = demo.generate(tmp_path / "a", scale=0.005, through=demo.dt.date(2019, 6, 30))
    b = demo.generate(tmp_path / "b", scale=0.005, through=demo.dt.date(2019, 6, 30))
    for fa, fb in zip(a.files, b.files, strict=True):
        if fa.suffix == ".csv":
            assert fa.read_bytes() == fb.read_bytes(), fa.name
