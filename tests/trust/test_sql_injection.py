"""Hostile input, SQL injection: filter values reach SQL only as parameters.

Three proofs:

* every option of every CLI command (enumerated from ``anning.cli.main.build_parser()``, so commands
  added later are covered) is fed SQL-injection strings: no traceback, a clear error or an empty
  result, and the store's data file is byte-for-byte unchanged;
* every page (``ui.PAGES``) is run with every text box, select box, radio, multiselect and number
  box set to the same strings, and with the strings in the query parameters: no exception, and the
  store unchanged;
* statically, no ``.py`` file in ``anning/`` holds SQL text at all (every statement is a named query in
  ``queries/``), and nothing builds SQL with ``+``, an f-string, ``.format`` or ``%`` except the
  whitelisted identifier helpers in ``anning/store/sql.py``.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from anning.cli import main as cli
from anning.core import auth
from anning.store import audit
from anning.store import db as store
from anning.ui import frame as ui
from tests import helpers
from tests.helpers import COMPLAINT_HEADER, complaint, file_state, write_csv

ROOT = Path(__file__).resolve().parents[2]

INJECTIONS = [
    "'; drop table complaints; --",
    "1 or 1=1",
    '") union select key, value from meta --',
    "2026Q3' or '1'='1",
    "’; delete from batches; --‘",  # unicode quotes, which some drivers fold to ASCII
    "$quarter",  # a DuckDB parameter name as a value
    "{0}%s",  # format placeholders
]
DATA_TABLES = ["complaints", "takedowns", "enforcement", "batches", "meta", "r_rank"]


def _copy(src: Path, dst_dir: Path) -> Path:
    return helpers.copy_store(src, dst_dir / "anning.duckdb")


def _counts(db: Path) -> dict[str, int]:
    reader = store.Reader(db)
    try:
        cur = reader.cursor()
        try:
            return {t: int(cur.execute(f"select count(*) from {t}").fetchall()[0][0]) for t in DATA_TABLES}
        finally:
            cur.close()
    finally:
        reader.close()


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Path:
    """One copy of the demo store for the whole module: nothing here may change it."""
    return _copy(demo_db, tmp_path_factory.mktemp("inj") / "store")


# --------------------------------------------------------------------------- the CLI


def _subcommands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every leaf command: ``("load",)``, ``("users", "add")``, ..."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield prefix, parser
        return
    for name, sp in subs[0].choices.items():
        yield from _subcommands(sp, (*prefix, name))


def _value_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [
        a
        for a in parser._actions
        if not isinstance(a, argparse._HelpAction | argparse._SubParsersAction) and a.nargs != 0
    ]


def _filler(action: argparse.Action, tmp: Path, bad_csv: Path) -> list[str]:
    """A harmless value for an argument that is not under attack (so the attacked one is reached)."""
    if action.choices:
        return [str(next(iter(action.choices)))]
    known = {
        "quarter": "2026Q3",
        "files": str(bad_csv),
        "out": str(tmp / "out"),
        "name": "inj.user",
        "scale": "0.001",
        "through": "2019-02-01",
        "top": "5",
        "min_volume": "1",
        "window": "4",
        "rate_factor": "2",
    }
    if action.dest in known:
        return [known[action.dest]]
    return ["1"]


# Optional settings that keep a command's run short when it does go ahead (demo: a tiny, one-month demo).
_QUICK = ("scale", "through")


def _cases() -> list[tuple[tuple[str, ...], str]]:
    out = []
    for path, parser in _subcommands(cli.build_parser()):
        for action in _value_actions(parser):
            out.append((path, action.dest))
    return out


CASES = _cases()


def test_the_cli_is_enumerated() -> None:
    commands = {path for path, _ in CASES}
    assert {("load",), ("demo",), ("rebuild",), ("users", "add"), ("users", "passwd")} <= commands
    assert (("load",), "user") in CASES and (("users", "add"), "display") in CASES


@pytest.mark.parametrize(("path", "dest"), CASES, ids=[f"{' '.join(p)}:{d}" for p, d in CASES])
def test_cli_option_with_injection(
    path: tuple[str, ...], dest: str, target: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # relative paths made of injection strings land here
    monkeypatch.setenv("ANNING_USERS", str(tmp_path / "users.json"))
    bad_csv = write_csv(tmp_path / "bad.csv", COMPLAINT_HEADER, [complaint(1, received_at="not a date")])
    parser = dict(_subcommands(cli.build_parser()))[path]
    before_state, before_counts = file_state(target), _counts(target)
    for inj in INJECTIONS:
        argv: list[str] = list(path)
        positionals: list[str] = []
        for action in _value_actions(parser):
            attacked = action.dest == dest
            # Unattacked options: only the required ones, the store, and those that keep a run short.
            if not attacked and not action.required and action.dest not in ("db", *_QUICK):
                continue
            value = [inj] if attacked else _filler(action, tmp_path, bad_csv)
            if action.dest == "db" and not attacked:
                value = [str(target)]
            if action.option_strings:
                argv += [action.option_strings[-1], *value]
            else:
                positionals += value
        if path[-1] in ("add", "passwd"):
            argv.append("--password-stdin")
        argv += ["--", *positionals] if positionals else []
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stdin", io.StringIO("injection-pass\n"))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv)
            except SystemExit as exc:  # argparse refused the value: a usage error, exit 2
                code = int(exc.code or 0)
        text = out.getvalue() + err.getvalue()
        assert "Traceback" not in text, (argv, text)
        if code != 0:
            assert err.getvalue().strip(), f"{argv}: failed without saying why"
        # Whatever the command did with the string, the store's data is exactly as it was.
        assert file_state(target) == before_state, argv
    assert _counts(target) == before_counts


def test_injection_as_a_loader_user_name_is_stored_as_data(demo_db: Path, tmp_path: Path) -> None:
    db = _copy(demo_db, tmp_path / "s")
    before = _counts(db)
    f = write_csv(tmp_path / "new.csv", COMPLAINT_HEADER, [complaint(i, complaint_id=f"INJ{i}") for i in range(3)])
    code = cli.main(["load", str(f), "--db", str(db), "--user", INJECTIONS[0]])
    assert code == 0
    after = _counts(db)
    assert after["complaints"] == before["complaints"] + 3 and after["batches"] == before["batches"] + 1
    reader = store.Reader(db)
    try:
        assert INJECTIONS[0] in set(reader.query("batches_list").loaded_by)
        log = audit.recent(reader, limit=5)
        assert INJECTIONS[0] in set(log.user_name)
    finally:
        reader.close()


# --------------------------------------------------------------------------- page filters

PAGE_FILES = [path for pages in ui.PAGES.values() for path, _, _ in pages]
_TEXT = ("text_input", "text_area")
_CHOICE = ("selectbox", "radio", "select_slider")
_MULTI = ("multiselect",)
_SKIP_KEYS = {"frame_lang"}


def _analyst(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / page), default_timeout=90)
    at.session_state["frame_lang"] = "en"
    at.session_state["auth_user_obj"] = auth.User("inj.analyst", "analyst", "Injection analyst")
    return at


def _widgets(at: AppTest) -> list[tuple[str, str]]:
    found = []
    for kind in (*_TEXT, *_CHOICE, *_MULTI, "number_input"):
        for w in at.get(kind):
            key = getattr(w, "key", None)
            if key and key not in _SKIP_KEYS and not key.startswith("auth_"):
                found.append((kind, key))
    return found


@pytest.mark.parametrize("page", PAGE_FILES)
def test_page_filters_with_injection(page: str, target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANNING_DB", str(target))
    before_state = file_state(target)
    at = _analyst(page).run()
    assert not at.exception, [e.value for e in at.exception]
    widgets = _widgets(at)
    for inj in INJECTIONS:
        at = _analyst(page)
        # Query parameters a deep link could carry: every widget key and the usual names.
        for name in {k for _, k in widgets} | {"key", "quarter", "company", "by", "q", "page"}:
            at.query_params[name] = inj
        for kind, key in widgets:
            at.session_state[key] = [inj] if kind in _MULTI else (0 if kind == "number_input" else inj)
        at.session_state["frame_quarter"] = inj
        at.run()
        assert not at.exception, (page, inj, [e.value for e in at.exception])
        # Now type the string into the text boxes the page drew, one at a time.
        for w in [w for kind in _TEXT for w in at.get(kind) if getattr(w, "key", None) in {k for _, k in widgets}]:
            w.input(inj).run()
            assert not at.exception, (page, w.key, inj, [e.value for e in at.exception])
    assert file_state(target) == before_state


# --------------------------------------------------------------------------- static: no SQL built from strings

_SQL = re.compile(
    r"^\s*(attach|pragma|copy)\s|\bwhere\s+\S+\s*(=|in\b|like\b)"
    r"|\b(select\s.+\sfrom|insert\s+into|delete\s+from|update\s+\w+\s+set|drop\s+(table|view)"
    r"|create\s+(or\s+replace\s+)?(temp\s+)?(table|view|macro))\b",
    re.I | re.S,
)
# The identifier helpers: they quote and whitelist names, and are the only place a template is filled.
ALLOWED = {
    ("anning/store/sql.py", "ident"),
    ("anning/store/sql.py", "compose"),
}


def _literal_text(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return ""


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of docstring constants (prose about SQL is allowed; SQL is not)."""
    out = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def _violations(path: Path, rel: str | None = None) -> list[str]:
    rel = rel or path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    out: list[str] = []

    def visit(node: ast.AST, func: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            func = node.name
        allowed = (rel, func) in ALLOWED
        where = f"{rel}:{getattr(node, 'lineno', '?')} ({func})"
        if not allowed:
            # Issue 10: SQL lives in queries/*.sql only, so any SQL-looking literal is a finding.
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docs
                and _SQL.search(node.value)
            ):
                out.append(f"{where}: SQL text")
            if (
                isinstance(node, ast.BinOp)
                and isinstance(node.op, ast.Add)
                and (_SQL.search(_literal_text(node.left)) or _SQL.search(_literal_text(node.right)))
            ):
                out.append(f"{where}: + SQL")
            if (
                isinstance(node, ast.JoinedStr)
                and any(isinstance(v, ast.FormattedValue) for v in node.values)
                and _SQL.search(_literal_text(node))
            ):
                out.append(f"{where}: f-string SQL")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "format"
                and _SQL.search(_literal_text(node.func.value))
            ):
                out.append(f"{where}: .format() SQL")
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and _SQL.search(_literal_text(node.left)):
                out.append(f"{where}: % SQL")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "sql", "executemany")
                and node.args
            ):
                first = node.args[0]
                if isinstance(first, ast.JoinedStr) or (isinstance(first, ast.BinOp) and isinstance(first.op, ast.Mod)):
                    out.append(f"{where}: {node.func.attr}() of a formatted string")
        for child in ast.iter_child_nodes(node):
            visit(child, func)

    visit(tree, "<module>")
    return out


