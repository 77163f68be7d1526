"""Candidate rules for the exposure list, on a hand-built fixture (no store): each rule, ties, floor, evidence,
the grounds (a run in the top, listed before), no catch-all industry leader, and credit-code identification."""

from __future__ import annotations

import pandas as pd
import pytest

from anning.enforcement import exposure
from anning.enforcement.exposure import Rules

Q = "2024Q2"


def cq_rows(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["company_key", "quarter", "industry", "complaints"])


def fixture() -> pd.DataFrame:
    rows = [
        # big: over the threshold; main industry loans (a few complaints elsewhere)
        ("big", Q, "loans_finance", 120),
        ("big", Q, "retail", 5),
        ("big", "2024Q1", "loans_finance", 100),
        ("big", "2023Q2", "loans_finance", 50),
        # two retail companies tied for first in retail, and a third one behind them
        ("r1", Q, "retail", 40),
        ("r2", Q, "retail", 40),
        ("r3", Q, "retail", 39),
        # a repeat offender: top of education in 2024Q2, Q1 and 2023Q4, not in 2023Q3
        ("rep", Q, "education", 30),
        ("rep", "2024Q1", "education", 30),
        ("rep", "2023Q4", "education", 30),
        ("rep", "2023Q3", "education", 1),
        ("edu2", "2023Q3", "education", 25),
        ("edu2", Q, "education", 10),
        # unclassified, other and the fraud category are never ranked
        ("unc", Q, "unclassified", 60),
        ("oth", Q, "other", 45),
        ("frd", Q, "fraud", 44),
        # ports shut, below the floor
        ("tiny", Q, "insurance", 2),
        # ports shut, above the floor, small otherwise; it ranks 2nd in insurance behind ins1
        ("ports", Q, "insurance", 12),
        ("ins1", Q, "insurance", 15),
        # fined this quarter
        ("fined", Q, "real_estate", 9),
        ("re1", Q, "real_estate", 50),
    ]
    return cq_rows(rows)


PORTS = pd.DataFrame({"company_key": ["ports", "tiny", "big"], "ports_shut": [4, 9, 1]})
ENF = pd.DataFrame(
    {
        "company_key": ["fined", "fined", "big"],
        "decided_on": pd.to_datetime(["2023-11-10", "2024-05-02", "2024-01-15"]),
        "quarter": ["2023Q4", Q, "2024Q1"],
        "action": ["interview", "fine", "notice"],
        "fine_yuan": [None, 30000.0, None],
        "authority": ["省通信管理局", "省通信管理局", "工业和信息化部"],
    }
)
LISTINGS = pd.DataFrame({"company_key": ["big"], "list_id": ["EXP-2024Q1"], "version": [2], "quarter": ["2024Q1"]})
NAMES = pd.DataFrame(
    {
        "company_key": ["big", "r1", "r2"],
        "name": ["大公司（示例）", "零售一（示例）", "零售二（示例）"],
        "company_id": ["91110000600012345D", None, "91110000600012345X"],  # r1: none; r2: bad check character
    }
)
USED = pd.DataFrame({"company_key": ["big"], "port_company": ["某某云信（示例）"], "port_companies": [2]})
RULES = Rules(min_complaints=100, top_per_industry=1, repeat_quarters=3, min_ports_shut=3, fined=True, floor=5)


def found(rules: Rules = RULES) -> pd.DataFrame:
    return exposure.find(
        fixture(), Q, rules, names=NAMES, ports=PORTS, enforcement=ENF, listings=LISTINGS, port_companies=USED
    )


def rules_of(df: pd.DataFrame) -> dict[str, list[str]]:
    return dict(zip(df["key"], df["rules"], strict=True))


