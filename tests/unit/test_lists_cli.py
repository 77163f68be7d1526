"""``python -m anning lists candidates``: the candidates with grounds and evidence, as JSON or CSV, checked
against the functions it calls; clear user errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from anning.cli import main as cli
from anning.core import uscc
from anning.enforcement import exposure
from anning.store import db as store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["lists", "candidates", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_matches_the_rules(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--quarter", "2024Q2", "--floor", "2", "--db", str(demo_db), "--lang", "zh")
    assert code == 0, err
    doc = json.loads(out)
    rules = exposure.Rules(floor=2)
    assert doc["quarter"] == "2024Q2" and doc["rules"] == rules.as_dict()
    r = store.Reader(demo_db)
    try:
        named, held = exposure.split(exposure.candidates(r, "2024Q2", rules))
    finally:
        r.close()
    assert [c["key"] for c in doc["candidates"]] == list(named["key"]) and len(named) > 0
    assert [c["key"] for c in doc["needs_identification"]] == list(held["key"])
    assert doc["counts"] == {"candidates": len(named), "needs_identification": len(held)}
    for c in doc["candidates"]:
        assert uscc.is_valid(c["company_id"]) and c["grounds"] and c["grounds_text"]
        assert c["industry"] not in exposure.UNRANKED_INDUSTRIES or "top_industry" not in c["grounds"]
    for c in doc["needs_identification"]:
        assert c["reason"] in exposure.ID_PROBLEMS and c["reason_text"]
    assert any("统一社会信用代码" in line for line in doc["rules_text"])
    assert "SYNTHETIC DEMO DATA" in err or "合成演示数据" in err


def test_csv(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--quarter", "2024Q2", "--floor", "2", "--format", "csv", "--db", str(demo_db))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO("\n".join(x for x in out.splitlines() if not x.startswith("# ")))))
    assert rows and {r["status"] for r in rows} <= {"candidate", "needs_identification"}
    assert all(r["grounds_text"] for r in rows)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--quarter", "2024-2"], "not a quarter label"),
        (["--quarter", "2031Q1"], "no data for 2031Q1"),
        (["--quarter", "2024Q2", "--repeat-quarters", "1"], "repeat_quarters"),
        (["--quarter", "2024Q2", "--floor-share", "100"], "floor_share"),
    ],
)
def test_user_errors(demo_db: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code, out, err = run(capsys, *argv, "--db", str(demo_db))
    assert code == 2 and message in err and "Traceback" not in err and out == ""
