"""AppTest: the enforcement page on the demo store, in both languages, checked against the same functions
run on the store directly."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from anning.core import auth
from anning.enforcement import actions as enf
from anning.store import db as store

ROOT = Path(__file__).resolve().parents[2]
QUARTER = "2024Q2"


@pytest.fixture(scope="module")
def page_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private copy of the demo store (the page only reads it)."""
    db = tmp_path_factory.mktemp("enf_app") / "anning.duckdb"
    shutil.copyfile(demo_db, db)
    return db


@pytest.fixture()
def app_env(page_db: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ANNING_DB", str(page_db))
    return page_db


@pytest.fixture(scope="module")
def expected(page_db: Path) -> dict[str, enf.EnforcementView]:
    r = store.Reader(page_db)
    try:
        return {lang: enf.view(r, QUARTER, lang) for lang in ("en", "zh")}
    finally:
        r.close()


def open_page(lang: str, tab: str | None = None) -> AppTest:
    """The page with one tab open (only the open tab runs): the chain, or ``tab`` as a link names it."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["frame_lang"] = lang
    at.session_state["frame_quarter"] = QUARTER
    if tab is not None:
        at.query_params["tab"] = tab
    at.run()
    at.switch_page("pages/enforcement.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def charts(at: AppTest) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def frame_with(at: AppTest, column: str):  # type: ignore[no-untyped-def]
    return next(df.value for df in at.dataframe if column in df.value.columns)


WORDS = {
    "en": {
        "heads": [
            "The chain of responsibility",
            "Takedowns",
            "Enforcement actions and fines",
            "Actions by deciding authority",
            "Statutory cap check",
            "Repeat targets and the effect of enforcement",
            "MVNO compliance scorecard",
        ],
        "no_port": "No port (direct numbers)",
        "mvno": "Resellers (MVNO)",
        "status": "Status",
        "fails": "fails",
        "reseller": "Reseller",
        "case": "Case",
        "flag": "check legal basis",
        "path": "Escalation path (step first reached)",
        "chain": "China Mobile carries",
        "mobile": "China Mobile",
    },
    "zh": {
        "heads": [
            "责任链条",
            "关停处置",
            "执法处置与罚款",
            "按决定机关分类的处置",
            "罚款法定上限核查",
            "多次被处置对象与处置效果",
            "移动转售企业合规评分",
        ],
        "no_port": "无端口（直接号码）",
        "mvno": "移动转售企业",
        "status": "评定",
        "fails": "不符合",
        "reseller": "转售企业",
        "case": "案件编号",
        "flag": "核查法律依据",
        "path": "升级路径（首次达到的措施）",
        "chain": "中国移动承载投诉占",
        "mobile": "中国移动",
    },
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_enforcement_page(app_env: Path, expected: dict[str, enf.EnforcementView], lang: str) -> None:
    at = open_page(lang)
    w, v = WORDS[lang], expected[lang]
    # Five tabs (chain, takedowns, penalties, repeat targets, scorecard); the penalties tab holds two parts.
    heads = w["heads"]
    assert [tb.label for tb in at.tabs] == [heads[0], heads[1], heads[2], heads[5], heads[6]]

    # Headline numbers are the quarter's.
    metrics = [m.value for m in at.metric]
    assert metrics[0] == f"{v.takedowns.totals['port']:,}" and metrics[1] == f"{v.takedowns.totals['number']:,}"
    assert metrics[2] == f"{int(v.counts.actions.sum()):,}"
    # Fines: the telecom regulators' within the cap, never other departments' or those under legal review.
    assert metrics[3] == f"{v.fine_summary.total_yuan:,.0f}"
    assert v.fine_summary.total_yuan == float(v.by_authority.set_index("authority_type").loc["telecom", "fines_yuan"])
    assert int(v.by_authority.actions.sum()) == int(v.counts.actions.sum())
    assert metrics[4] == f"{len(v.fine_summary.under_review):,}"  # fines above the cap, held for review

    # The chain: sentences, a Sankey whose links carry every complaint, labels in the page's language.
    text = " ".join(md.value for md in at.markdown)
    assert w["chain"] in text
    fig = next(c for c in charts(at) if c["data"][0]["type"] == "sankey")
    sankey = fig["data"][0]
    # The node labels are drawn beside the columns (annotations), never over the ribbons.
    labels = [html.unescape(a["text"]) for a in fig["layout"]["annotations"]]
    assert not any(sankey["node"].get("label") or [])
    assert any(label.startswith(w["no_port"]) for label in labels)
    assert any(label.startswith(w["mvno"]) for label in labels) and any(w["mobile"] in label for label in labels)
    first_column = [val for src, val in zip(sankey["link"]["source"], sankey["link"]["value"], strict=True) if src == 0]
    assert sum(first_column) == v.chain.total > 0
    assert not any(label in ("cmcc", "loans_finance", "__other__", "__no_port__") for label in labels)

    # The cap check lists every fine above the cap up to the quarter, flagged.
    at = open_page(lang, "penalties")
    assert [h.value for h in at.subheader][:2] == [heads[3], heads[4]]
    caps = frame_with(at, w["case"])
    assert len(caps) == len(v.over_cap) > 0
    assert set(caps.iloc[:, -1]) == {w["flag"]}
    assert set(caps[caps.columns[0]]) == set(v.over_cap.case_id)

    # Repeat targets with their escalation path.
    at = open_page(lang, "repeat")
    rep = frame_with(at, w["path"])
    assert len(rep) == len(v.repeat) > 0
    assert rep[w["path"]].str.contains("→").any()

    # The scorecard: 42 resellers, statuses and reasons in the page's language.
    at = open_page(lang, "mvno")
    score = frame_with(at, w["status"])
    assert score.columns[0] == w["reseller"] and len(score) == 42
    assert (score[w["status"]] == w["fails"]).sum() == int((v.scorecard.table.status == "fail").sum())
    failing = score[score[w["status"]] == w["fails"]]
    assert failing.iloc[:, 5].str.len().gt(10).all(), "every failing reseller says why"


def test_settings_change_the_chain_and_the_scorecard(app_env: Path, expected: dict[str, enf.EnforcementView]) -> None:
    at = open_page("en")
    at.selectbox(key="enforcement_channel").set_value("call").run()
    assert not at.exception
    sankey = next(c for c in charts(at) if c["data"][0]["type"] == "sankey")["data"][0]
    calls = sum(val for src, val in zip(sankey["link"]["source"], sankey["link"]["value"], strict=True) if src == 0)
    assert 0 < calls < expected["en"].chain.total

    at = open_page("en", "mvno")
    before = frame_with(at, "Status")
    at.number_input(key="enforcement_rate_factor").set_value(5.0).run()
    at.radio(key="enforcement_market").set_value("resellers").run()
    assert not at.exception
    after = frame_with(at, "Status")
    fails = "✗ fail"
    assert (after["Public response"] == fails).sum() < (before["Public response"] == fails).sum()


@pytest.mark.parametrize(("role", "enabled"), [("analyst", True), ("leadership", False)])
def test_exports_follow_the_role(app_env: Path, role: str, enabled: bool) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["frame_lang"] = "en"
    at.session_state["frame_quarter"] = QUARTER
    at.session_state["auth_user_obj"] = auth.User(f"test-{role}", role)
    at.run()
    at.switch_page("pages/enforcement.py").run()
    assert not at.exception, [e.value for e in at.exception]
    buttons = {b.proto.label: b.proto.disabled for b in at.get("download_button")}
    assert buttons == {"All tables (XLSX)": not enabled, "MVNO scorecard (CSV and notes, zip)": not enabled}
