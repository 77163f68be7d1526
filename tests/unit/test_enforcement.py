"""Enforcement logic on a hand-built store: the fine cap (edges, and agreement with the loader's SQL),
the MVNO scorecard statuses, repeat targets and their effect, and the chain's sums."""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from anning.enforcement import actions as enf
from anning.load import loader
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, ENFORCEMENT_HEADER, TAKEDOWN_HEADER, TODAY, complaint, write_csv

# ------------------------------------------------------------------------------------------ the cap


@pytest.mark.parametrize(
    ("gains", "cap"),
    [
        (10000, Decimal(30000)),  # exactly 3x gains is exactly the ceiling
        (5000, Decimal(15000)),  # exactly 3x gains
        (3333.33, Decimal("9999.99")),  # exact decimals, no float drift
        (12000, Decimal(30000)),  # 3x gains (36,000) above the ceiling: the ceiling
        (None, Decimal(10000)),  # missing gains: no illegal gains
        (float("nan"), Decimal(10000)),  # a NaN from pandas is missing too
        (0, Decimal(10000)),  # zero gains: no illegal gains
        (1000, Decimal(3000)),  # small gains: 3x, even below the no-gains cap
    ],
)
def test_fine_cap_edges(gains: object, cap: Decimal) -> None:
    assert enf.fine_cap(gains) == cap


@pytest.mark.parametrize(
    ("fine", "gains", "over"),
    [
        (30000, 10000, False),  # exactly at the cap, exactly 3x, exactly the ceiling
        (30000.01, 10000, True),
        (15000, 5000, False),  # exactly 3x
        (15000.01, 5000, True),
        (30000, 12000, False),  # 3x is 36,000 but the ceiling is 30,000
        (30001, 12000, True),
        (10000, None, False),  # exactly 10,000 with no gains
        (10000.01, None, True),
        (10000, 0, False),  # zero gains
        (12000, 0, True),
        (None, 5000, False),  # no fine: nothing to check
    ],
)
def test_exceeds_cap_edges(fine: object, gains: object, over: bool) -> None:
    assert enf.exceeds_cap(fine, gains) is over


def test_cap_basis_and_negative_gains() -> None:
    assert enf.cap_basis(None) == "no_gains"
    assert enf.cap_basis(0) == "no_gains"
    assert enf.cap_basis(10000) == "three_times"  # exactly at the ceiling, 3x still sets it
    assert enf.cap_basis(10000.01) == "ceiling"
    with pytest.raises(ValueError, match="negative"):
        enf.fine_cap(-1)


# Fines on the edges of the rule: (fine, gains).
CAP_CASES = [
    (30000, 10000),
    (30000.01, 10000),
    (15000, 5000),
    (15000.01, 5000),
    (30000, 12000),
    (30001, 12000),
    (10000, None),
    (10000.5, None),
    (10000, 0),
    (12000, 0),
    (9999.99, 3333.33),
    (10000, 3333.33),
    (35000, None),
    (3000, 1000),
    (3000.01, 1000),
]


def test_sql_cap_agrees_with_the_python_rule(tmp_path: Path) -> None:
    rows = [
        [
            f"CAP{i:03d}",
            "2024-05-01",
            f"罚款对象{i}（示例）",
            "",
            "source_company",
            "fine",
            fine,
            "" if gains is None else gains,
            "省通信管理局",
            "",
            "",
        ]
        for i, (fine, gains) in enumerate(CAP_CASES)
    ]
    f = write_csv(tmp_path / "enforcement_caps.csv", ENFORCEMENT_HEADER, rows)
    db = tmp_path / "caps" / "anning.duckdb"
    report = loader.load([f], db, user="test", today=TODAY)
    assert report.ok, report.lines()
    # A fine above the cap is a load warning, never an error: every row is in the store.
    assert sum(w.code == "fine_over_cap" for w in report.warnings) == sum(enf.exceeds_cap(fi, g) for fi, g in CAP_CASES)
    r = store.Reader(db)
    try:
        cur = r.cursor()
        got = cur.execute(
            "select case_id, fine_yuan, illegal_gains_yuan, cap_yuan, over_cap from enforcement order by case_id"
        ).fetchall()
    finally:
        r.close()
    assert len(got) == len(CAP_CASES)
    for case_id, fine, gains, cap, over in got:
        assert cap == enf.fine_cap(gains), case_id
        assert over is enf.exceeds_cap(fine, gains), case_id


