"""The enforcement exports in words (anning.enforcement.sections, the page's one shaping): every header and code
value translated in the chosen language, rates rounded, numbers typed; the MVNO CSV a clean table with its notes
beside it."""

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
from anning.enforcement import sections
from anning.publish import exports
from anning.store import db as store

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
CODES = {"pass", "fail", "unknown", "green", "incomplete", "source_company", "port_company", "mvno", "fell", "rose"}
QUARTER = "2026Q3"


@pytest.fixture(scope="module")
def shaped(demo_db: Path) -> dict[str, dict[str, sections.Table]]:
    """Every section's tables of the quarter, in both languages, as the page shows and exports them."""
    r = store.Reader(demo_db)
    try:
        acts = enf.actions(r)
        available = [str(x) for x in r.query("quarters_available").quarter]
        out: dict[str, dict[str, sections.Table]] = {}
        for lang in ("zh", "en"):
            ops = enf.operator_names(r, lang)
            out[lang] = {}
            for name in sections.SECTIONS:
                part = sections.section(name, r, acts, QUARTER, lang, enf.Settings(), available)
                out[lang].update(sections.tables(name, part, lang, ops))
        return out
    finally:
        r.close()


def _sheets(tables: dict[str, sections.Table], lang: str) -> dict[str, pd.DataFrame]:
    return {sections.sheet_name(k, QUARTER, lang): tables[k].frame for k in sections.SHEETS if k in tables}


def test_chinese_sheets_carry_no_english_code(shaped: dict[str, dict[str, sections.Table]]) -> None:
    sheets = _sheets(shaped["zh"], "zh")
    assert len(sheets) == len(sections.SHEETS)
    for name, df in sheets.items():
        headers = [str(c) for c in df.columns]
        assert not [h for h in headers if SNAKE.search(h) or re.fullmatch(r"[a-z_]+", h)], (name, headers)
        for c in df.columns:
            if df[c].dtype == object:
                values = {v for v in df[c].dropna() if isinstance(v, str)}
                assert not values & CODES, (name, c, values & CODES)
                assert not [v for v in values if SNAKE.fullmatch(v)], (name, c)
    card = shaped["zh"]["scorecard"].frame
    assert set(card["评定"]) <= {"三项均符合", "不符合", "数据不全"}
    # Each test's verdict in words, after a mark that does not depend on colour (✓ ✗ ?).
    assert {v.split(" ", 1)[-1] for v in card["依法合规经营"]} <= {"符合", "不符合", "无法评估"}


def test_rates_are_formatted_and_numbers_typed(shaped: dict[str, dict[str, sections.Table]]) -> None:
    # Values stay exact numbers; how many decimals a reader sees is the column's format (screen and workbook).
    table = shaped["en"]["scorecard"]
    rate = enf.display(pd.DataFrame(columns=["rate"]), "en").columns[0]
    assert table.formats[rate] == sections.RATE and pd.api.types.is_float_dtype(table.frame[rate])
    shares = [c for c, f in table.formats.items() if f == sections.PCT]
    assert shares and all(table.frame[c].dropna().between(0, 1).all() for c in shares)  # fractions, shown as %
    data = exports.xlsx_bytes(_sheets(shaped["zh"], "zh"), demo=True, lang="zh", notes=["说明"])
    wb = openpyxl.load_workbook(io.BytesIO(data))
    typed = 0
    for ws in wb.worksheets[:-1]:
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
                    typed += 1
                    assert cell.number_format != "General", (ws.title, cell.coordinate)
    assert typed > 50


def test_scorecard_zip_is_a_clean_table(shaped: dict[str, dict[str, sections.Table]]) -> None:
    card = shaped["zh"]["scorecard"].frame

    def zipped(notes: list[str]) -> bytes:
        return exports.csv_zip(
            {"mvno_scorecard.csv": card},
            title="2026年第三季度转售企业评分",
            notes=notes,
            demo=True,
            lang="zh",
            when=dt.datetime(2026, 11, 15),
        )

    data = zipped(["评分规则", "评分规则"])
    z = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(z.namelist()) == ["README.txt", "mvno_scorecard.csv"]
    got = pd.read_csv(io.BytesIO(z.read("mvno_scorecard.csv")), encoding="utf-8-sig")
    assert len(got) == len(card) and list(got.columns)[1:] == [str(c) for c in card.columns]
    assert pd.api.types.is_integer_dtype(got["投诉量"])
    readme = z.read("README.txt").decode("utf-8-sig")
    assert readme.count("评分规则") == 1 and "合成演示数据" in readme
    assert zipped(["评分规则"]) == data  # reproducible: the same inputs give the same bytes
