"""AppTest: the Rankings page shows what :func:`anning.analysis.rankings.rank` computes, and the CLI prints the same.

Expected tables come from the same store through ``rankings.rank`` with a plain ``store.Reader``;
the CLI runs in a subprocess and its JSON must list the page's rows in the page's order.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from anning.analysis import rankings
from anning.i18n import t, terms
from anning.store import db as store

ROOT = Path(__file__).resolve().parents[2]


def open_rankings(lang: str, **widgets: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["frame_lang"] = lang
    at.run()
    at.switch_page("pages/rankings.py").run()
    for key, value in widgets.items():
        widget = (
            at.radio(key=key)
            if key == "rankings_by"
            else (at.number_input(key=key) if key == "rankings_min_volume" else at.selectbox(key=key))
        )
        widget.set_value(value).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def expected_ranking(db: Path, spec: rankings.RankSpec, lang: str) -> rankings.Ranking:
    reader = store.Reader(db)
    try:
        return rankings.rank(reader, spec, lang)
    finally:
        reader.close()


def expected(db: Path, spec: rankings.RankSpec, lang: str) -> pd.DataFrame:
    reader = store.Reader(db)
    try:
        return rankings.rank(reader, spec, lang).table
    finally:
        reader.close()


def shown(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_industry_table_is_the_ranking(app_db: Path, lang: str) -> None:
    at = open_rankings(lang)
    res = expected_ranking(app_db, rankings.RankSpec("industry", "2026Q3", top=20), lang)
    want = res.table
    table = shown(at)
    name_col, count_col = t("rk.name.industry", lang), t("rk.col.complaints", lang)
    # Real industries only (unclassified and other are not ranked): five above the threshold in the small demo.
    assert list(table[name_col]) == list(want.name) and len(table) == len(want) >= 5
    assert not set(want.key) & set(rankings.NOT_INDUSTRIES)
    assert list(table[count_col]) == list(want.complaints)
    assert list(table[t("rk.col.rank", lang)]) == list(want["rank"])
    assert list(table[t("rk.col.movement", lang)]) == list(want.movement)
    notes = [rankings.note_text(n, lang) for n in want.note]
    assert list(table[t("rk.col.note", lang)]) == notes
    summary = t(
        "rk.summary",
        lang,
        n=len(want),
        total_n=res.n_keys,
        total=f"{res.total:,}",
        previous_total=f"{res.previous_total:,}",
    )
    assert summary in [c.value for c in at.caption]
    labels = [b.label for b in at.get("download_button")]
    assert labels == [t("rk.export_csv", lang), t("rk.export_xlsx", lang)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_cli_json_matches_the_page(app_db: Path, lang: str) -> None:
    at = open_rankings(lang, rankings_by="port_company", rankings_channel="sms", rankings_min_volume=1)
    table = shown(at)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "anning",
            "rank",
            "--by",
            "port_company",
            "--quarter",
            "2026Q3",
            "--channel",
            "sms",
            "--min-volume",
            "1",
            "--top",
            "20",
            "--format",
            "json",
            "--lang",
            lang,
            "--db",
            str(app_db),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert len(rows) == len(table) > 3
    assert [r["name"] for r in rows] == list(table[t("rk.name.port_company", lang)])
    assert [r["complaints"] for r in rows] == list(table[t("rk.col.complaints", lang)])
    assert [r["rank"] for r in rows] == list(table[t("rk.col.rank", lang)])
    assert [r["previous_complaints"] for r in rows] == [
        None if pd.isna(x) else int(x) for x in table[t("rk.col.previous_complaints", lang)]
    ]
    shares = [round(r["share"] * 100, 1) for r in rows]
    assert shares == list(table[t("rk.col.share", lang)])
    pcts = [None if r["change_pct"] is None else round(r["change_pct"], 1) for r in rows]
    assert pcts == [None if pd.isna(x) else x for x in table[t("rk.col.change_pct", lang)]]


def test_sort_by_change_and_operators(app_db: Path) -> None:
    at = open_rankings("en", rankings_by="industry", rankings_sort="change")
    want = expected(app_db, rankings.RankSpec("industry", "2026Q3", top=20, sort="change"), "en")
    assert list(shown(at)["Industry"]) == list(want.name)
    assert t("rk.change_hint", "en") in [c.value for c in at.caption]
    at = open_rankings("zh", rankings_by="operator", rankings_kind="mvno", rankings_min_volume=0)
    want = expected(app_db, rankings.RankSpec("operator", "2026Q3", operator_kind="mvno", min_volume=0), "zh")
    table = shown(at)
    assert list(table["电信企业"]) == list(want.name) and set(table["类型"]) == {"移动转售企业"}
    assert list(table["排名"])[:1] == [1]
    rates = [None if pd.isna(x) else round(float(x), 2) for x in want.rate_per_million]
    assert [None if pd.isna(x) else float(x) for x in table[terms.rate("subscribers", "zh")]] == rates


def test_choosing_a_company_opens_its_profile(app_db: Path) -> None:
    at = open_rankings("en", rankings_by="company", rankings_min_volume=1)
    want = expected(app_db, rankings.RankSpec("company", "2026Q3", top=20, min_volume=1), "en")
    assert list(shown(at)["Company"]) == list(want.name)
    box = at.selectbox(key="rankings_company")
    assert box.options[0].startswith(want.name.iloc[0])
    key = want.key.iloc[1]
    box.set_value(key).run()
    at.button(key="rankings_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["company_key"] == key
    assert [x.value for x in at.title] == [t("page.company", "en")]
    assert want.name.iloc[1] in [h.value for h in at.header]  # the profile opened on that company


def test_partial_quarter_warns(app_db: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["frame_lang"] = "en"
    at.run()
    at.selectbox(key="frame_quarter").set_value("2026Q4").run()
    at.switch_page("pages/rankings.py").run()
    assert not at.exception
    assert t("rk.partial", "en", quarter="2026Q4") in [w.value for w in at.warning]
    notes = {t("rk.note.partial", "en"), t("rk.note.new", "en")}
    assert set(shown(at)[t("rk.col.note", "en")]) <= notes and set(shown(at)[t("rk.col.yoy_note", "en")]) <= notes
