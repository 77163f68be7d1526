"""The demo data tells the calibrated story, is deterministic, and is plainly fictitious."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from anning.enforcement import authority
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


def enforcement_2020(con: duckdb.DuckDBPyConnection):  # type: ignore[no-untyped-def]
    acts = con.execute("select * from enforcement where year(decided_on) = 2020").df()
    return authority.classify_frame(acts)


def test_2020_enforcement_matches_the_documents(con: duckdb.DuckDBPyConnection) -> None:
    assert one(con, "select count(*) from takedowns where year(taken_at) = 2020 and target_type = 'port'") == 6861
    acts = enforcement_2020(con)
    telecom = acts[(acts.authority_type == "telecom") & acts.action.isin(["notice", "interview", "fine"])]
    by_role = telecom.groupby("target_role").size().to_dict()
    assert sum(by_role.values()) == 483
    assert by_role["port_company"] == 40 and by_role["operator"] == 62
    internal = acts[acts.authority_type == "operator_internal"]
    assert len(internal) == 35 and set(internal.action) == {"accountability"}
    # The 61 serious source companies other departments dealt with: 61 companies, once each.
    other = acts[(acts.authority_type == "other_department") & (acts.target_role == "source_company")]
    assert len(other) == 61 and other.target_key.nunique() == 61
    # Named as they were in 2020: 银保监会, never its 2023 successor.
    assert "中国银行保险监督管理委员会" in set(other.authority)
    assert not (other.authority_code == "nfra").any() and not other.authority_renamed.any()
    # Provincial administrations are named after their province, as real ones are.
    assert telecom.authority.str.fullmatch(r"工业和信息化部|.+(省|市|自治区)通信管理局").all()


def test_takedowns_vary_by_quarter_and_nothing_is_dated_after_the_data(con: duckdb.DuckDBPyConnection) -> None:
    per_q = dict(
        con.execute(
            "select quarter, count(*) from takedowns where target_type = 'port' and quarter like '202%' group by all"
        ).fetchall()
    )
    for year in (2020, 2021, 2022, 2023, 2024, 2025):
        got = [per_q[f"{year}Q{k}"] for k in (1, 2, 3, 4)]
        assert sum(got) == demo.PORTS_SHUT[year] and len(set(got)) == 4  # not an even split
        assert got == demo.port_takedown_targets(year)
    as_of = one(con, "select max(received_at)::date from complaints")
    assert one(con, "select max(decided_on) from enforcement") <= as_of
    assert one(con, "select max(taken_at) from takedowns") <= as_of


def test_sms_complaints_carry_their_message(con: duckdb.DuckDBPyConnection) -> None:
    n, with_text, signed = con.execute(
        "select count(*), count(content), count(*) filter (where content like '【' || company || '】%') "
        "from complaints where channel = 'sms'"
    ).fetchone()
    assert n > 0 and with_text == n and signed > n / 3  # signed by the (invented) company that sent it
    assert one(con, "select count(content) from complaints where channel = 'call'") == 0


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