# ------------------------------------------------------------------------------------------ the fixture store

A = "甲贷款（示例）"  # fell after its first action
B = "乙商贸（示例）"  # rose after its first action
PC = "丙云信（示例）"


def _fixture_files(out: Path) -> list[Path]:
    """A small store: four quarters (2023Q3-2024Q2) and 2015Q4 (before any subscriber figure)."""
    rows: list[list[object]] = []
    i = 0

    def add(n: int, **over: object) -> None:
        nonlocal i
        i += 1
        rows.append(complaint(i, count=str(n), **over))

    # The market: China Mobile carries most complaints, through one port company.
    for q_day in ("2023-08-01", "2023-11-01", "2024-02-01", "2024-05-03"):
        add(
            1000,
            received_at=f"{q_day} 09:00:00",
            operator="中国移动",
            company="丁零售（示例）",
            industry="retail",
            port="106900000001",
            port_company=PC,
        )
    # Company A: 40, 40 before its first action (2024Q1), 10 after.
    for day, n in (("2023-08-02", 40), ("2023-11-02", 40), ("2024-02-02", 50), ("2024-05-02", 10)):
        add(n, received_at=f"{day} 10:00:00", company=A, industry="loans_finance", port="106900000002", port_company=PC)
    # Company B: 10 before its first action (2023Q4), 30 a quarter after.
    for day, n in (("2023-08-03", 10), ("2023-11-03", 10), ("2024-02-03", 30), ("2024-05-04", 30)):
        add(
            n,
            received_at=f"{day} 10:00:00",
            company=B,
            industry="retail",
            port="",
            port_company="",
            operator="中国联通",
        )
    # Resellers in 2024Q2: mvno01..03 one complaint each; mvno04 100 (80 fraud), far above the market.
    for code_name in ("澄岚移动", "汀槿移动", "珩翎移动", "岫棠移动"):
        add(
            1,
            received_at="2024-05-05 10:00:00",
            operator=code_name,
            company="",
            industry="",
            port="",
            port_company="",
            sender_number="17012345678",
        )
    add(
        80,
        received_at="2024-05-06 10:00:00",
        operator="霁琮移动",
        category="fraud",
        company="",
        industry="fraud",
        port="",
        port_company="",
        sender_number="16512345678",
    )
    add(
        20,
        received_at="2024-05-06 11:00:00",
        operator="霁琮移动",
        company="",
        industry="",
        port="",
        port_company="",
        sender_number="16512345679",
    )
    # 2015Q4: a quarter with data but no subscriber figure for anyone.
    add(
        5,
        received_at="2015-11-01 10:00:00",
        operator="霁琮移动",
        company="",
        industry="",
        port="",
        port_company="",
        sender_number="16512345670",
    )
    complaints = write_csv(out / "complaints.csv", COMPLAINT_HEADER, rows)

    enforcement = write_csv(
        out / "enforcement.csv",
        ENFORCEMENT_HEADER,
        [
            ["E1", "2024-01-15", A, "", "source_company", "notice", "", "", "省通信管理局", "", ""],
            ["E2", "2024-05-15", A, "", "source_company", "fine", "20000", "8000", "省通信管理局", "", ""],
            ["E3", "2023-11-15", B, "", "source_company", "notice", "", "", "省通信管理局", "", ""],
            ["E4", "2024-04-20", B, "", "source_company", "interview", "", "", "省通信管理局", "", ""],
            [
                "E5",
                "2024-02-10",
                "中国移动广东分公司",
                "",
                "operator",
                "notice",
                "",
                "",
                "广东省通信管理局",
                "广东",
                "",
            ],
            [
                "E6",
                "2024-05-10",
                "中国移动广东分公司",
                "",
                "operator",
                "interview",
                "",
                "",
                "广东省通信管理局",
                "广东",
                "",
            ],
            ["E7", "2024-06-01", PC, "", "port_company", "fine", "50000", "", "工业和信息化部", "", "违规发送"],
            # Resellers: mvno02 a real-name notice (not serious); mvno03 a fine inside the window;
            # mvno04 a fine just outside a 4-quarter window (2023Q2); mvno05 a real-name reason in English.
            [
                "E8",
                "2024-02-20",
                "汀槿移动（示例）",
                "",
                "mvno",
                "notice",
                "",
                "",
                "工业和信息化部",
                "",
                "实名登记违规",
            ],
            ["E9", "2023-08-20", "珩翎移动", "", "mvno", "fine", "5000", "", "工业和信息化部", "", "垃圾信息治理不力"],
            ["E10", "2023-05-20", "霁琮移动（示例）", "", "mvno", "fine", "5000", "", "工业和信息化部", "", ""],
            [
                "E11",
                "2024-03-20",
                "Xiutang Mobile (demo)",
                "",
                "mvno",
                "interview",
                "",
                "",
                "工业和信息化部",
                "",
                "Real-Name registration not enforced",
            ],
        ],
    )
    takedowns = write_csv(
        out / "takedowns.csv",
        TAKEDOWN_HEADER,
        [
            ["T1", "2024-05-20", "number", "16512345678", "霁琮移动", "", "", "涉嫌诈骗"],
            ["T2", "2024-05-21", "number", "16512345679", "霁琮移动", "", "", "涉嫌诈骗"],
            [
                "T3",
                "2024-05-13",
                "port",
                "106900000002",
                "中国移动",
                PC,
                "",
                "违规发送",
            ],  # 11 days after company A's complaint on 2024-05-02
            ["T4", "2024-06-20", "port", "106999999999", "中国移动", PC, "", "监测发现"],  # no complaint: monitoring
            ["T5", "2024-05-25", "line", "L1", "中国电信", B, "retail", "外呼扰民"],
        ],
    )
    return [complaints, enforcement, takedowns]


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("enf_fixture")
    db = out / "store" / "anning.duckdb"
    report = loader.load(_fixture_files(out), db, user="test", today=TODAY)
    assert report.ok, report.lines()
    return db


