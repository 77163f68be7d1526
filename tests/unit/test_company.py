"""Company profile functions against the hand-built chain store (tests/chain_store.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd

from anning.analysis import company
from anning.charts import company as company_charts
from anning.store import db as store
from anning.store import info
from tests import chain_store
from tests.helpers import VALID_USCC


def test_resolve_key() -> None:
    assert company.resolve_key(VALID_USCC.lower()) == VALID_USCC
    assert company.resolve_key(" 测试 贷款（示例） ") == chain_store.A_NAME_KEY
    assert company.resolve_key("n:whatever") == "n:whatever"
    assert company.resolve_key("91110000600012345X") == "n:91110000600012345x"  # bad check character: a name
    assert company.resolve_key(None) == ""


def test_search_by_name_code_and_merged_name_keys(chain_reader: store.Reader) -> None:
    everyone = company.search(chain_reader)
    # A's name key is merged into its coded key, so it is listed once; most complaints first.
    assert list(everyone["key"]) == [chain_store.PORT_CO_KEY, VALID_USCC, chain_store.B_KEY]
    assert list(everyone["complaints"]) == [21, 16, 6]
    assert list(company.search(chain_reader, "12345D")["key"]) == [VALID_USCC]
    assert list(company.search(chain_reader, "另一家")["key"]) == [chain_store.B_KEY]
    assert company.search(chain_reader, "nobody").empty
    assert company.option_label("甲（示例）", VALID_USCC) == f"甲（示例） · {VALID_USCC}"
    assert company.option_label("乙", float("nan")) == "乙"
    assert company.label_for(chain_reader, "n:unknown") == "unknown"  # a key is never shown as n:…


def test_source_company_profile_reads_the_whole_chain(chain_reader: store.Reader) -> None:
    p = company.profile(chain_reader, VALID_USCC)
    assert p.found and p.name == chain_store.A_NAME and p.company_id == VALID_USCC
    assert p.keys == (VALID_USCC, chain_store.A_NAME_KEY)
    assert p.roles == ("source",)
    tl = p.timeline.groupby(["quarter", "channel", "category"])["complaints"].sum().to_dict()
    assert tl == {
        ("2024Q1", "sms", "marketing"): 3,
        ("2024Q2", "call", "harassment"): 3,
        ("2024Q2", "sms", "marketing"): 12,
    }
    ops = p.involved[p.involved["dim"] == "operator"].set_index("code")["complaints"].to_dict()
    assert ops == {"cmcc": 15, "cucc": 3}
    td = p.takedowns.set_index("takedown_id")
    assert set(td.index) == {"K1", "K2"}  # K3 (no holder) and K4 (B's port) are not A's
    assert td.loc["K1", "relation"] == "used" and td.loc["K2", "relation"] == "held"
    # K1 (2024-05-20) on P1: A's 2024Q2 complaints there are 4 + 6 + 2; the run began 2024-04-15.
    assert td.loc["K1", "complaints"] == 12 and td.loc["K1", "days_to_takedown"] == 35
    assert pd.isna(td.loc["K2", "complaints"])
    assert list(p.enforcement["case_id"]) == ["E1", "E2"]
    s = p.summary
    assert (s.complaints, s.port_complaints, s.first_quarter) == (18, 0, "2024Q1")
    assert (s.ports_shut, s.numbers_shut, s.lines_shut, s.actions) == (1, 0, 1, 2)
    assert (s.latest_action, s.latest_fine, s.latest_date) == ("fine", 20000.0, dt.date(2024, 6, 10))


def test_opening_by_name_key_gives_the_same_profile(chain_reader: store.Reader) -> None:
    by_name = company.profile(chain_reader, chain_store.A_NAME_KEY)
    by_code = company.profile(chain_reader, VALID_USCC)
    assert by_name.company_id == VALID_USCC
    assert by_name.summary == by_code.summary


def test_port_company_profile(chain_reader: store.Reader) -> None:
    p = company.profile(chain_reader, chain_store.PORT_CO_KEY)
    assert p.roles == ("port",) and p.keys == (chain_store.PORT_CO_KEY,)
    assert p.summary.port_complaints == 21 and p.summary.complaints == 0
    held = p.takedowns.set_index("takedown_id")
    assert set(held.index) == {"K1", "K4"} and set(held["relation"]) == {"held"}
    assert held.loc["K1", "complaints"] == 12 and held.loc["K4", "complaints"] == 6
    assert held.loc["K4", "days_to_takedown"] == 22  # 2024-05-12 -> 2024-06-03
    industries = p.involved[(p.involved["dim"] == "industry")].set_index("code")["complaints"].to_dict()
    assert industries == {"loans_finance": 15, "retail": 6}


def test_summary_sentences(chain_reader: store.Reader) -> None:
    a = company.profile(chain_reader, VALID_USCC)
    assert company.summary_sentence(a, "en") == (
        "18 complaints since 2024Q1, 1 port shut, 1 line shut, 2 enforcement actions, "
        "latest: fine ¥20,000 on 2024-06-10."
    )
    assert company.summary_sentence(a, "zh") == (
        "2024Q1以来被投诉18件次，关停端口1个，关停线路1条，执法处置2次，最近一次为2024-06-10罚款20,000元。"
    )
    b = company.profile(chain_reader, chain_store.B_KEY)
    assert company.summary_sentence(b, "en") == "6 complaints since 2024Q2, 1 port shut, no enforcement actions."
    pc = company.profile(chain_reader, chain_store.PORT_CO_KEY)
    assert company.summary_sentence(pc, "en") == (
        "21 complaints about messages sent through its ports since 2024Q1, 2 ports shut, 1 enforcement action, "
        "latest: notice on 2024-06-11."
    )


def test_a_port_shut_in_several_quarters_is_counted_once_and_its_takedowns_in_all(chain_reader: store.Reader) -> None:
    # The sentence counts distinct targets and the chart counts takedowns per quarter: with a port shut in three
    # quarters, the sentence must say so, or "1 port shut" reads against a chart line summing to 3.
    a = company.profile(chain_reader, VALID_USCC)
    port = a.takedowns[a.takedowns["target_type"] == "port"].iloc[0]
    again = pd.DataFrame(
        [port.to_dict() | {"takedown_id": f"again{i}", "quarter": q} for i, q in enumerate(["2023Q3", "2023Q4"])]
    )
    takedowns = pd.concat([a.takedowns, again], ignore_index=True)
    summary = company.summarise(a.timeline, takedowns, a.enforcement)
    assert (summary.ports_shut, summary.lines_shut, summary.takedowns) == (1, 1, 4)
    p = replace(a, takedowns=takedowns, summary=summary)
    assert "1 port shut, 1 line shut, 4 takedowns in all (some were shut more than once), " in company.summary_sentence(
        p, "en"
    )
    assert "关停端口1个，关停线路1条，累计关停4次（部分对象曾多次被关停），" in company.summary_sentence(p, "zh")
    fig = company_charts.timeline_figure(
        p, role="source", by="channel", lang="en", quarters=["2023Q3", "2023Q4", "2024Q1", "2024Q2"]
    )
    shut = next(tr for tr in fig.data if tr.name == "Shut down")
    assert list(shut.y) == [1, 1, 0, 2] and sum(shut.y) == summary.takedowns
    assert company.summary_sentence(a, "en").count("takedowns in all") == 0  # each target shut once: nothing to add


def test_unknown_key(chain_reader: store.Reader) -> None:
    p = company.profile(chain_reader, "n:nobody")
    assert not p.found and p.timeline.empty and p.summary.actions == 0
    assert company.summary_sentence(p, "en") == "No complaints on record, 0 ports shut, no enforcement actions."


def test_display_tables_are_translated(chain_reader: store.Reader) -> None:
    p = company.profile(chain_reader, VALID_USCC)
    ops = company.involved_table(p, "operator", "source", "zh")
    assert list(ops.columns) == ["名称", "类别", "投诉量", "占比"]
    assert list(ops["名称"]) == ["中国移动", "中国联通"] and list(ops["占比"]) == [83.3, 16.7]
    td = company.takedown_table(p, "en")
    assert list(td["Relation"]) == ["Held", "Used"]  # newest first
    assert list(td["Type"]) == ["Line", "SMS port"]
    en = company.enforcement_table(p, "zh")
    assert list(en["措施"]) == ["罚款", "约谈"] and list(en["罚款"]) == ["20,000元", ""]


def test_appearances_is_empty_without_the_publications_table(chain_db: Path, tmp_path: Path) -> None:
    # A data file on its own (no workflow file, as before the publications release): the empty frame.
    alone = tmp_path / "alone" / "anning.duckdb"
    alone.parent.mkdir()
    alone.write_bytes(chain_db.read_bytes())
    r = store.Reader(alone)
    try:
        assert info.has_table(r, "r_company_ports") and not info.has_table(r, "published_list_entries")
        empty = company.appearances(r, VALID_USCC)
        assert list(empty.columns) == ["list_id", "version", "quarter", "published_at"] and empty.empty
        p = company.profile(r, VALID_USCC)
        assert not p.lists_available and p.lists.empty
    finally:
        r.close()


def test_appearances_reads_published_lists_under_every_key(chain_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "pub" / "anning.duckdb"
    db.parent.mkdir()
    db.write_bytes(chain_db.read_bytes())
    work = store.work_path(db)
    work.write_bytes(store.work_path(chain_db).read_bytes())
    con = duckdb.connect(str(work))
    con.execute(
        "insert into list_versions (list_id, version, quarter, published_at) values "
        "('L1', 1, '2024Q2', '2024-07-05 10:00:00')"
    )
    con.execute(
        "insert into published_list_entries values "
        "('L1', 1, '2024Q2', $k, '测试贷款（示例）', true, 'complaints', '2024-07-05 10:00:00')",
        {"k": chain_store.A_NAME_KEY},
    )
    con.close()
    r = store.Reader(db)
    try:
        # Listed under its name key, found from its credit code.
        got = company.appearances(r, VALID_USCC)
        assert list(got[["list_id", "version", "quarter"]].itertuples(index=False, name=None)) == [("L1", 1, "2024Q2")]
        assert company.profile(r, VALID_USCC).lists_available
        assert company.appearances(r, chain_store.B_KEY).empty
    finally:
        r.close()


def test_timeline_figure_shows_the_chain(chain_reader: store.Reader) -> None:
    p = company.profile(chain_reader, VALID_USCC)
    fig = company_charts.timeline_figure(
        p, role="source", by="channel", lang="en", quarters=["2024Q1", "2024Q2"], highlight="2024Q2"
    )
    names = [tr.name for tr in fig.data]
    assert names == ["Spam SMS", "Harassing calls", "Shut down", "Enforcement action"]
    assert list(fig.data[0].y) == [3, 12] and list(fig.data[1].y) == [0, 3]
    assert list(fig.data[2].y) == [0, 2]  # P1 and L123 shut in 2024Q2
    assert list(fig.data[3].x) == ["2024Q2"] and "Fine ¥20,000" in fig.data[3].text[0]
    assert len(fig.layout.shapes) == 1  # the selected quarter
    assert fig.layout.yaxis.title.text == "Complaints" and fig.layout.yaxis2.title.text == "Shut down"
    cat = company_charts.timeline_figure(
        p, role="source", by="category", lang="zh", quarters=["2024Q1", "2024Q2"], chain=False
    )
    assert [tr.name for tr in cat.data] == ["商业营销类", "恶意骚扰类"]
