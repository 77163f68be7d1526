"""Rankings against a hand-built store whose every number was worked out by hand (see FIXTURE below).

Complaints per industry (one row each, with ``count``; company = industry name, operator China Mobile
unless noted, province Guangdong):

=============  =======  =======  =======  ======================================
industry       2023Q2   2024Q1   2024Q2   notes
=============  =======  =======  =======  ======================================
loans_finance  25       40       50       2024Q2: the quarter ranked
gambling       .        10       40       2024Q2 rows on the MVNO 澄岚移动 (mvno01)
education      .        30       30       2024Q2: 20 SMS + 10 calls
retail         .        .        30       new in 2024Q2
medical        40       20       20
tourism        .        1        3        1 -> 3: must never lead a list of risers
insurance      .        60       .        out in 2024Q2
=============  =======  =======  =======  ======================================

Totals: 2024Q2 173, 2024Q1 161, 2023Q2 65. One complaint on 2024-08-10 (loans, count 5) makes
2024Q2 complete and 2024Q3 partial. 2023Q1 and 2022Q2 are not loaded.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from anning.analysis import rankings
from anning.analysis.rankings import RankSpec
from anning.load import loader
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, complaint, write_csv

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 28)

# (industry, quarter date, count, overrides)
FIXTURE: list[tuple[str, str, int, dict[str, str]]] = [
    ("loans_finance", "2023-05-03", 25, {}),
    ("medical", "2023-05-03", 40, {}),
    ("insurance", "2024-02-03", 60, {}),
    ("loans_finance", "2024-02-03", 40, {}),
    ("education", "2024-02-03", 30, {}),
    ("medical", "2024-02-03", 20, {}),
    ("gambling", "2024-02-03", 10, {}),
    ("tourism", "2024-02-03", 1, {}),
    ("loans_finance", "2024-05-03", 50, {}),
    ("gambling", "2024-05-03", 40, {"operator": "澄岚移动"}),
    ("education", "2024-05-03", 20, {}),
    ("education", "2024-05-04", 10, {"channel": "call"}),
    ("retail", "2024-05-03", 30, {}),
    ("medical", "2024-05-03", 20, {}),
    ("tourism", "2024-05-03", 3, {}),
    ("loans_finance", "2024-08-10", 5, {}),
]


def build_store(path: Path, rows: list[tuple[str, str, int, dict[str, str]]], today: dt.date | None = None) -> Path:
    """Write the rows as a contract CSV and load it with the real loader (on ``today``, default TODAY)."""
    data = [
        complaint(i, industry=ind, received_at=f"{day} 10:00:00", count=str(n), company=f"{ind}公司", **over)
        for i, (ind, day, n, over) in enumerate(rows)
    ]
    csv = write_csv(path.parent / "complaints.csv", COMPLAINT_HEADER, data)
    report = loader.load([csv], path, user="test", today=today or TODAY)
    assert report.ok, report.lines()
    return path


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> store.Reader:
    db = build_store(tmp_path_factory.mktemp("rank") / "anning.duckdb", FIXTURE)
    r = store.Reader(db)
    yield r
    r.close()


def ranking(reader: store.Reader, lang: str = "en", **kw: object) -> rankings.Ranking:
    spec = RankSpec(**{"by": "industry", "quarter": "2024Q2", **kw})  # type: ignore[arg-type]
    return rankings.rank(reader, spec, lang, today=TODAY)


def ranked(reader: store.Reader, lang: str = "en", **kw: object) -> pd.DataFrame:
    return ranking(reader, lang, **kw).table


def test_counts_shares_ties_and_threshold(reader: store.Reader) -> None:
    res = ranking(reader)
    df = res.table
    assert list(df.key) == ["loans_finance", "gambling", "education", "retail", "medical"]  # tourism (3) < 10
    assert list(df["rank"]) == [1, 2, 3, 3, 5]  # ties share a rank, the next rank skips
    assert list(df.complaints) == [50, 40, 30, 30, 20]
    assert df.share.tolist() == pytest.approx([50 / 173, 40 / 173, 30 / 173, 30 / 173, 20 / 173])
    assert res.total == 173 and res.previous_total == 161 and res.yoy_total == 65
    assert res.n_keys == 6 and res.complete is True
    assert list(df.name) == [
        "Loans and wealth management",
        "Gambling",
        "Education and training",
        "Retail marketing",
        "Medical and cosmetic services",
    ]
    # Without a threshold tourism appears; insurance (none this quarter) has no rank to show.
    assert list(ranked(reader, min_volume=0).key)[-1] == "tourism"
    assert "insurance" not in set(ranked(reader, min_volume=0).key)


def test_top_keeps_a_tie_at_the_boundary(reader: store.Reader) -> None:
    assert list(ranked(reader, top=3).key) == ["loans_finance", "gambling", "education", "retail"]
    assert list(ranked(reader, top=2).key) == ["loans_finance", "gambling"]


def test_previous_quarter_rank_movement_and_changes(reader: store.Reader) -> None:
    df = ranked(reader, min_volume=0).set_index("key")
    # 2024Q1 ranks: insurance 1, loans 2, education 3, medical 4, gambling 5, tourism 6.
    assert df.loc["loans_finance", "previous_complaints"] == 40 and df.loc["loans_finance", "previous_rank"] == 2
    assert df.loc["loans_finance", "movement"] == "▲1" and df.loc["loans_finance", "rank_change"] == 1
    assert df.loc["gambling", "movement"] == "▲3"
    assert df.loc["education", "movement"] == "＝"
    assert df.loc["medical", "movement"] == "▼1"  # 4 -> 5 (the tie at 3 pushes it down)
    assert df.loc["retail", "movement"] == "new" and df.loc["retail", "previous_complaints"] == 0
    assert pd.isna(df.loc["retail", "previous_rank"]) and pd.isna(df.loc["retail", "change_pct"])
    assert df.loc["loans_finance", "change_pct"] == pytest.approx(25.0)  # percent, not a fraction
    assert df.loc["gambling", "change_pct"] == pytest.approx(300.0)
    assert df.loc["tourism", "change_pct"] == pytest.approx(200.0)
    assert df.loc["education", "change"] == 0 and df.loc["gambling", "change"] == 30


def test_year_on_year(reader: store.Reader) -> None:
    df = ranked(reader).set_index("key")
    assert df.loc["loans_finance", "yoy_complaints"] == 25
    assert df.loc["loans_finance", "yoy_pct"] == pytest.approx(100.0)
    assert df.loc["medical", "yoy_pct"] == pytest.approx(-50.0)
    assert df.loc["gambling", "yoy_complaints"] == 0 and pd.isna(df.loc["gambling", "yoy_pct"])


def test_poisson_significance(reader: store.Reader) -> None:
    from scipy.stats import binomtest

    df = ranked(reader, min_volume=0).set_index("key")
    for key, cur, prev in [
        ("loans_finance", 50, 40),
        ("gambling", 40, 10),
        ("tourism", 3, 1),
        ("education", 30, 30),
        ("retail", 30, 0),
    ]:
        assert df.loc[key, "p_value"] == pytest.approx(binomtest(cur, cur + prev, 0.5).pvalue, rel=1e-9), key
    assert not df.loc["loans_finance", "significant"]
    assert df.loc["loans_finance", "p_value"] == pytest.approx(0.3428, abs=1e-4)  # 50 vs 40: noise
    assert bool(df.loc["gambling", "significant"]) and df.loc["gambling", "note"] == "rise"
    assert not df.loc["tourism", "significant"] and df.loc["tourism", "note"] == "not_significant"
    assert df.loc["retail", "note"] == "new"


def test_binomial_p_matches_scipy_over_a_grid() -> None:
    import numpy as np
    from scipy.stats import binomtest

    cur = np.array([k for k in range(0, 40) for _ in range(0, 40)])
    prev = np.array([p for _ in range(0, 40) for p in range(0, 40)])
    got = rankings.binomial_p(cur, prev)
    for c, p, g in zip(cur, prev, got, strict=True):
        if c + p:
            assert g == pytest.approx(binomtest(int(c), int(c + p), 0.5).pvalue, rel=1e-9, abs=1e-15)
    big = [(5000, 5200), (123456, 124000), (1_000_000, 1_003_000), (0, 60)]  # 10M-complaint volumes
    got = rankings.binomial_p(np.array([c for c, _ in big]), np.array([p for _, p in big]))
    for (c, p), g in zip(big, got, strict=True):
        assert g == pytest.approx(binomtest(c, c + p, 0.5).pvalue, rel=1e-9)


def test_sort_by_change_never_leads_with_noise(reader: store.Reader) -> None:
    df = ranked(reader, sort="change")
    # Significant rises by size (gambling +30 and retail +30: more complaints first), then the changes too
    # small to mean anything by size, then the significant fall (insurance 60 -> 0).
    assert list(df.key) == ["gambling", "retail", "loans_finance", "education", "medical", "insurance"]
    assert list(df.note) == ["rise", "new", "not_significant", "not_significant", "not_significant", "out"]
    assert df.set_index("key").loc["insurance", "movement"] == "out"
    # Even with no threshold, 1 -> 3 (+200%) sits with the insignificant changes, never on top.
    noisy = list(ranked(reader, sort="change", min_volume=0).key)
    assert noisy[:2] == ["gambling", "retail"] and noisy.index("tourism") > noisy.index("loans_finance")
    assert list(ranked(reader, sort="change", top=2).key) == ["gambling", "retail"]


def test_missing_previous_quarter(reader: store.Reader) -> None:
    # 2023Q2's previous quarter (2023Q1) and year-ago quarter (2022Q2) are not loaded.
    res = ranking(reader, quarter="2023Q2")
    df = res.table.set_index("key")
    assert list(df.index) == ["medical", "loans_finance"]
    assert df.previous_complaints.isna().all() and df.previous_rank.isna().all()
    assert df.change_pct.isna().all() and df.yoy_complaints.isna().all() and df.yoy_pct.isna().all()
    assert set(df.movement) == {""} and df.significant.isna().all() and set(df.note) == {"no_previous"}
    assert res.has_previous is False and res.has_yoy is False


def test_partial_quarter_is_not_tested(reader: store.Reader) -> None:
    res = ranking(reader, quarter="2024Q3", min_volume=0, sort="change")
    df = res.table.set_index("key")
    assert res.complete is False
    assert df.loc["loans_finance", "complaints"] == 5 and df.loc["loans_finance", "note"] == "partial"
    assert df.significant.isna().all()  # 50 -> 5 is a partial quarter, not a fall


def test_filters_channel_category_and_operator_kind(reader: store.Reader) -> None:
    res = ranking(reader, channel="call", min_volume=0)
    calls = res.table
    assert list(calls.key) == ["education"] and res.total == 10 and calls.share.iloc[0] == 1.0
    assert ranked(reader, category="fraud").empty
    ops = ranked(reader, by="operator").set_index("key")
    assert list(ops.index) == ["cmcc", "mvno01"] and list(ops.complaints) == [133, 40]
    # China Mobile's own users: its 2024 total less the users of the resellers it hosts (ranked on their own).
    own = 1_004_000_000 - hosted_users("cmcc", 2024)
    assert ops.loc["cmcc", "subscribers"] == own and ops.loc["cmcc", "subscribers_year"] == 2024
    assert ops.loc["cmcc", "rate_per_million"] == pytest.approx(133 / own * 1e6)
    assert ops.loc["mvno01", "rate_per_million"] == pytest.approx(40 / 7.751970)
    mvno = ranked(reader, by="operator", operator_kind="mvno")
    assert list(mvno.key) == ["mvno01"] and list(mvno["rank"]) == [1] and mvno.share.iloc[0] == 1.0


def test_other_dimensions_and_names(reader: store.Reader) -> None:
    companies = ranked(reader, by="company", lang="zh")
    assert companies.name.iloc[0] == "loans_finance公司" and companies.key.iloc[0].startswith("n:")
    prov = ranked(reader, by="province", lang="zh")
    assert list(prov.key) == ["440000"] and list(prov.name) == ["广东省"] and prov.complaints.iloc[0] == 173
    ranges = ranked(reader, by="number_range")
    assert list(ranges.key) == ["106"] and list(ranges.name) == ["106 SMS ports"]
    ports = ranked(reader, by="port_company", lang="zh")
    assert list(ports.name) == ["测试云信（示例）"]
    assert list(ranked(reader, by="industry", lang="zh").name)[:2] == ["贷款理财", "赌博"]


def test_subscribers_fall_back_to_the_latest_earlier_year(tmp_path: Path) -> None:
    # Loaded in 2027: a row dated after the load date would be set aside (issue 15), not stored.
    db = build_store(tmp_path / "s" / "anning.duckdb", [("retail", "2027-02-01", 12, {})], today=dt.date(2027, 6, 1))
    r = store.Reader(db)
    try:
        ops = rankings.rank(r, RankSpec("operator", "2027Q1"), "en", today=dt.date(2027, 6, 1)).table
    finally:
        r.close()
    assert ops.subscribers_year.iloc[0] == 2026
    assert ops.subscribers.iloc[0] == 1_015_000_000 - hosted_users("cmcc", 2026)


def hosted_users(host: str, year: int) -> int:
    """The users of the resellers ``host`` carries, from the shipped reference (for the expected denominators)."""
    from anning.store import reference

    ops = reference.table("operator")
    subs = reference.table("subscribers")
    hosted = set(ops.loc[(ops["kind"] == "mvno") & (ops["host"] == host), "code"])
    mine = subs[subs["operator"].isin(hosted) & (subs["year"] == year)]
    assert len(mine) == len(hosted)  # every hosted reseller has a figure for the year
    return int(mine["subscribers"].sum())


@pytest.mark.parametrize("by", rankings.DIMENSIONS)
def test_every_dimension_runs_and_has_the_documented_columns(reader: store.Reader, by: str) -> None:
    df = ranked(reader, by=by, min_volume=0)
    extra = list(rankings.OPERATOR_COLUMNS) if by == "operator" else []
    assert list(df.columns) == list(rankings.COLUMNS) + extra
    assert len(df) >= 1


@pytest.mark.parametrize(
    "spec, message",
    [
        (RankSpec("industry; drop table r_rank", "2024Q2"), "unknown ranking"),
        (RankSpec("industry", "2024-2"), "not a quarter"),
        (RankSpec("industry", "2024Q2", channel="fax"), "unknown channel"),
        (RankSpec("industry", "2024Q2", category="spam"), "unknown category"),
        (RankSpec("industry", "2024Q2", operator_kind="mvno"), "needs --by operator"),
        (RankSpec("industry", "2024Q2", sort="name"), "unknown sort"),
        (RankSpec("industry", "2024Q2", top=0), "at least 1"),
    ],
)
def test_bad_specs_are_refused(reader: store.Reader, spec: RankSpec, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        rankings.rank(reader, spec, "en")


def test_display_frame_and_methodology() -> None:
    df = pd.DataFrame({c: [] for c in rankings.COLUMNS})
    view = rankings.display_frame(df, "company", "zh")
    assert list(view.columns)[:4] == ["排名", "升降", "企业", "统一社会信用代码"]
    lines = rankings.methodology(RankSpec("company", "2024q2", channel="sms"), "en", complete=False)
    assert lines[0] == "Source companies, 2024Q2: Spam SMS, All categories."
    assert any("binomial" in x for x in lines) and any("fewer than 10" in x for x in lines)
    assert any("incomplete" in x for x in lines)
    assert any(
        "in both this quarter and the previous one" in x
        for x in rankings.methodology(RankSpec("company", "2024Q2", sort="change"), "en")
    )


def test_export_carries_watermark_and_methodology(reader: store.Reader) -> None:
    from anning.publish import exports

    spec = RankSpec("industry", "2024Q2")
    view = rankings.display_frame(rankings.rank(reader, spec, "zh", today=TODAY).table, "industry", "zh")
    text = exports.csv_bytes(view, demo=True, lang="zh", notes=rankings.methodology(spec, "zh")).decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0].startswith("排名,升降,行业,投诉量,占比%")
    assert lines[1].startswith("1,▲1,贷款理财,50,28.9,40,2,25.0,25,100.0,")  # 50/173 = 28.9%
    assert "# 合成演示数据，不得对外发布" in lines and any("二项检验" in x for x in lines)


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anning", "rank", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_json_is_the_same_ranking(reader: store.Reader) -> None:
    from anning.publish.exports import json_records

    proc = _cli(reader.db, "--by", "industry", "--quarter", "2024Q2", "--format", "json", "--min-volume", "0")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    # The CLI uses today's date for completeness; 2024Q2 is long complete, so the same as TODAY here.
    assert rows == json_records(ranked(reader, min_volume=0))
    first = rows[0]
    assert {"rank", "key", "name", "complaints", "share", "previous_complaints", "change_pct"} <= set(first)
    assert first["key"] == "loans_finance" and first["complaints"] == 50 and first["change_pct"] == 25.0
    assert rows[3]["rank"] == rows[2]["rank"] == 3
    retail = next(r for r in rows if r["key"] == "retail")
    assert retail["change_pct"] is None and retail["previous_complaints"] == 0


def test_cli_table_csv_and_errors(reader: store.Reader) -> None:
    table = _cli(reader.db, "--by", "operator", "--quarter", "2024q2", "--lang", "zh")
    assert table.returncode == 0 and "中国移动" in table.stdout and "澄岚移动（示例）" in table.stdout
    csv = _cli(reader.db, "--by", "industry", "--quarter", "2024Q2", "--format", "csv", "--top", "1")
    assert csv.returncode == 0 and csv.stdout.splitlines()[1].startswith("1,▲1,Loans and wealth management,50")
    assert "# Ties share a rank" in csv.stdout or "Ties share a rank" in csv.stdout
    for args, msg in [
        (("--quarter", "2031Q1"), "no complaints loaded for 2031Q1"),
        (("--quarter", "2024Q5"), "not a quarter label"),
        (("--quarter", "2024Q2", "--kind", "mvno"), "needs --by operator"),
    ]:
        proc = _cli(reader.db, "--by", "industry", *args)
        assert proc.returncode == 2 and msg in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
    bad = _cli(reader.db, "--by", "planet", "--quarter", "2024Q2")
    assert bad.returncode == 2 and "invalid choice" in bad.stderr
    missing = _cli(reader.db.parent / "nope.duckdb", "--by", "industry", "--quarter", "2024Q2")
    assert missing.returncode == 2 and "no store" in missing.stderr


def test_table_colours_follow_the_notes() -> None:
    from anning.charts import rankings as ranking_colours
    from anning.charts import theme

    label = {c: c.upper() for c in ("change_pct", "note", "yoy_pct", "movement")}
    view = pd.DataFrame(
        {"CHANGE_PCT": [5.0, -3.0, 1.0], "NOTE": ["", "", ""], "YOY_PCT": [1, 2, 3], "MOVEMENT": ["▲2", "▼1", ""]}
    )
    css = ranking_colours.table_css(view, label, ["rise", "fall", "not_significant"], complete=False)
    assert list(css["CHANGE_PCT"]) == [f"color: {theme.UP}", f"color: {theme.DOWN}", f"color: {theme.MUTED}"]
    assert list(css["MOVEMENT"]) == [f"color: {theme.UP}", f"color: {theme.DOWN}", ""]
    assert set(css["YOY_PCT"]) == {f"color: {theme.MUTED}"}  # a partial quarter greys the year-on-year change
    assert set(ranking_colours.table_css(view, label, ["", "", ""], complete=True)["YOY_PCT"]) == {""}
