"""``python -m anning enforcement``: JSON with its five keys, CSV sections or one table, clear user errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from anning.cli import main as cli
from anning.enforcement import actions as enf
from anning.store import db as store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["enforcement", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_keys_match_the_functions(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--quarter", "2024Q2", "--format", "json", "--db", str(demo_db))
    assert code == 0, err
    data = json.loads(out)
    assert list(data) == ["action_counts", "fines_over_cap", "mvno_scorecard", "by_authority", "fines_total_yuan"]
    r = store.Reader(demo_db)
    try:
        acts = enf.actions(r)
        counts = enf.action_counts(acts, "2024Q2")
        over = enf.fines_over_cap(acts, "2024Q2")
    finally:
        r.close()
    assert sum(row["actions"] for row in data["action_counts"]) == int(counts.actions.sum()) > 0
    assert {row["action"] for row in data["action_counts"]} <= set(enf.ACTIONS)
    assert [row["case_id"] for row in data["fines_over_cap"]] == list(over.case_id)
    assert all(row["check_legal_basis"] is True for row in data["fines_over_cap"])
    assert all(row["fine_yuan"] > row["cap_yuan"] for row in data["fines_over_cap"])
    score = data["mvno_scorecard"]
    assert len(score) == 42 and {row["status"] for row in score} <= {"green", "fail", "incomplete"}
    assert all(row["reasons"] for row in score if row["status"] == "fail")
    by = data["by_authority"]
    assert sum(v["actions"] for v in by.values()) == int(counts.actions.sum())
    assert data["fines_total_yuan"] == by["telecom"]["fines_yuan"]
    assert "SYNTHETIC DEMO DATA" in err  # the watermark, on stderr so the JSON stays one object


def test_csv_sections_and_single_table(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--quarter", "2024Q2", "--format", "csv", "--db", str(demo_db), "--lang", "zh")
    assert code == 0
    heads = [line for line in out.splitlines() if line.startswith("# ")]
    assert heads[:4] == ["# action_counts", "# by_authority", "# fines_over_cap", "# mvno_scorecard"]
    assert heads[-1] == "# 合成演示数据，不得对外发布"
    code, out, _ = run(
        capsys, "--quarter", "2024Q2", "--format", "csv", "--table", "mvno_scorecard", "--db", str(demo_db)
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO("\n".join(x for x in out.splitlines() if not x.startswith("# ")))))
    assert len(rows) == 42 and "rate" in rows[0] and "reasons" in rows[0]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--quarter", "2024-2"], "not a quarter label"),
        (["--quarter", "2031Q1"], "no data for 2031Q1"),
        (["--quarter", "2024Q2", "--table", "action_counts"], "--table needs --format csv"),
    ],
)
def test_user_errors(demo_db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv, "--db", str(demo_db))
    assert code == 2 and message in err and "Traceback" not in err and out == ""


def test_missing_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--quarter", "2024Q2", "--db", str(tmp_path / "none.duckdb"))
    assert code == 2 and "no store" in err
