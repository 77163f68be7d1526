"""What users read is rendered for people: timestamps, encodings, file lists, audit entries, company keys,
and the enforcement tables (one shaping for the page and the workbook)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pandas as pd

from anning.analysis import company
from anning.core import fmt
from anning.enforcement import actions as enf
from anning.enforcement import sections
from anning.load import batches
from anning.store import db as store
from anning.store import info

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


def test_timestamps_read_to_the_minute() -> None:
    assert fmt.timestamp(dt.datetime(2026, 12, 7, 1, 29, 13, 512000)) == "2026-12-07 01:29"
    assert fmt.timestamp("2026-12-07T01:29:13.512+00:00") == "2026-12-07 01:29"
    assert fmt.timestamp(pd.Timestamp("2026-12-07 01:29:13")) == "2026-12-07 01:29"
    assert fmt.timestamp(pd.NaT) == "–" and fmt.timestamp(None) == "–"
    assert fmt.timestamp(dt.date(2026, 12, 7)) == "2026-12-07"


def test_batch_files_encodings_and_personal_columns_for_people() -> None:
    assert batches.file_list('["a.csv", "b.xlsx"]', "zh") == "a.csv、b.xlsx"
    assert batches.file_list('["a.csv", "b.xlsx"]', "en") == "a.csv, b.xlsx"
    assert batches.encoding_label("gb18030", "en") == "GB18030 (Chinese)"
    assert batches.encoding_label("utf-8-sig", "zh").startswith("UTF-8")
    assert batches.encoding_label("latin-9", "en") == "LATIN-9"  # unknown: upper-cased, never a raw code
    # A dropped personal-data column is counted; its header (the sender's words, 举报人号码) is not shown.
    assert batches.dropped_label('["举报人号码"]', "en") == "1 column(s), not stored"
    assert batches.dropped_label("[]", "en") == ""
    assert batches.kind_label("complaints", "zh") == "投诉" and batches.kind_label(None, "en") == ""
    assert batches.source_label("upload", "en") == "Upload" and batches.source_label("weird", "en") == "Other"


def test_audit_entries_for_people() -> None:
    log = pd.DataFrame(
        {
            "ts": [pd.Timestamp("2026-12-07 01:29:13.5")],
            "user_name": ["li"],
            "action": ["referral_prepare"],
            "detail": [json.dumps({"batch": "REF-2026Q3-1", "bytes": 123456, "role": "analyst", "odd_key": [1, 2]})],
        }
    )
    out = batches.audit_table(log, "en")
    row = out.iloc[0]
    assert row.ts == "2026-12-07 01:29"
    assert row.action == "Prepared a referral batch"
    assert row.detail == "batch: REF-2026Q3-1; role: Analyst; bytes: 123,456; odd key: 1, 2"
    text = " ".join(out.astype(str).iloc[0])
    assert "{" not in text and '"' not in text and not SNAKE.search(text.replace("REF-2026Q3-1", ""))
    assert batches.audit_action("some_new_action", "en") == "Some new action"  # a newer code, spelled out
    assert batches.audit_detail("not json", "en") == "not json"


def test_load_and_workflow_audit_details_in_words() -> None:
    load = json.dumps({"batch": 2, "files": ["a.csv", "b.xlsx"], "rows": {"complaints": 12345, "takedowns": 7}})
    assert batches.audit_detail(load, "en") == "batch: 2; files: a.csv, b.xlsx; rows: complaints 12,345, takedowns 7"
    assert batches.audit_detail(load, "zh") == "批次：2；文件：a.csv、b.xlsx；行数：投诉 12,345、处置 7"
    many = json.dumps({"batch": 1, "files": [f"complaints_{y}.csv" for y in range(2000, 2048)]})
    assert batches.audit_detail(many, "en") == "batch: 1; files: complaints_2000.csv, complaints_2001.csv … (48 in all)"
    assert batches.audit_detail(many, "zh") == "批次：1；文件：complaints_2000.csv、complaints_2001.csv等48个"
    referral = json.dumps({"batch": "REF-1", "referred_on": "2026-11-30", "confirmed": True, "due": "2026-12-30"})
    text = batches.audit_detail(referral, "en")
    assert "2026-11-30" not in text and "30 November 2026" in text and "feedback due: 30 December 2026" in text
    draft = batches.audit_detail(
        json.dumps({"quarter": "2026Q3", "lang": "zh", "sections": ["overview", "handling"]}), "en"
    )
    assert draft == "quarter: 2026Q3; language: Chinese; sections edited: 2"


def test_company_keys_read_as_names() -> None:
    assert company.key_text("n:琰璟理财(示例)") == "琰璟理财(示例)"
    assert company.key_text("91350100M000100Y4J") == "91350100M000100Y4J"


def test_enforcement_tables_are_shaped_once_for_page_and_workbook(demo_db: Path) -> None:
    reader = store.Reader(demo_db)
    try:
        q = info.store_info(reader).default_quarter
        assert q is not None
        acts = enf.actions(reader)
        available = [str(x) for x in reader.query("quarters_available").quarter]
        ops = enf.operator_names(reader, "en")
        shaped: dict[str, sections.Table] = {}
        for name in sections.SECTIONS:
            part = sections.section(name, reader, acts, q, "en", enf.Settings(), available)
            shaped.update(sections.tables(name, part, "en", ops))
        assert set(shaped) == set(sections.SHEETS)
        for key, table in shaped.items():
            frame = table.frame
            # Headers translated, formats and screen columns name real columns, no code in a text cell.
            assert not any(SNAKE.fullmatch(str(c)) for c in frame.columns), (key, list(frame.columns))
            assert set(table.formats) <= set(frame.columns), key
            assert table.screen is None or set(table.screen) <= set(frame.columns), key
            for col in frame.columns:
                if frame[col].dtype == object:
                    cells = " ".join(str(x) for x in frame[col].dropna().head(50))
                    assert not re.search(r"\bn:\S", cells), (key, col)
                    assert not re.search(r"\d{2}:\d{2}:\d{2}", cells), (key, col)
        # The headline needs no section built, and agrees with the penalties section.
        hl = sections.headline(reader, acts, q)
        pv = sections.section("penalties", reader, acts, q, "en", enf.Settings(), available)
        assert hl.actions == int(pv.counts.actions.sum()) and hl.over_cap == len(pv.fine_summary.under_review)
    finally:
        reader.close()