@pytest.fixture()
def src(fixture_db: Path) -> store.Reader:
    r = store.Reader(fixture_db)
    yield r
    r.close()


AVAILABLE = ["2015Q4", "2023Q3", "2023Q4", "2024Q1", "2024Q2"]


def test_actions_land_on_their_link(src: store.Reader) -> None:
    acts = enf.actions(src).set_index("case_id")
    assert acts.at["E5", "operator_code"] == "cmcc" and not acts.at["E5", "operator_whole"]  # a branch
    assert acts.at["E8", "operator_code"] == "mvno02" and acts.at["E8", "operator_whole"]
    assert acts.at["E9", "operator_code"] == "mvno03"  # written without the demo marker
    assert acts.at["E11", "operator_code"] == "mvno05"  # written in English
    assert acts.at["E1", "industry"] == "loans_finance"
    assert acts.at["E7", "over_cap"]  # 50,000 without gains


# ------------------------------------------------------------------------------------------ scorecard


def test_scorecard_statuses_on_the_fixture(src: store.Reader) -> None:
    acts = enf.actions(src)
    card = enf.mvno_scorecard(src, acts, "2024Q2", "en")
    tb = card.table.set_index("code")
    # Market: every complaint of the quarter per million basic-operator subscribers of 2024 (the shared base).
    subs = src.query("enforcement_operators")
    basic = subs[(subs.kind == "basic") & (subs.year == 2024)].subscribers.sum()
    total = 1000 + 10 + 30 + 4 + 100
    assert card.market_rate == pytest.approx(total / basic * 1_000_000)

    # mvno01: clean, one complaint, far below the market: passes all three.
    assert tuple(tb.loc["mvno01", ["lawful", "real_name_ok", "response", "status"]]) == (
        "pass",
        "pass",
        "pass",
        "green",
    )
    assert tb.at["mvno01", "reasons"] == ""
    # mvno02: a real-name notice (not serious): fails real-name only.
    assert tuple(tb.loc["mvno02", ["lawful", "real_name_ok", "response", "status"]]) == ("pass", "fail", "pass", "fail")
    assert "Real-name registration: 1 real-name violation(s)" in tb.at["mvno02", "reasons"]
    assert "Notice (2024Q1)" in tb.at["mvno02", "reasons"]
    # mvno03: a fine in 2023Q3, the window's first quarter: fails lawful operation only.
    assert tuple(tb.loc["mvno03", ["lawful", "real_name_ok", "response"]]) == ("fail", "pass", "pass")
    assert "Fine (2023Q3)" in tb.at["mvno03", "reasons"]
    # mvno04: its fine in 2023Q2 is outside the window; 100 complaints on 3.4M users fail public response.
    assert tuple(tb.loc["mvno04", ["lawful", "real_name_ok", "response"]]) == ("pass", "pass", "fail")
    assert tb.at["mvno04", "complaints"] == 100
    assert tb.at["mvno04", "fraud_share"] == pytest.approx(0.8)
    assert tb.at["mvno04", "numbers_shut"] == 2
    assert tb.at["mvno04", "rate"] == pytest.approx(100 / tb.at["mvno04", "subscribers"] * 1_000_000)
    assert "above the market's" in tb.at["mvno04", "reasons"]
    # mvno05: a real-name reason written in English, any case.
    assert tb.at["mvno05", "real_name_ok"] == "fail"
    # Failing resellers come first.
    assert list(card.table.status[:4]) == ["fail"] * 4
    assert tb.at["mvno02", "actions"] == 0 and tb.at["mvno03", "serious"] == 1


