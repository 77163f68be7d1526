"""The command line: every command's --help works, and unknown commands fail cleanly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from anning.cli import main as cli

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(cli.build_parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def test_expected_commands_exist() -> None:
    for name in ("load", "demo", "rebuild", "rank", "forecast", "enforcement", "inventory", "users"):
        assert name in COMMANDS


@pytest.mark.parametrize("argv", [["--help"], *[[c, "--help"] for c in COMMANDS]])
def test_help_works(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    assert exc.value.code == 0
    assert "usage:" in capsys.readouterr().out


def test_unknown_command_is_a_usage_error() -> None:
    proc = subprocess.run([sys.executable, "-m", "anning", "fly"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 2 and "invalid choice" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["rank", "--by", "company", "--quarter", "2026Q3"],
        ["forecast", "--series", "total", "--horizon", "4", "--out", "f.csv"],
        ["enforcement", "--quarter", "2026Q3"],
        ["inventory", "--quarter", "2026Q3", "--out", "out"],
        ["rebuild"],
    ],
)
def test_a_read_command_without_a_store_says_how_to_make_one(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "none" / "anning.duckdb"
    assert cli.main([*argv, "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert str(db) in err and "no store" in err and "Traceback" not in err
    assert not db.exists(), "a read command must not create a store"
