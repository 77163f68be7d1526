"""Unit tests for the small core modules: quarters, credit codes, text keys, contract and translations."""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pytest

from anning import i18n
from anning.core import fmt, quarters, uscc
from anning.core.text import FULLWIDTH, HALFWIDTH, norm_key, norm_name
from anning.load import contract
from anning.store import sql
from tests.helpers import VALID_USCC


def test_quarter_arithmetic() -> None:
    assert quarters.previous("2024Q1") == "2023Q4"
    assert quarters.year_ago("2024Q1") == "2023Q1"
    assert quarters.shift("2023Q4", 1) == "2024Q1"
    assert quarters.of_date(dt.date(2024, 6, 30)) == "2024Q2"
    assert quarters.end("2024Q1") == dt.date(2024, 3, 31)
    assert quarters.span("2023Q3", "2024Q2") == ["2023Q3", "2023Q4", "2024Q1", "2024Q2"]
    with pytest.raises(ValueError, match="quarter label"):
        quarters.parse("2024Q5")
    with pytest.raises(ValueError):
        quarters.parse("'; drop table complaints; --")


def test_uscc_check_character() -> None:
    # A published example code (GB 32100-2015 annex style) and our fixture code.
    assert uscc.is_valid(VALID_USCC)
    assert not uscc.is_valid(VALID_USCC[:-1] + ("0" if VALID_USCC[-1] != "0" else "1"))
    assert not uscc.is_valid("91110000600012345")  # 17 characters
    assert not uscc.is_valid("9111000060001234IO")  # I and O are not in the alphabet
    # Independently computed: weights x alphabet index, mod 31.
    body = "91350100M000100Y4"
    total = sum(uscc.ALPHABET.index(c) * w for c, w in zip(body, uscc.WEIGHTS, strict=True))
    assert uscc.check_char(body) == uscc.ALPHABET[(31 - total % 31) % 31]


def test_text_keys_fold_width_case_and_space() -> None:
    assert norm_key(" Complaint_ID ") == norm_key("ＣＯＭＰＬＡＩＮＴ＿ＩＤ") == "complaint_id"
    assert norm_key("举报　编号") == "举报 编号"
    assert norm_name("某某（北京）科技 有限公司") == norm_name("某某(北京)科技有限公司")
    assert len(FULLWIDTH) == len(HALFWIDTH)


def test_sql_fold_macro_matches_python_tables() -> None:
    text = sql.get("load_macros").text
    fw, hw = re.findall(r"translate\(s, '((?:[^']|'')*)', '((?:[^']|'')*)'\)", text)[0]
    assert fw.replace("''", "'") == FULLWIDTH
    assert hw.replace("''", "'") == HALFWIDTH


def test_header_matching_and_kind_detection() -> None:
    headers = ["举报编号", "受理时间", "类型", "被举报号码", "运营商", "举报人号码", "备注"]
    assert contract.detect_kind(headers) == "complaints"
    mapping = contract.match_header("complaints", headers)
    assert set(mapping.values()) == {"complaint_id", "received_at", "channel", "sender_number", "operator"}
    assert contract.is_pii_header("举报人号码") and contract.is_pii_header("Complainant Phone")
    assert not contract.is_pii_header("被举报号码")
    assert contract.detect_kind(["a", "b"]) is None
    assert contract.detect_kind(["处置编号", "处置日期", "对象类型", "处置对象", "运营商"]) == "takedowns"
    # An invisible character inside a header hides neither a contract column nor personal data.
    hidden = ["举报编号", "受理\u200b时间", "类型", "被举报号码", "运营商", "举报人\u2060号码"]
    assert contract.match_header("complaints", hidden) == {k: v for k, v in mapping.items() if k < 5}
    assert contract.is_pii_header(hidden[-1])


def test_translation_table_is_complete_and_consistent() -> None:
    for key, (en, zh) in i18n.TABLE.items():
        assert en and zh, key
        assert i18n.placeholders(en) == i18n.placeholders(zh), key
    assert i18n.t("data.ok", "zh", rows=3) == "未发现错误：3行可导入。"


def test_code_asks_only_for_existing_keys() -> None:
    root = Path(__file__).resolve().parents[2]
    used: set[str] = set()
    pattern = re.compile(r"""(?:\bt|fr\.t|\.t|ui\.title\(fr,)\(?\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
    for path in list((root / "anning").rglob("*.py")) + list((root / "pages").glob("*.py")) + [root / "app.py"]:
        used |= set(pattern.findall(path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in i18n.TABLE)
    assert not missing, missing


def test_every_query_file_declares_name_and_returns() -> None:
    reg = sql.registry()
    assert len(reg) >= 20
    for q in reg.values():
        assert q.doc, f"{q.name} has no description"
        # dbt style: a select query ends in `select * from final`.
        if q.returns and not q.name.startswith("upsert_"):
            assert q.text.rstrip().rstrip(";").endswith("select * from final"), q.name


def test_contract_doc_lists_every_column() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "data-contract.md").read_text(encoding="utf-8")
    for cols in contract.KINDS.values():
        for c in cols:
            assert f"`{c.name}`" in doc, c.name
            for alias in c.aliases:
                assert alias in doc, alias


def test_streamlit_config_hides_unaudited_table_downloads() -> None:
    import tomllib

    cfg = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert cfg["client"]["disableDataExport"] is True
    assert cfg["browser"]["gatherUsageStats"] is False


def test_whole_shares_add_up_as_the_parts_do() -> None:
    # 16.6% + 5.6% + 77.8% rounded one by one reads 17% + 6% + 78% = 101%; the largest remainders get the two
    # percents left after rounding down: 77.8, then 16.6 (tied with 5.6 at exactly .6: the earlier part first).
    assert fmt.whole_shares([166, 56, 778], 1000) == [0.17, 0.05, 0.78]
    assert fmt.whole_shares([1, 1, 1], 3) == [0.34, 0.33, 0.33]
    assert fmt.whole_shares([1, 1], 4) == [0.25, 0.25]  # parts that make half the whole add up to half
    assert all(math.isnan(x) for x in fmt.whole_shares([0, 0], 0))  # nothing to share
    assert all(math.isnan(x) for x in fmt.whole_shares([1, float("nan")], 2))
    assert all(math.isnan(x) for x in fmt.whole_shares([3, -1], 2))
    assert fmt.whole_shares([56, 166, 778], 1000) == [0.06, 0.16, 0.78]  # the tie goes to the earlier part
    assert [fmt.pct(x, "en", 0) for x in fmt.whole_shares([166, 56, 778], 1000)] == ["17%", "5%", "78%"]