def test_scorecard_thresholds_are_configurable(src: store.Reader) -> None:
    acts = enf.actions(src)
    # A longer window catches mvno04's 2023Q2 fine; fines no longer serious clear mvno03.
    wide = enf.mvno_scorecard(src, acts, "2024Q2", "en", enf.ScorecardConfig(window_quarters=5)).table.set_index("code")
    assert wide.at["mvno04", "lawful"] == "fail"
    lenient = enf.mvno_scorecard(
        src, acts, "2024Q2", "zh", enf.ScorecardConfig(serious_actions=("suspension",), rate_factor=1000)
    ).table
    lenient = lenient.set_index("code")
    assert lenient.at["mvno03", "lawful"] == "pass"
    assert lenient.at["mvno04", "response"] == "pass"
    assert lenient.at["mvno02", "reasons"].startswith("实名登记")
    with pytest.raises(ValueError):
        enf.ScorecardConfig(serious_actions=("jail",))
    with pytest.raises(ValueError):
        enf.ScorecardConfig(window_quarters=0)


def test_scorecard_without_subscribers_is_incomplete(src: store.Reader) -> None:
    card = enf.mvno_scorecard(src, enf.actions(src), "2015Q4", "en")
    tb = card.table.set_index("code")
    assert math.isnan(card.market_rate)
    assert set(card.table.response) == {"unknown"}
    assert tb.at["mvno04", "status"] == "incomplete"
    assert "no subscriber figure for 2015" in tb.at["mvno04", "reasons"]


def test_real_name_patterns() -> None:
    pats = enf.ScorecardConfig().real_name_patterns
    assert enf.is_real_name("实名登记违规", pats)
    assert enf.is_real_name("REAL_NAME check failed", pats)
    assert not enf.is_real_name("垃圾信息治理不力", pats)
    assert not enf.is_real_name(None, pats)


# ------------------------------------------------------------------------------------------ repeat targets


