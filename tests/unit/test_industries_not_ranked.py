"""No non-industry is ranked as an industry: unclassified and "other" complaints are reported beside the
industry ranking as shares of their own, and the real industries are ranked among themselves."""

from __future__ import annotations

import pytest

from anning.analysis import rankings
from anning.load import loader
from anning.store import db as store
from tests.helpers import COMPLAINT_HEADER, TODAY, complaint, write_csv

# (industry, date, count): unclassified (blank) and "other" lead both quarters.
ROWS = [
    ("", "2024-02-03", 90),
    ("other", "2024-02-03", 70),
    ("retail", "2024-02-03", 40),
    ("loans_finance", "2024-02-03", 30),
    ("", "2024-05-03", 80),
    ("涉嫌诈骗", "2024-05-03", 60),  # a category in the industry column: unclassified (and a warning)
    ("other", "2024-05-03", 50),
    ("loans_finance", "2024-05-03", 45),
    ("retail", "2024-05-03", 45),
    ("education", "2024-05-03", 10),
    ("loans_finance", "2024-08-10", 1),
]


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    tmp = tmp_path_factory.mktemp("ind")
    data = [
        complaint(i, industry=ind, received_at=f"{day} 10:00:00", count=str(n), company=f"{ind or 'x'}公司")
        for i, (ind, day, n) in enumerate(ROWS)
    ]
    report = loader.load(
        [write_csv(tmp / "c.csv", COMPLAINT_HEADER, data)], tmp / "anning.duckdb", user="t", today=TODAY
    )
    assert report.ok, report.lines()
    r = store.Reader(tmp / "anning.duckdb")
    yield r
    r.close()


def test_industry_ranking_leaves_out_non_industries(reader: store.Reader) -> None:
    res = rankings.rank(reader, rankings.RankSpec("industry", "2024Q2", min_volume=1), "zh", today=TODAY)
    df = res.table
    assert list(df.key) == ["loans_finance", "retail", "education"]
    assert list(df["rank"]) == [1, 1, 3]  # ties share a rank among the real industries
    # Last quarter: retail 1, loans 2 (among real industries only), so loans moved up one and retail stayed.
    assert df.previous_rank.tolist()[:2] == [2, 1] and df.previous_rank.isna().tolist() == [False, False, True]
    assert df.movement.tolist()[:2] == ["▲1", "＝"]
    assert res.total == 290 and df.share.iloc[0] == pytest.approx(45 / 290)  # shares stay of all complaints
    un = res.unranked.set_index("key")
    assert list(un.index) == ["unclassified", "other"]
    assert int(un.loc["unclassified", "complaints"]) == 140 and un.loc["other", "share"] == pytest.approx(50 / 290)
    assert "未分类" not in set(df.name) and "其他" not in set(df.name)


def test_other_dimensions_keep_every_key(reader: store.Reader) -> None:
    res = rankings.rank(reader, rankings.RankSpec("operator", "2024Q2", min_volume=1), "zh", today=TODAY)
    assert res.unranked.empty and int(res.table.complaints.sum()) == 290