def test_no_sql_is_formatted_from_strings() -> None:
    files = sorted((ROOT / "anning").rglob("*.py"))
    assert len(files) > 10
    found = [v for f in files for v in _violations(f)]
    assert not found, "\n".join(found)


def test_the_static_check_catches_the_usual_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "probe.py"
    sample = """
def f(con, q, t):
    con.execute(f"select * from complaints where quarter = '{q}'")
    con.execute("select * from %s" % t)
    con.execute("delete from batches where id = {}".format(q))
    sql = f"insert into meta values ('{q}', 1)"
    con.execute("select * from " + t)
    con.execute(t + " where quarter = 'x'")
    con.execute("select 1 where x = $x", {"x": q})
    raise ValueError(f"drop them first: {q}")  # fine: an error message, not SQL
"""
    bad.write_text(sample, encoding="utf-8")
    found = _violations(bad, "anning/probe.py")
    by_line: dict[int, set[str]] = {}
    for v in found:
        line = int(v.split(":", 2)[1].split(" ", 1)[0])
        by_line.setdefault(line, set()).add(v.split(": ", 1)[1])
    assert by_line == {
        3: {"execute() of a formatted string", "f-string SQL", "SQL text"},
        4: {"execute() of a formatted string", "% SQL", "SQL text"},
        5: {".format() SQL", "SQL text"},
        6: {"f-string SQL", "SQL text"},
        7: {"+ SQL", "SQL text"},
        8: {"+ SQL", "SQL text"},
        # Even a parameterised statement is SQL text in Python; an error message (line 10) is not.
        9: {"SQL text"},
    }, found
    assert not [v for v in found if v.startswith("anning/probe.py:10 ")], found
