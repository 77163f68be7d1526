"""AppTest: the company profile page on the hand-built chain store, in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from anning.analysis import company
from tests import chain_store
from tests.helpers import VALID_USCC, as_read

ROOT = Path(__file__).resolve().parents[2]


def open_company(lang: str, *, state_key: str | None = None, url_key: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["frame_lang"] = lang
    at.session_state["frame_quarter"] = "2024Q2"
    at.run()
    if state_key:
        at.session_state["company_key"] = state_key
    if url_key:
        at.query_params["key"] = url_key
    at.switch_page("pages/company.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


SUMMARY = {
    "en": "18 complaints since 2024Q1, 1 port shut, 1 line shut, 2 enforcement actions, "
    "latest: fine ¥20,000 on 2024-06-10.",
    "zh": "2024Q1以来被投诉18件次，关停端口1个，关停线路1条，执法处置2次，最近一次为2024-06-10罚款20,000元。",
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opened_from_rankings_by_session_key(chain_app_env: Path, lang: str) -> None:
    at = open_company(lang, state_key=VALID_USCC)
    assert at.header[0].value == chain_store.A_NAME
    assert any(SUMMARY[lang] in as_read(m.value) for m in at.markdown)
    assert at.selectbox(key="company_pick").value == VALID_USCC
    assert at.query_params["key"] == VALID_USCC  # shareable link
    assert len(at.get("plotly_chart")) == 2  # by channel (with the chain) and by category
    frames = [df.value for df in at.dataframe]
    takedowns = next(f for f in frames if f.shape[0] == 2 and ("Relation" in f.columns or "关系" in f.columns))
    assert list(takedowns.iloc[:, 2]) == ["L123", chain_store.P1]
    actions = next(f for f in frames if "Case" in f.columns or "案件编号" in f.columns)
    assert list(actions.iloc[:, -1]) == ["E2", "E1"]
    captions = as_read(" ".join(c.value for c in at.caption))
    # Both keys it was matched under, the name key read as the name (never the internal "n:" key).
    assert VALID_USCC in captions and company.key_text(chain_store.A_NAME_KEY) in captions
    assert chain_store.A_NAME_KEY not in captions


@pytest.mark.parametrize(("lang", "word"), [("en", "through its ports"), ("zh", "经其端口")])
def test_opened_by_link_for_a_port_company(chain_app_env: Path, lang: str, word: str) -> None:
    at = open_company(lang, url_key=chain_store.PORT_CO_KEY)
    assert at.header[0].value == chain_store.PORT_CO
    summary = next(m.value for m in at.markdown if "2024Q1" in m.value)
    assert word in summary and "21" in summary
    frames = [df.value for df in at.dataframe]
    takedowns = next(f for f in frames if f.shape[0] == 2 and f.shape[1] >= 10)
    assert set(takedowns.iloc[:, 2]) == {chain_store.P1, chain_store.P2}


@pytest.mark.parametrize(("lang", "prompt"), [("en", "Choose a company"), ("zh", "请在上方选择企业")])
def test_without_a_key_it_asks_and_search_picks(chain_app_env: Path, lang: str, prompt: str) -> None:
    at = open_company(lang)
    assert any(prompt in i.value for i in at.info)
    assert at.selectbox(key="company_pick").value is None
    at.text_input(key="company_search").input("另一家").run()
    assert at.selectbox(key="company_pick").options == ["另一家公司（示例）"]
    at.selectbox(key="company_pick").set_value(chain_store.B_KEY).run()
    assert not at.exception
    assert at.header[0].value == chain_store.B_NAME
    assert at.query_params["key"] == chain_store.B_KEY


def test_unknown_key_is_a_clear_message(chain_app_env: Path) -> None:
    at = open_company("en", url_key="n:nobody")
    assert any("No company “nobody” is in the store." in w.value for w in at.warning)
    assert not at.header


def test_a_click_on_another_page_wins_over_an_old_link(chain_app_env: Path) -> None:
    at = open_company("en", url_key=chain_store.PORT_CO_KEY)
    assert at.header[0].value == chain_store.PORT_CO
    # The Rankings page sets the key and switches here; the URL may still carry the previous company.
    at.switch_page("pages/map.py").run()
    at.session_state["company_key"] = chain_store.B_KEY
    at.switch_page("pages/company.py").run()
    assert not at.exception
    assert at.header[0].value == chain_store.B_NAME
    # And a pick here wins over both.
    at.selectbox(key="company_pick").set_value(VALID_USCC).run()
    assert at.header[0].value == chain_store.A_NAME and at.query_params["key"] == VALID_USCC
