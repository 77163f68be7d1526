"""Operator complaint rates on consistent denominators: a basic operator's subscribers exclude the users of the
resellers it hosts (whose complaints rank under the reseller), so no user is counted twice."""

from __future__ import annotations

from pathlib import Path

from anning.analysis import rankings
from anning.i18n import t
from anning.store import db as store
from anning.store import reference


def test_basic_operators_exclude_their_resellers_users(demo_db: Path) -> None:
    r = store.Reader(demo_db)
    try:
        ranking = rankings.rank(r, rankings.RankSpec("operator", "2024Q2", min_volume=0), "en")
    finally:
        r.close()
    df = ranking.table.set_index("key")
    subs = reference.table("subscribers")
    ops = reference.table("operator").set_index("code")
    y2024 = subs[subs["year"] == 2024].set_index("operator")["subscribers"]
    hosted = y2024[y2024.index.isin(ops.index[ops["host"] == "cmcc"])].sum()
    assert hosted > 20_000_000  # the resellers on China Mobile's network
    assert int(df.loc["cmcc", "subscribers"]) == int(y2024["cmcc"] - hosted)
    assert df.loc["cmcc", "rate_per_million"] == df.loc["cmcc", "complaints"] / (y2024["cmcc"] - hosted) * 1e6
    # Every user once: the listed subscribers add up to the basic operators' published totals.
    basic = [c for c in ops.index if ops.loc[c, "kind"] == "basic"]
    assert set(basic) <= set(df.index)
    listed = df["subscribers"].dropna().astype("int64")
    unlisted_resellers = [c for c in y2024.index if c not in listed.index and ops.loc[c, "kind"] == "mvno"]
    assert int(listed.sum() + y2024[unlisted_resellers].sum()) == int(y2024[basic].sum())
    assert "exclude the users of the resellers" in t("rk.method.rate", "en")