def test_each_rule_and_only_those() -> None:
    got = rules_of(found())
    # big was named on the 2024Q1 list: "listed before" is added, in the printed order of the grounds.
    assert got["big"] == ["top_industry", "threshold", "listed_before"]
    assert got["r1"] == ["top_industry"] and got["r2"] == ["top_industry"]  # a tie at the boundary keeps both
    assert "r3" not in got
    assert got["rep"] == ["top_industry", "repeat"]  # Q, Q1, 2023Q4 in a row (2023Q3 it was not top)
    assert got["ports"] == ["ports_shut"]
    assert got["fined"] == ["fined"]
    assert "tiny" not in got  # 9 ports shut, but below the floor of 5 complaints
    # No catch-all or crime category has a "leader": unclassified, other and fraud are not ranked (and < 100).
    assert not {"unc", "oth", "frd"} & set(got)
    assert set(got) == {"big", "r1", "r2", "rep", "ports", "fined", "re1", "ins1"}


def test_no_catch_all_industry_leader_whatever_the_rules() -> None:
    rules = Rules(min_complaints=0, top_per_industry=3, repeat_quarters=0, min_ports_shut=0, floor=1, floor_share=0)
    df = found(rules)
    assert not df.empty and not set(df["industry"]) & exposure.UNRANKED_INDUSTRIES
    assert (df["industry_rank"] <= 3).all()


def test_repeat_and_listed_before_never_select_on_their_own() -> None:
    # rep ran three quarters in the top of education; with top 0 and no threshold nothing selects it.
    only_ports = Rules(min_complaints=0, top_per_industry=0, repeat_quarters=3, min_ports_shut=3, fined=False, floor=5)
    assert set(found(only_ports)["key"]) == {"ports"}  # not rep (a run), not big (listed before)


def test_first_ever_list_has_no_listed_before() -> None:
    df = exposure.find(fixture(), Q, RULES, names=NAMES, ports=PORTS, enforcement=ENF, listings=None)
    assert not any("listed_before" in r for r in df["rules"])
    empty = LISTINGS.iloc[0:0]
    df = exposure.find(fixture(), Q, RULES, names=NAMES, ports=PORTS, enforcement=ENF, listings=empty)
    assert not any("listed_before" in r for r in df["rules"])


def test_identification_bucket() -> None:
    df = found().set_index("key")
    assert df.loc["big", "identified"] and df.loc["big", "id_problem"] is None
    assert not df.loc["r1", "identified"] and df.loc["r1", "id_problem"] == "no_credit_code"
    assert not df.loc["r2", "identified"] and df.loc["r2", "id_problem"] == "bad_credit_code"
    named, held = exposure.split(found())
    assert list(named["key"]) == ["big"] and set(held["key"]) == set(df.index) - {"big"}
    assert "统一社会信用代码" in exposure.id_problem_text("no_credit_code", "zh")


def test_grounds_in_words_are_literal() -> None:
    df = found().set_index("key")
    big = {**df.loc["big"].to_dict(), "key": "big"}
    zh = exposure.grounds_text(big, RULES, "zh")
    assert zh == "贷款理财行业投诉量第1名；本季度投诉量100件以上；曾被通报曝光（2024年第一季度）"
    en = exposure.grounds_text(big, RULES, "en")
    assert (
        en
        == "No. 1 in Loans and wealth management by complaints; 100 or more complaints this quarter; named on an earlier list (Q1 2024)"
    )
    rep = {**df.loc["rep"].to_dict(), "key": "rep"}
    assert exposure.grounds_text(rep, RULES, "zh") == "教育培训行业投诉量第1名；连续3个季度投诉居前"
    assert "屡次" not in zh and "repeat" not in en
    fined = {**df.loc["fined"].to_dict(), "key": "fined"}
    # The measure taken: this quarter's fine, its date and authority; ¥30,000 without illegal gains is above
    # the ¥10,000 cap, so the amount is not published but marked as under legal review.
    assert (
        exposure.measure_text(fined, Q, "zh") == "2024年5月2日，省通信管理局罚款（罚款金额超出法定限额，正在法律审核）"
    )
    assert "30,000" in exposure.history_text(fined["enforcement"], "zh")  # the internal history keeps it
    assert exposure.measure_text(big, Q, "zh") == "2024年1月15日，工业和信息化部通报"  # none this quarter: the latest
    assert df.loc["big", "port_company"] == "某某云信（示例）" and df.loc["big", "port_companies"] == 2


