"""The enforcement exports in words: every header and code value translated in the chosen language, rates
rounded, numbers typed; the MVNO CSV a clean table with its notes beside it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from anning.enforcement import actions as enf
from anning.enforcement import tables
from anning.i18n import t
from anning.publish import exports
from anning.store import db as store

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
CODES = {"pass", "fail", "unknown", "green", "incomplete", "source_company", "port_company", "mvno", "fell", "rose"}


@pytest.fixture(scope="module")
def views(demo_db: Path) -> dict[str, enf.EnforcementView]:
    r = store.Reader(demo_db)
    try:
        return {lang: enf.view(r, "2026Q3", lang) for lang in ("zh", "en")}
    finally:
        r.close()


def test_chinese_sheets_carry_no_english_code(views: dict[str, enf.EnforcementView]) -> None:
    sheets = tables.export_sheets(views["zh"], "zh")
    assert len(sheets) == 6
    for name, df in sheets.items():
        headers = [str(c) for c in df.columns]
        assert not [h for h in headers if SNAKE.search(h) or re.fullmatch(r"[a-z_]+", h)], (name, headers)
        for c in df.columns:
            if df[c].dtype == object:
                values = {v for v in df[c].dropna() if isinstance(v, str)}
                assert not values & CODES, (name, c, values & CODES)
                assert not [v for v in values if SNAKE.fullmatch(v)], (name, c)
    card = sheets[t("enf.sheet.scorecard", "zh", quarter="2026Q3")]
    assert set(card["评定"]) <= {"三项均符合", "不符合", "数据不全"}
    assert set(card["依法合规经营"]) <= {"符合", "不符合", "无法评估"}


def test_rates_are_rounded_and_numbers_typed(views: dict[str, enf.EnforcementView]) -> None:
    card = tables.scorecard(views["en"].scorecard, "en")
    rate = card[enf.display(pd.DataFrame(columns=["rate"]), "en").columns[0]].dropna()
    assert len(rate) and all(abs(v * 100 - round(v * 100)) < 1e-6 for v in rate)
    share = card[t("enf.col.fraud_share_pct", "en")].dropna()
    assert len(share) and all(abs(v * 10 - round(v * 10)) < 1e-6 for v in share) and share.max() <= 100
    data = exports.xlsx_bytes(tables.export_sheets(views["zh"], "zh"), demo=True, lang="zh", notes=["说明"])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    typed = 0
    for ws in wb.worksheets[:-1]:
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    typed += 1
                    assert cell.number_format != "General", (ws.title, cell.coordinate)
    assert typed > 50


def test_scorecard_zip_is_a_clean_table(views: dict[str, enf.EnforcementView]) -> None:
    card = tables.scorecard(views["zh"].scorecard, "zh")
    data = exports.csv_zip(
        {"mvno_scorecard.csv": card},
        title="2026年第三季度转售企业评分",
        notes=["评分规则", "评分规则"],
        demo=True,
        lang="zh",
        when=dt.datetime(2026, 11, 15),
    )
    z = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(z.namelist()) == ["README.txt", "mvno_scorecard.csv"]
    got = pd.read_csv(io.BytesIO(z.read("mvno_scorecard.csv")), encoding="utf-8-sig")
    assert len(got) == len(card) and list(got.columns)[1:] == [str(c) for c in card.columns]
    assert pd.api.types.is_integer_dtype(got["投诉量"])
    readme = z.read("README.txt").decode("utf-8-sig")
    assert readme.count("评分规则") == 1 and "合成演示数据" in readme
    # Reproducible: the same inputs give the same bytes.
    again = exports.csv_zip(
        {"mvno_scorecard.csv": card},
        title="2026年第三季度转售企业评分",
        notes=["评分规则"],
        demo=True,
        lang="zh",
        when=dt.datetime(2026, 11, 15),
    )
    assert again == data
