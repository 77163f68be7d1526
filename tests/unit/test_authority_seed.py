"""The held-out check on enforcement records nobody wrote by hand: a year generated from the published figures.

The ministry's 2020 reply on spam SMS gives the year's enforcement: 483 companies (times) notified,
interviewed or fined by the ministry; 35 cases of operators' internal accountability (内部通报批评、KPI扣分、
绩效扣罚); referred leads acted on by the departments the 2018 harassing-calls plan names (教育部、人社部、
住建部、文旅部、卫健委、市场监管总局、银保监会、证监会). It also states the fine cap of the SMS regulation under
the Administrative Penalty Law: with illegal gains at most three times the gains and never above ¥30,000;
without illegal gains at most ¥10,000.

This test draws a 2020 of exactly that shape with a seeded random generator (amounts, gains, dates,
provinces, how authorities are spelled), so no one chose the records or the expected totals. The expected
figures come from an oracle written here from the published rule above, not from ``anning``'s ``fine_cap``:
per quarter ``fines_total_yuan`` is the ministry's fines within the cap (every above-cap fine left out), and
``by_authority`` sums to the quarter's action count with the generated split by authority.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

from anning.cli import main as cli
from anning.load import loader
from tests.helpers import COMPLAINT_HEADER, ENFORCEMENT_HEADER, TODAY, complaint, write_csv

# The published figures of 2020 (the ministry's reply on spam SMS).
MINISTRY_ACTIONS = 483
INTERNAL_ACCOUNTABILITY = 35
OTHER_DEPARTMENT_ACTIONS = 61
# How the ministry's own actions are recorded: the ministry, a provincial administration, or blank (the
# enforcement file is the ministry's case record).
MINISTRY_SPELLINGS = ("工业和信息化部", "工信部", "{province}通信管理局", "")
DEPARTMENTS = (
    "教育部",
    "人力资源和社会保障部",
    "住房和城乡建设部",
    "文化和旅游部",
    "国家卫生健康委员会",
    "国家市场监督管理总局",
    "中国银行保险监督管理委员会",
    "银保监会",
    "中国证券监督管理委员会",
)
OPERATORS = ("中国移动", "中国联通", "中国电信", "中国移动{province}分公司", "中国电信{province}分公司")
PROVINCES = ("北京", "上海", "广东", "浙江", "江苏", "四川", "湖北", "山东", "河南", "福建")
SEED = 20201


def oracle_cap(gains: int | None) -> int:
    """The published rule, written independently of anning: 3 x gains up to ¥30,000; ¥10,000 without gains."""
    if not gains:
        return 10_000
    return min(3 * gains, 30_000)


@dataclass(frozen=True)
class Rec:
    case_id: str
    decided_on: dt.date
    target: str
    role: str
    action: str
    fine: int | None
    gains: int | None
    authority: str
    kind: str  # the generator's truth: telecom, other_department, operator_internal

    @property
    def quarter(self) -> str:
        return f"{self.decided_on.year}Q{(self.decided_on.month - 1) // 3 + 1}"

    def row(self) -> list[object]:
        return [
            self.case_id,
            self.decided_on.isoformat(),
            self.target,
            "",
            self.role,
            self.action,
            "" if self.fine is None else self.fine,
            "" if self.gains is None else self.gains,
            self.authority,
            "",
            "垃圾信息治理",
        ]


def generate() -> list[Rec]:
    rng = random.Random(SEED)
    # Uneven quarters, as in the bulletins (a summer campaign, a quiet first quarter).
    days = [dt.date(2020, 1, 1) + dt.timedelta(days=d) for d in range(366)]
    weights = [1 if d.month <= 3 else 3 if d.month in (6, 7, 8) else 2 for d in days]
    companies = [f"生成源头企业{n:03d}（示例）" for n in range(320)]
    ports = [f"生成端口企业{n:02d}（示例）" for n in range(40)]
    out: list[Rec] = []
    for i in range(MINISTRY_ACTIONS):
        action = rng.choices(("notice", "interview", "fine"), weights=(5, 3, 2))[0]
        fine = gains = None
        if action == "fine":
            gains = rng.choice((None, 0, rng.randrange(500, 20_000, 100)))
            # Amounts on both sides of the cap, drawn around it rather than chosen.
            fine = max(100, int(round(oracle_cap(gains) * rng.uniform(0.2, 1.5), -2)))
        role, target = (
            ("port_company", rng.choice(ports)) if rng.random() < 0.25 else ("source_company", rng.choice(companies))
        )
        spelling = rng.choice(MINISTRY_SPELLINGS).format(province=rng.choice(PROVINCES))
        out.append(
            Rec(f"G-T{i:04d}", rng.choices(days, weights)[0], target, role, action, fine, gains, spelling, "telecom")
        )
    for i in range(OTHER_DEPARTMENT_ACTIONS):
        action = rng.choice(("fine", "interview", "rectification"))
        # Other departments fine under their own laws: amounts the SMS cap would not allow.
        fine = rng.randrange(20_000, 500_000, 1_000) if action == "fine" else None
        out.append(
            Rec(
                f"G-D{i:04d}",
                rng.choices(days, weights)[0],
                companies[i],  # 61 distinct companies, as the seed counts them
                "source_company",
                action,
                fine,
                None,
                rng.choice(DEPARTMENTS),
                "other_department",
            )
        )
    for i in range(INTERNAL_ACCOUNTABILITY):
        operator = rng.choice(OPERATORS).format(province=rng.choice(PROVINCES))
        out.append(
            Rec(
                f"G-O{i:04d}",
                rng.choices(days, weights)[0],
                operator,
                "operator",
                "accountability",
                None,
                None,
                operator,
                "operator_internal",
            )
        )
    rng.shuffle(out)  # the file's order says nothing
    return out


RECORDS = generate()
QUARTERS = ("2020Q1", "2020Q2", "2020Q3", "2020Q4")


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("seed_enf")
    rows = [
        complaint(i, received_at=f"2020-{3 * n + 2:02d}-03 10:00:00") for n in range(4) for i in range(n * 3, n * 3 + 3)
    ]
    enf = write_csv(tmp / "enforcement.csv", ENFORCEMENT_HEADER, [r.row() for r in RECORDS])
    db = tmp / "store" / "anning.duckdb"
    report = loader.load([write_csv(tmp / "c.csv", COMPLAINT_HEADER, rows), enf], db, user="t", today=TODAY)
    assert report.ok, report.lines()
    return db


def test_the_generated_year_has_the_published_shape() -> None:
    """The premise: the drawn records match the figures and contain what the check is about."""
    kinds = Counter(r.kind for r in RECORDS)
    assert kinds == {
        "telecom": MINISTRY_ACTIONS,
        "other_department": OTHER_DEPARTMENT_ACTIONS,
        "operator_internal": INTERNAL_ACCOUNTABILITY,
    }
    fines = [r for r in RECORDS if r.kind == "telecom" and r.fine is not None]
    over = [r for r in fines if r.fine > oracle_cap(r.gains)]
    assert over and len(over) < len(fines)
    # Among them a fine under ¥10,000 that is still above three times its gains: a cap of ¥10,000 alone
    # would miss it.
    assert any(r.gains and r.fine <= 10_000 for r in over)
    assert {r.quarter for r in over} == set(QUARTERS)  # every quarter has one to leave out
    assert len({r.case_id for r in RECORDS}) == len(RECORDS)


@pytest.mark.parametrize("quarter", QUARTERS)
def test_fine_total_and_by_authority_on_generated_records(
    seed_db: Path, quarter: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["enforcement", "--quarter", quarter, "--format", "json", "--db", str(seed_db)])
    out = capsys.readouterr()
    assert code == 0, out.err
    doc = json.loads(out.out)
    q = [r for r in RECORDS if r.quarter == quarter]
    telecom_fines = [r for r in q if r.kind == "telecom" and r.fine is not None]
    within = [r for r in telecom_fines if r.fine <= oracle_cap(r.gains)]
    over = [r for r in telecom_fines if r.fine > oracle_cap(r.gains)]

    assert doc["fines_total_yuan"] == sum(r.fine for r in within)
    assert {r["case_id"] for r in doc["fines_over_cap"]} == {r.case_id for r in over}

    by = doc["by_authority"]
    assert sum(v["actions"] for v in by.values()) == len(q) == sum(r["actions"] for r in doc["action_counts"])
    expected: dict[str, dict[str, int]] = defaultdict(lambda: {"actions": 0, "fines_yuan": 0})
    targets: dict[str, set[str]] = defaultdict(set)
    for r in q:
        expected[r.kind]["actions"] += 1
        targets[r.kind].add(r.target)
        if r.fine is not None and (r.kind != "telecom" or r.fine <= oracle_cap(r.gains)):
            expected[r.kind]["fines_yuan"] += r.fine
    for kind in ("telecom", "other_department", "operator_internal"):
        assert by[kind]["actions"] == expected[kind]["actions"], kind
        assert by[kind]["fines_yuan"] == expected[kind]["fines_yuan"], kind
        assert by[kind]["targets"] == len(targets[kind]), kind
    assert by["telecom"]["under_review_yuan"] == sum(r.fine for r in over)


def test_the_year_adds_up_to_the_published_figures(seed_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    actions: Counter[str] = Counter()
    for quarter in QUARTERS:
        assert cli.main(["enforcement", "--quarter", quarter, "--format", "json", "--db", str(seed_db)]) == 0
        for kind, v in json.loads(capsys.readouterr().out)["by_authority"].items():
            actions[kind] += v["actions"]
    assert actions == {
        "telecom": MINISTRY_ACTIONS,
        "other_department": OTHER_DEPARTMENT_ACTIONS,
        "operator_internal": INTERNAL_ACCOUNTABILITY,
    }