def test_compare_windows() -> None:
    avail = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2"]
    fell = enf.compare_windows({"2023Q3": 40, "2023Q4": 40, "2024Q1": 50, "2024Q2": 10}, "2024Q1", "2024Q2", avail)
    # 2023Q1-Q2 are before the first complaint, so they do not count as zeros.
    assert (fell.before, fell.after, fell.outcome) == (40, 10, "fell")
    assert fell.change == pytest.approx(-0.75)
    assert enf.compare_windows({"2023Q3": 10, "2024Q1": 11, "2024Q2": 10}, "2023Q4", "2024Q2", avail).outcome == "flat"
    assert enf.compare_windows({"2023Q3": 10}, "2023Q3", "2024Q2", avail).outcome == "unmeasured"  # nothing before
    assert enf.compare_windows({"2023Q3": 10}, "2024Q2", "2024Q2", avail).outcome == "unmeasured"  # nothing after
    # The after window stops at the chosen quarter.
    assert enf.compare_windows({"2023Q3": 10, "2024Q2": 99}, "2023Q4", "2024Q1", avail).outcome == "fell"


def test_repeat_targets_with_escalation_and_effect(src: store.Reader) -> None:
    acts = enf.actions(src)
    effects = enf.target_effects(src, acts, "2024Q2", "en", available=AVAILABLE)
    rep = enf.repeat_targets(effects).set_index("target")
    assert set(rep.index) == {A, B, "中国移动广东分公司"}  # the port company was acted against once
    a = rep.loc[A]
    assert a.path == "Notice (2024Q1) → Fine (2024Q2)" and a.escalated and a.highest == "Fine"
    assert (a.before, a.after, a.outcome) == (40, 10, "fell")
    b = rep.loc[B]
    assert b.path == "Notice (2023Q4) → Interview (2024Q2)" and b.escalated
    assert (b.before, b.after, b.outcome) == (10, 30, "rose")
    branch = rep.loc["中国移动广东分公司"]
    assert branch.outcome == "unmeasured" and branch.quarters == 2  # no complaints per operator branch
    # As of 2024Q1, A has one quarter of actions: not yet a repeat target.
    early = enf.repeat_targets(enf.target_effects(src, acts, "2024Q1", "en", available=AVAILABLE))
    assert A not in set(early.target)
    summary = enf.effect_summary(effects, "en")
    assert "had fewer afterwards" in summary and "repeat targets" in summary


def test_escalation_path_skips_steps_already_reached() -> None:
    path = enf.escalation_path(
        ["notice", "fine", "notice", "interview", "credit_listing", "accountability"],
        ["2020Q1", "2020Q2", "2020Q3", "2020Q4", "2021Q1", "2021Q2"],
        "en",
    )
    assert path == "Notice (2020Q1) → Fine (2020Q2) → Credit listing (2021Q1)"
    assert enf.escalation_path(["accountability"], ["2020Q1"], "en") == "–"
    assert enf.action_sequence(["notice", "notice", "fine"], "zh") == "通报 → 罚款"


# ------------------------------------------------------------------------------------------ the chain


def _check_sums(cv: enf.ChainView) -> None:
    nodes, links = cv.nodes, cv.links
    layer_of = nodes.set_index("node").layer
    for layer in enf.LAYERS:
        assert nodes[nodes.layer == layer].complaints.sum() == cv.total, layer
    # Every column of links carries every complaint once; every node's inflow equals its complaints.
    for layer in enf.LAYERS[:-1]:
        assert links[links.source.map(layer_of) == layer].complaints.sum() == cv.total, layer
    inflow = links.groupby("target").complaints.sum()
    for r in nodes[nodes.layer != "complaints"].itertuples():
        assert inflow.get(r.node, 0) == r.complaints, r.label
    outflow = links.groupby("source").complaints.sum()
    for r in nodes[nodes.layer.isin(["complaints", "operator", "port_company"])].itertuples():
        assert outflow.get(r.node, 0) == r.complaints, r.label


