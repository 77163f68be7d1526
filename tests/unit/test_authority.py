"""Enforcement by deciding authority, on records written by hand (tests/data/heldout_enforcement.csv), not by
the demo generator: an above-cap fine, another department's fine, operators' internal accountability, a local
administration, a blank authority, an unrecognised one, and a department named before it existed.

Worked by hand for 2024Q2 (ten actions):

* telecom: H-01 (¥35,000 without illegal gains: above the ¥10,000 cap, under legal review), H-02 (¥8,000),
  H-03 (¥30,000 with ¥12,000 gains: exactly at the cap, lawful), H-07 (blank authority), H-10 (¥12,000 with
  ¥5,000 gains, cap ¥15,000): 5 actions, 4 targets, fines ¥50,000 within the cap;
* other departments: H-04 (金融监管总局, ¥50,000 under its own law), H-06 (北京市市场监督管理局), H-11 (an
  association nobody recognises, kept under its own name): 3 actions, 3 targets, ¥50,000;
* operators' internal: H-05 (accountability), H-08 (an operator's branch as the authority): 2 actions.

H-09 (2020) names 国家金融监督管理总局, founded in 2023: it counts under 银保监会 and is flagged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from anning.cli import main as cli
from anning.enforcement import actions as enf
from anning.enforcement import authority
from anning.load import loader
from anning.store import db as store
from anning.store import reference
from tests.helpers import COMPLAINT_HEADER, TODAY, complaint, write_csv

HELD_OUT = Path(__file__).resolve().parents[1] / "data" / "heldout_enforcement.csv"


@pytest.fixture(scope="module")
def heldout_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("heldout")
    rows = [complaint(i, received_at="2024-05-03 10:00:00") for i in range(5)]
    rows += [complaint(100 + i, received_at="2020-08-03 10:00:00") for i in range(5)]
    db = tmp / "store" / "anning.duckdb"
    report = loader.load([write_csv(tmp / "c.csv", COMPLAINT_HEADER, rows), HELD_OUT], db, user="t", today=TODAY)
    assert report.ok, report.lines()
    return db


@pytest.fixture()
def acts(heldout_db: Path):  # type: ignore[no-untyped-def]
    r = store.Reader(heldout_db)
    try:
        yield enf.actions(r)
    finally:
        r.close()


def test_each_record_gets_its_authority(acts) -> None:  # type: ignore[no-untyped-def]
    got = dict(zip(acts.case_id, acts.authority_type, strict=True))
    assert got == {
        "H-01": "telecom",
        "H-02": "telecom",
        "H-03": "telecom",
        "H-04": "other_department",
        "H-05": "operator_internal",
        "H-06": "other_department",
        "H-07": "telecom",
        "H-08": "operator_internal",
        "H-09": "other_department",
        "H-10": "telecom",
        "H-11": "other_department",
    }
    a = acts.set_index("case_id")
    assert a.loc["H-04", "authority_code"] == "nfra" and not a.loc["H-04", "authority_renamed"]
    assert a.loc["H-09", "authority_code"] == "cbirc" and a.loc["H-09", "authority_renamed"]
    names = dict(zip(acts.case_id, authority.authority_names(acts, "zh"), strict=True))
    assert names["H-09"] == "中国银行保险监督管理委员会"
    assert names["H-04"] == "国家金融监督管理总局"
    assert names["H-06"] == "北京市市场监督管理局"  # a local body keeps its own name
    assert names["H-11"] == "某某行业协会"  # unrecognised: named as recorded, never the ministry's
    assert names["H-07"] == "电信管理机构"  # blank: the type, not a body it may not have been
    en = dict(zip(acts.case_id, authority.authority_names(acts, "en"), strict=True))
    # A local body in English: its province and function, never its Chinese name inside English text.
    assert en["H-02"] == "Guangdong Communications Administration"
    assert en["H-06"] == "Beijing Administration for Market Regulation"
    assert en["H-09"] == "China Banking and Insurance Regulatory Commission"


def test_by_authority_and_the_fine_total(acts) -> None:  # type: ignore[no-untyped-def]
    ba = authority.by_authority(acts, "2024Q2").set_index("authority_type")
    assert list(ba.index) == list(authority.TYPES)
    assert ba["actions"].to_dict() == {"telecom": 5, "other_department": 3, "operator_internal": 2}
    assert int(ba["actions"].sum()) == int((acts.quarter == "2024Q2").sum()) == 10
    assert ba.loc["telecom", "targets"] == 4  # 丙丁 twice (H-02, H-07)
    assert ba.loc["telecom", "fines_yuan"] == 50_000 and ba.loc["telecom", "fines"] == 3
    assert ba.loc["telecom", "under_review"] == 1 and ba.loc["telecom", "under_review_yuan"] == 35_000
    assert ba.loc["other_department", "fines_yuan"] == 50_000
    assert ba.loc["other_department", "under_review"] == 0  # the SMS cap is not theirs to meet
    assert ba.loc["operator_internal", "fines_yuan"] == 0
    fs = authority.fine_summary(acts, "2024Q2")
    assert fs.total_yuan == 50_000 and fs.count == 3
    assert list(fs.under_review.case_id) == ["H-01"] and fs.under_review.cap_yuan.iloc[0] == 10_000
    assert fs.other_yuan == 50_000 and fs.other_count == 1
    zh = fs.sentence("zh")
    assert "电信管理机构罚款3笔，合计50,000元" in zh and "法律审核" in zh and "未计入" in zh
    # The cap list is the telecom fines above the cap: H-04's ¥50,000 is another department's.
    assert list(enf.fines_over_cap(acts, "2024Q2").case_id) == ["H-01"]
    departments = authority.by_department(acts, "2024Q2", "zh").set_index("department")
    assert departments.loc["国家金融监督管理总局", "fines_yuan"] == 50_000
    assert set(departments.index) == {"国家金融监督管理总局", "北京市市场监督管理局", "某某行业协会"}
    # Table 8 by authority: the ministry's own actions alone.
    assert int(enf.action_counts(acts, "2024Q2", "telecom").actions.sum()) == 5


def test_cli_json_on_the_held_out_records(heldout_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["enforcement", "--quarter", "2024Q2", "--format", "json", "--db", str(heldout_db)])
    out = capsys.readouterr()
    assert code == 0, out.err
    doc = json.loads(out.out)
    assert doc["fines_total_yuan"] == 50_000  # H-01's ¥35,000 above the cap is not in it
    by = doc["by_authority"]
    assert set(by) == set(authority.TYPES)
    assert sum(v["actions"] for v in by.values()) == sum(r["actions"] for r in doc["action_counts"]) == 10
    assert by["telecom"]["under_review_yuan"] == 35_000 and by["other_department"]["fines_yuan"] == 50_000
    assert [r["case_id"] for r in doc["fines_over_cap"]] == ["H-01"]


def test_the_overview_prints_the_same_fine_total(heldout_db: Path) -> None:
    from anning.analysis import overview

    r = store.Reader(heldout_db)
    try:
        ov = overview.build(r, "2024Q2", "zh", today=TODAY)
    finally:
        r.close()
    assert ov.kpi("fines").value == 50_000  # not 185,000: the over-cap and other-department fines are left out
    assert ov.kpi("actions").value == 10


@pytest.mark.parametrize(
    ("code", "on", "industry", "expected"),
    [
        ("nfra", dt.date(2020, 5, 1), None, "cbirc"),
        ("nfra", dt.date(2023, 5, 17), None, "cbirc"),
        ("nfra", dt.date(2023, 5, 18), None, "nfra"),
        ("cbirc", dt.date(2024, 5, 1), None, "nfra"),
        ("nfra", dt.date(2016, 5, 1), "insurance", "circ"),
        ("nfra", dt.date(2016, 5, 1), "loans_finance", "cbrc"),
        ("samr", dt.date(2017, 1, 1), "health_food", "cfda"),
        ("samr", dt.date(2017, 1, 1), "retail", "saic"),
        ("mct", dt.date(2017, 1, 1), "tourism", "cnta"),
        ("nhc", dt.date(2016, 1, 1), "medical", "nhfpc"),
        ("mps", dt.date(2010, 1, 1), None, "mps"),
        ("saic", dt.date(2024, 1, 1), None, "samr"),
    ],
)
def test_departments_are_valid_in_time(code: str, on: dt.date, industry: str | None, expected: str) -> None:
    assert reference.department_at(code, on, industry) == expected
    assert reference.department_valid(expected, on)


def test_department_names_match() -> None:
    assert reference.match_department("银保监会") == ("cbirc", True)
    assert reference.match_department("国家金融监督管理总局") == ("nfra", True)
    assert reference.match_department("广东省通信管理局") == ("ca", False)
    assert reference.match_department("上海市公安局") == ("mps", False)
    assert reference.match_department("某某行业协会") == (None, False)
    assert reference.local_name_en("ca", "内蒙古自治区通信管理局") == "Inner Mongolia Communications Administration"
    assert reference.local_name_en("ca", "通信管理局") is None  # no province: nothing to name it by
    assert reference.local_name_en("miit", "广东省工业和信息化厅") is None  # no local pattern for the ministry
    assert authority.classify("", "notice").type == "telecom"
    assert authority.classify("中国电信", "notice").type == "operator_internal"
    assert authority.classify("工业和信息化部", "accountability").type == "operator_internal"