def test_evidence() -> None:
    df = found().set_index("key")
    big = df.loc["big"]
    assert big["name"] == "大公司（示例）" and big["company_id"] == "91110000600012345D"
    assert big["industry"] == "loans_finance"  # the main industry
    assert big["complaints"] == 125 and big["previous_complaints"] == 100 and big["change_pct"] == 25.0
    assert big["yoy_complaints"] == 50 and big["yoy_pct"] == 150.0
    assert big["industry_rank"] == 1 and big["industry_share"] == 100.0
    assert big["ports_shut"] == 1 and pd.isna(big["fined_yuan"])  # NaN in the frame, null in a record
    assert big["enforcement"] == [
        {
            "date": "2024-01-15",
            "quarter": "2024Q1",
            "action": "notice",
            "fine_yuan": None,
            "authority": "工业和信息化部",
            "authority_type": "telecom",
            "authority_zh": "工业和信息化部",
            "authority_en": "Ministry of Industry and Information Technology",
            "under_review": False,
        }
    ]
    assert big["share"] == round(125 / fixture().query("quarter == @Q").complaints.sum() * 100, 2)
    assert big["earlier_listings"] == [{"list_id": "EXP-2024Q1", "version": 2, "quarter": "2024Q1"}]
    assert df.loc["rep", "streak"] == 3
    assert df.loc["fined", "fined_yuan"] == 30000.0
    assert [a["action"] for a in df.loc["fined", "enforcement"]] == ["interview", "fine"]
    assert pd.isna(df.loc["r1", "change_pct"])  # no complaints last quarter: no percentage
    assert list(found()["key"])[0] == "big"  # most complaints first


def test_rules_switch_off_and_floor() -> None:
    got = rules_of(
        found(Rules(min_complaints=0, top_per_industry=0, repeat_quarters=0, min_ports_shut=3, fined=False, floor=5))
    )
    assert got == {"ports": ["ports_shut"]}
    got = rules_of(
        found(Rules(min_complaints=0, top_per_industry=0, repeat_quarters=0, min_ports_shut=3, fined=False, floor=1))
    )
    assert set(got) == {"ports", "tiny"}
    # Repeat needs the per-quarter rules: with top 1 and M = 2, edu2 (top in 2023Q3 only) is no repeat.
    got = rules_of(
        found(Rules(min_complaints=0, top_per_industry=1, repeat_quarters=2, min_ports_shut=0, fined=False, floor=1))
    )
    assert "repeat" in got["rep"] and "edu2" not in got


def test_empty_quarter_and_bad_rules() -> None:
    assert exposure.find(fixture(), "2019Q1", RULES).empty
    assert list(exposure.empty().columns) == list(exposure.COLUMNS)
    for bad in (
        Rules(min_complaints=-1),
        Rules(repeat_quarters=1),
        Rules(channel="fax"),
        Rules(min_complaints=0, top_per_industry=0, min_ports_shut=0, fined=False),
    ):
        with pytest.raises(ValueError):
            bad.validated()
    assert Rules.from_dict({**Rules().as_dict(), "unknown": 1}) == Rules()


def test_rules_in_words() -> None:
    zh = exposure.rules_summary(RULES, "zh")
    assert zh[0] == "本季度投诉量不少于100件。" and "连续3个及以上季度" in "".join(zh)
    assert any("不单独作为入选条件" in line for line in zh) and "统一社会信用代码" in zh[-1]
    en = exposure.rules_summary(Rules(min_complaints=0, fined=False), "en")
    assert not any("At least 0" in line for line in en) and not any("Fined" in line for line in en)