def test_chain_sums_and_actions_on_the_fixture(src: store.Reader) -> None:
    acts = enf.actions(src)
    cv = enf.chain(src, acts, "2024Q2", "en", top_port_companies=1)
    _check_sums(cv)
    assert cv.total == 1000 + 10 + 30 + 4 + 100
    n = cv.nodes.set_index(["layer", "key"])
    assert n.at[("operator", "cmcc"), "actions"] == 1  # the Guangdong branch
    assert n.at[("operator", enf.MVNO), "complaints"] == 104  # resellers grouped
    assert n.at[("port_company", enf.NO_PORT), "complaints"] == 134
    assert n.at[("port_company", enf.NO_PORT), "label"] == "No port (direct numbers)"
    pc_key = [k for la, k in n.index if la == "port_company" and k not in (enf.NO_PORT, enf.OTHER)][0]
    assert n.at[("port_company", pc_key), "actions"] == 1 and n.at[("port_company", pc_key), "label"] == PC
    assert n.at[("industry", "loans_finance"), "actions"] == 1  # company A's fine
    assert n.at[("industry", "retail"), "actions"] == 1  # company B's interview
    assert cv.layer_actions == {"operator": 1, "port_company": 1, "industry": 2}
    assert cv.coverage["port_company"] == pytest.approx(1.0)  # every port complaint came through the fined sender
    assert cv.unplaced == 0
    assert any("China Mobile" in s for s in cv.sentences)
    sms = enf.chain(src, acts, "2024Q2", "zh", channel="sms")
    _check_sums(sms)
    assert sms.nodes.set_index(["layer", "key"]).at[("port_company", enf.NO_PORT), "label"] == "无端口（直接号码）"


def test_chain_sums_on_the_demo(demo_db: Path) -> None:
    r = store.Reader(demo_db)
    try:
        acts = enf.actions(r)
        for q in ("2020Q4", "2024Q2"):
            cv = enf.chain(r, acts, q, "en")
            _check_sums(cv)
            assert cv.total == int(r.query("enforcement_chain", {"quarter": q, "channel": None}).complaints.sum())
            # Grouping keeps the picture readable: top 8 port companies, the rest and "no port".
            assert (cv.nodes.layer == "port_company").sum() <= 8 + 2
            assert sum(cv.layer_actions.values()) + cv.unplaced == int((acts.quarter == q).sum())
    finally:
        r.close()


# ------------------------------------------------------------------------------------------ takedowns and actions


def test_takedowns_against_complaints(src: store.Reader) -> None:
    tv = enf.takedowns(src, "2024Q2", top_ports=1)
    assert tv.totals == {"port": 2, "number": 2, "line": 1}
    assert tv.coverage.complained_ports == 2 and tv.coverage.top_n == 1
    # The most-complained port (the market's) was not shut; company A's port was.
    assert tv.coverage.shut_top_n == 0
    lags = tv.lags.set_index("takedown_id")
    assert lags.at["T3", "lag_days"] == 11  # first complaint on that port in the 90 days: 2024-05-02
    assert pd.isna(lags.at["T4", "lag_days"]) and tv.from_monitoring == 1
    assert tv.median_lag == 11


def test_action_counts_matrix_and_over_cap(src: store.Reader) -> None:
    acts = enf.actions(src)
    counts = enf.action_counts(acts, "2024Q2")
    assert counts.actions.sum() == 4  # E2, E4, E6, E7
    mat = enf.action_matrix(acts, "2024Q2", "en").set_index("Action")
    assert mat.at["Total", "Total"] == 4 and mat.at["Fine", "SMS port company"] == 1
    over = enf.fines_over_cap(acts, None, "en")
    assert list(over.case_id) == ["E7"]
    assert over.at[0, "cap_yuan"] == 10000 and over.at[0, "excess_yuan"] == 40000
    assert over.at[0, "check"] == "check legal basis"
    assert enf.fines_over_cap(acts, "2024Q1", "en").empty
    fines = enf.fines(acts, "2024Q2")
    assert set(fines.case_id) == {"E2", "E7"} and list(fines.over_cap) == [False, True]
