"""Handling measures on the hand-worked store (tests/handling_store.py), the quantiles against DuckDB's own,
and the ``python -m anning handling`` command."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from anning.analysis import handling
from anning.cli import main as cli
from anning.store import db as store
from anning.store import sql
from tests import handling_store

TODAY = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def handling_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return handling_store.build(tmp_path_factory.mktemp("handling"))


@pytest.fixture()
def reader(handling_db: Path):  # type: ignore[no-untyped-def]
    r = store.Reader(handling_db)
    yield r
    r.close()


def _row(h: handling.Handling, key: str) -> pd.Series:
    rows = h.rows.set_index("key")
    assert key in rows.index, list(rows.index)
    return rows.loc[key]


def test_operator_measures_match_the_hand_worked_numbers(reader: store.Reader) -> None:
    h = handling.measures(reader, "2024Q2", "operator", "en", today=TODAY)
    assert h.state == "ok" and h.complete and h.data_as_of == dt.date(2024, 6, 30)
    cmcc = _row(h, "cmcc")
    assert (cmcc.forwarded, cmcc.handled, cmcc.pending, cmcc.not_actionable) == (11, 6, 2, 3)
    assert cmcc.handling_rate == pytest.approx(0.75)
    assert cmcc.median_days == pytest.approx(1.0)
    assert cmcc.p90_days == pytest.approx(7.2)
    assert cmcc.within_sla_share == pytest.approx(0.8)
    assert (cmcc.timed, cmcc.within_sla, cmcc["name"], cmcc.kind) == (5, 4, "China Mobile", "basic")
    mvno = _row(h, "mvno01")
    assert (mvno.forwarded, mvno.handled, mvno.kind) == (2, 2, "mvno")
    assert mvno.handling_rate == pytest.approx(1.0)
    assert mvno.median_days == pytest.approx(5.5)
    assert mvno.p90_days == pytest.approx(8.3)
    assert mvno.within_sla_share == pytest.approx(0.5)
    # Most forwarded first.
    assert list(h.rows.key) == ["cmcc", "ctcc", "mvno01", "cucc"]


def test_not_actionable_reports_are_left_out_of_the_rate(reader: store.Reader) -> None:
    h = handling.measures(reader, "2024Q2", "operator", "en", today=TODAY)
    cmcc = _row(h, "cmcc")
    # 6 handled of 11 forwarded, 3 of them not actionable: 6 / 8, not 6 / 11.
    assert cmcc.handling_rate == pytest.approx(6 / 8)
    assert cmcc.handling_rate != pytest.approx(6 / 11)
    # An operator whose only report was not actionable has no rate at all, not 0%.
    cucc = _row(h, "cucc")
    assert (cucc.forwarded, cucc.not_actionable) == (1, 1)
    assert pd.isna(cucc.handling_rate) and pd.isna(cucc.median_days) and pd.isna(cucc.within_sla_share)


def test_complaints_without_status_count_as_forwarded_only(reader: store.Reader) -> None:
    h = handling.measures(reader, "2024Q2", "operator", "en", today=TODAY)
    ctcc = _row(h, "ctcc")
    assert (ctcc.forwarded, ctcc.no_status, ctcc.handled, ctcc.pending) == (4, 4, 0, 0)
    assert pd.isna(ctcc.handling_rate)
    assert any("4 complaints" in line for line in handling.methodology(h, "en"))


def test_national_and_per_kind_totals(reader: store.Reader) -> None:
    h = handling.measures(reader, "2024Q2", "operator", "en", today=TODAY)
    n = h.national
    assert n is not None
    assert (n.forwarded, n.handled, n.pending, n.not_actionable, n.no_status) == (18, 8, 2, 4, 4)
    assert n.handling_rate == pytest.approx(0.8)
    assert n.median_days == pytest.approx(2.0)
    assert n.p90_days == pytest.approx(9.4)
    assert n.within_sla_share == pytest.approx(5 / 7)
    basic, mvno = h.groups["basic"], h.groups["mvno"]
    assert (basic.forwarded, basic.handled, basic.pending) == (16, 6, 2)
    assert basic.handling_rate == pytest.approx(0.75) and basic.p90_days == pytest.approx(7.2)
    assert (mvno.forwarded, mvno.handling_rate, mvno.median_days) == (2, pytest.approx(1.0), pytest.approx(5.5))


def test_province_measures(reader: store.Reader) -> None:
    h = handling.measures(reader, "2024Q2", "province", "zh", today=TODAY)
    gd, bj = _row(h, "440000"), _row(h, "110000")
    assert gd["name"] == "广东省" or gd["name"].startswith("广东")
    assert (gd.forwarded, gd.handled, gd.pending) == (10, 6, 0)
    assert gd.handling_rate == pytest.approx(1.0)
    assert gd.median_days == pytest.approx(1.5) and gd.p90_days == pytest.approx(6.0)
    assert gd.within_sla_share == pytest.approx(5 / 6)
    assert (bj.forwarded, bj.handled, bj.pending, bj.not_actionable) == (8, 2, 2, 4)
    assert bj.handling_rate == pytest.approx(0.5)
    assert bj.median_days == pytest.approx(10.0) and bj.p90_days == pytest.approx(10.0)
    assert bj.within_sla_share == pytest.approx(0.0)


@pytest.mark.parametrize(("days", "share"), [(0, 1 / 5), (1, 3 / 5), (3, 4 / 5), (9, 4 / 5), (10, 1.0)])
def test_the_service_level_is_a_setting(reader: store.Reader, days: int, share: float) -> None:
    h = handling.measures(reader, "2024Q2", "operator", "en", sla_days=days, today=TODAY)
    assert _row(h, "cmcc").within_sla_share == pytest.approx(share)
    assert h.sla_days == days


def test_a_quarter_without_status_data_says_so_and_is_never_zero(reader: store.Reader) -> None:
    h = handling.measures(reader, "2024Q1", "operator", "en", today=TODAY)
    assert h.state == "no_status" and not h.has_status
    assert h.rows.empty and h.national is None
    assert handling.below_threshold(h).empty
    trend = handling.trend(reader, ["2024Q1", "2024Q2"], "en")
    q1 = trend[trend.quarter == "2024Q1"]
    assert list(q1.group) == ["all"] and not q1.has_status.iloc[0]
    assert int(q1.forwarded.iloc[0]) == 3 and q1.handling_rate.isna().all()
    q2 = trend[trend.quarter == "2024Q2"].set_index("group")
    assert list(q2.index) == ["all", "basic", "mvno"]
    assert q2.handling_rate["all"] == pytest.approx(0.8) and q2.handling_rate["basic"] == pytest.approx(0.75)


def test_a_quarter_without_complaints(reader: store.Reader) -> None:
    assert handling.measures(reader, "2023Q4", "operator", "en", today=TODAY).state == "no_complaints"


def test_a_store_built_before_the_rollup_is_unavailable(handling_db: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.duckdb"
    shutil.copyfile(handling_db, old)
    con = duckdb.connect(str(old))
    con.execute("drop table r_handling")
    con.close()
    r = store.Reader(old)
    try:
        assert not handling.available(r)
        assert handling.measures(r, "2024Q2").state == "unavailable"
        assert handling.trend(r, ["2024Q2"]).empty
    finally:
        r.close()


def test_a_partial_quarter_is_marked(reader: store.Reader) -> None:
    # Seen on 2024-06-15, the data (to 2024-06-30) cannot cover a quarter that is not over.
    h = handling.measures(reader, "2024Q2", "operator", "en", today=dt.date(2024, 6, 15))
    assert not h.complete
    assert any("not over" in line for line in handling.methodology(h, "en"))


def test_operators_below_the_threshold(reader: store.Reader) -> None:
    h = handling.measures(reader, "2024Q2", "operator", "en", today=TODAY)
    low = handling.below_threshold(h, 0.9, min_reports=5)
    assert list(low.key) == ["cmcc"]  # 0.75 on 8 actionable; mvno01 is at 100%, cucc and ctcc have no rate
    assert handling.below_threshold(h, 0.9, min_reports=9).empty  # 8 actionable reports are too few
    # Per province, the operators are still at hand (a province does not handle reports; an operator does).
    by_province = handling.measures(reader, "2024Q2", "province", "en", today=TODAY)
    assert list(handling.below_threshold(by_province, 0.9, min_reports=5).key) == ["cmcc"]
    assert handling.below_threshold(h, 0.75, min_reports=5).empty  # at the threshold is not below it
    with pytest.raises(ValueError, match="threshold"):
        handling.below_threshold(h, 90)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="dimension"):
        handling.validate("2024Q2", "industry")
    with pytest.raises(ValueError, match="service level"):
        handling.validate("2024Q2", "operator", -1)
    with pytest.raises(ValueError, match="service level"):
        handling.validate("2024Q2", "operator", 7.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        handling.validate("2024Q5")


def test_display_frame_in_both_languages(reader: store.Reader) -> None:
    h = handling.measures(reader, "2024Q2", "operator", "zh", today=TODAY)
    zh = handling.display_frame(h.rows, "operator", "zh", sla_days=5)
    assert list(zh.columns)[:3] == ["电信企业", "类型", "转办量"]
    assert "5日内处理占比%" in zh.columns and "处理率%" in zh.columns
    assert zh["处理率%"].iloc[0] == pytest.approx(75.0)
    en = handling.display_frame(h.rows, "province", "en")
    assert "Within 7 days %" in en.columns and "Handling rate %" in en.columns and "Type" not in en.columns


# --------------------------------------------------------------------------- the quantiles against DuckDB


def test_histogram_quantiles_equal_duckdbs_quantile_cont() -> None:
    """Random weighted days per operator: the rollup's histogram quantiles equal quantile_cont over the
    expanded reports, for odd, even and one-report groups."""
    rng = np.random.default_rng(7)
    rows = []
    for op, n in (("a", 1), ("b", 2), ("c", 7), ("d", 40), ("e", 301)):
        for i in range(n):
            rows.append((f"{op}{i}", op, int(rng.integers(0, 40)), int(rng.integers(1, 4))))
    con = duckdb.connect()
    sql.execute(con, "schema_data")
    con.execute("alter table complaints add column if not exists handling_status varchar")
    con.execute("alter table complaints add column if not exists handled_on date")
    con.execute("create table ref_operator (code varchar, name_zh varchar, name_en varchar, kind varchar)")
    con.execute("create table ref_province (adcode varchar, name_zh varchar, name_en varchar)")
    frame = pd.DataFrame(rows, columns=["complaint_id", "operator", "days", "count"])
    frame["received_at"] = pd.Timestamp("2024-04-01 12:00")
    frame["handled_on"] = (pd.Timestamp("2024-04-01") + pd.to_timedelta(frame.days, unit="D")).dt.date
    frame["quarter"] = "2024Q2"
    frame["handling_status"] = "handled"
    con.register("f", frame.drop(columns="days"))
    con.execute("insert into complaints by name select * from f")
    sql.execute(con, "rollup_handling")
    ours = sql.run(
        con, "handling_measures", {"quarters": ["2024Q2"], "dims": ["operator"], "sla_days": 7, "lang": "en"}
    )
    theirs = con.execute(
        "select operator as key, quantile_cont(d, 0.5) as m, quantile_cont(d, 0.9) as p, "
        "avg((d <= 7)::int) as s from (select operator, date_diff('day', received_at::date, handled_on) as d "
        'from complaints, range("count")) group by all'
    ).df()
    both = ours.merge(theirs, on="key")
    assert len(both) == 5
    np.testing.assert_allclose(both.median_days.astype(float), both.m, rtol=0, atol=1e-9)
    np.testing.assert_allclose(both.p90_days.astype(float), both.p, rtol=0, atol=1e-9)
    np.testing.assert_allclose(both.within_sla_share.astype(float), both.s, rtol=0, atol=1e-9)


# --------------------------------------------------------------------------- the command


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json_gives_the_fields_with_nulls(handling_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "handling", "--quarter", "2024q2", "--db", str(handling_db))
    assert code == 0 and "Traceback" not in err
    rows = json.loads(out)
    assert [list(r) for r in rows] == [list(handling.FIELDS)] * 4
    by_key = {r["key"]: r for r in rows}
    assert by_key["cmcc"] == {
        "key": "cmcc",
        "name": "China Mobile",
        "forwarded": 11,
        "handled": 6,
        "pending": 2,
        "not_actionable": 3,
        "handling_rate": 0.75,
        "median_days": 1.0,
        "p90_days": pytest.approx(7.2),
        "within_sla_share": 0.8,
    }
    assert by_key["cucc"]["handling_rate"] is None and by_key["cucc"]["median_days"] is None
    assert by_key["cucc"]["within_sla_share"] is None and by_key["cucc"]["p90_days"] is None


def test_cli_csv_by_province_with_a_service_level(handling_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(
        capsys, "handling", "--quarter", "2024Q2", "--by", "province", "--format", "csv", "--sla-days", "10",
        "--lang", "zh", "--db", str(handling_db),
    )  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    table = [ln for ln in lines if not ln.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(table))))
    assert list(rows[0]) == list(handling.FIELDS)
    gd = next(r for r in rows if r["key"] == "440000")
    bj = next(r for r in rows if r["key"] == "110000")
    assert gd["name"].startswith("广东") and gd["forwarded"] == "10" and float(gd["median_days"]) == 1.5
    assert float(gd["within_sla_share"]) == 1.0  # at 10 days the 9-day report is within the level (5/6 at 7)
    assert float(bj["within_sla_share"]) == 1.0 and float(bj["handling_rate"]) == 0.5
    assert any(ln.startswith("# ") and "10日内" in ln for ln in lines)  # the methodology says which level


def test_cli_csv_leaves_nothing_to_compute_empty(handling_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(capsys, "handling", "--quarter", "2024Q2", "--format", "csv", "--db", str(handling_db))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO("\n".join(ln for ln in out.splitlines() if not ln.startswith("#")))))
    cucc = next(r for r in rows if r["key"] == "cucc")
    assert cucc["handling_rate"] == "" and cucc["median_days"] == "" and cucc["not_actionable"] == "1"


def test_cli_no_status_quarter_is_an_error_not_zeros(handling_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _cli(capsys, "handling", "--quarter", "2024Q1", "--db", str(handling_db))
    assert code == 3 and out == ""
    assert "no handling status" in err and "not a rate of 0%" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--quarter", "2024Q9"], "quarter"),
        (["--quarter", "2024Q2", "--sla-days", "-3"], "from 0 to"),
        (["--quarter", "2024Q2", "--sla-days", "week"], "whole number"),
    ],
)
def test_cli_bad_input_is_a_clear_error(
    handling_db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        code = cli.main(["handling", *argv, "--db", str(handling_db)])
    except SystemExit as exc:  # argparse's own usage error
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code != 0 and message in err and "Traceback" not in err


def test_cli_without_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "none" / "anning.duckdb"
    code, _, err = _cli(capsys, "handling", "--quarter", "2024Q2", "--db", str(db))
    assert code == 2 and "no store" in err and not db.exists()


# --------------------------------------------------------------------------- where users see it


def test_operator_rankings_carry_the_handling_rate(reader: store.Reader) -> None:
    from anning.analysis import rankings

    spec = rankings.RankSpec("operator", "2024Q2", min_volume=0)
    table = rankings.rank(reader, spec, "en", today=TODAY).table.set_index("key")
    assert table.handling_rate["cmcc"] == pytest.approx(0.75) and table.median_days["cmcc"] == pytest.approx(1.0)
    assert pd.isna(table.handling_rate["cucc"])  # nothing to compute
    view = rankings.display_frame(table.reset_index(), "operator", "zh")
    assert view["处理率%"].iloc[0] == pytest.approx(75.0)
    assert any("处理率%" in line for line in rankings.methodology(spec, "zh"))
    # A quarter without status data: blank, not 0%.
    q1 = rankings.rank(reader, rankings.RankSpec("operator", "2024Q1", min_volume=0), "en", today=TODAY).table
    assert len(q1) and q1.handling_rate.isna().all() and q1.median_days.isna().all()


def test_a_headline_names_operators_below_the_threshold(reader: store.Reader) -> None:
    from anning.analysis import headlines

    h = handling.measures(reader, "2024Q2", "operator", "zh", today=TODAY)
    zh = headlines.handling_sentence(h, "zh", threshold=0.9, min_reports=5)
    assert zh == "2024年第二季度，中国移动（75.0%）对转办举报的处理率低于90%。"
    en = headlines.handling_sentence(
        handling.measures(reader, "2024Q2", "operator", "en", today=TODAY), "en", threshold=0.9, min_reports=5
    )
    assert en == "In 2024Q2, China Mobile (75.0%) handled fewer than 90% of the reports forwarded to them."
    # Many below: the lowest named, the rest counted.
    rows = pd.concat([h.rows.iloc[[0]]] * 4, ignore_index=True).assign(
        key=[f"k{i}" for i in range(4)], name=[f"企业{i}" for i in range(4)], handled=60, pending=40
    )
    rows["handling_rate"] = pd.array([0.5, 0.6, 0.6, 0.6], dtype="Float64")
    many = dataclasses.replace(h, rows=rows, operators=rows)
    assert headlines.handling_sentence(many, "zh", threshold=0.9, min_reports=30, most=2) == (
        "2024年第二季度，企业0（50.0%）、企业1（60.0%）等4家企业对转办举报的处理率低于90%。"
    )
    assert headlines.handling_sentence(many, "en", threshold=0.9, min_reports=30, most=2) == (
        "In 2024Q2, 4 operators, among them 企业0 (50.0%) and 企业1 (60.0%), handled fewer than 90% of the "
        "reports forwarded to them."
    )
    assert headlines.handling_sentence(h, "zh", threshold=0.9) is None  # 8 reports are fewer than 30
    # Not for a quarter that is not over, nor one without status data.
    running = handling.measures(reader, "2024Q2", "operator", "zh", today=dt.date(2024, 6, 20))
    assert headlines.handling_sentence(running, "zh", threshold=0.9, min_reports=5) is None
    q1 = handling.measures(reader, "2024Q1", "operator", "zh", today=TODAY)
    assert headlines.handling_sentence(q1, "zh", threshold=0.9, min_reports=0) is None
