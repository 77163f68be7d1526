"""One escaping rule for the whole app (issue 10, "one home for escaping"; issue 15, finding 5).

:mod:`anning.core.escape` is the only module that escapes text for Markdown, HTML or a Plotly label.
These tests keep it so (a second escaper written in a page or a publisher fails here) and check
what the two entry points do with hostile text.
"""

from __future__ import annotations

import ast
import html
from pathlib import Path

import pytest

from anning.core.escape import html_text, inert, safe_cell, visible_text

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "anning" / "core" / "escape.py"
SOURCES = [*sorted((ROOT / "anning").rglob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
SOURCES += [ROOT / "app.py", ROOT / "serve.py"]


def _escapers(path: Path) -> list[str]:
    """Where a module escapes on its own: ``html.escape``, ``markupsafe``, or a function named like an escaper."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "escape" and getattr(node.value, "id", "") == "html":
            found.append(f"{path.name}:{node.lineno} html.escape")
        elif isinstance(node, ast.ImportFrom) and node.module in ("html", "markupsafe"):
            found.append(f"{path.name}:{node.lineno} from {node.module} import …")
        elif isinstance(node, ast.FunctionDef) and ("escape" in node.name or node.name in ("_md", "md")):
            found.append(f"{path.name}:{node.lineno} def {node.name}")
    return found


def test_the_scan_sees_every_source_file() -> None:
    assert HOME in SOURCES and len(SOURCES) > 100
    assert any(p.parent.name == "pages" for p in SOURCES)


def test_no_module_but_the_escape_module_escapes_on_its_own() -> None:
    # The finding (issue 10): Markdown escaping written twice with different character sets, and
    # html.escape in three more modules; each copy is a place where a hostile name could slip through.
    found = [hit for p in SOURCES if p != HOME for hit in _escapers(p)]
    assert found == [], f"escape through anning.core.escape (inert / html_text), not locally: {found}"


def test_the_scan_would_catch_a_local_escaper(tmp_path: Path) -> None:
    bad = tmp_path / "page.py"
    bad.write_text("import html\n\ndef _escape_md(s):\n    return html.escape(s)\n", encoding="utf-8")
    assert len(_escapers(bad)) == 2


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ('<a href="https://phish.example">x</a>', '<a href="https://phish.example">x</a>'),
        ("A\x1b[31mB\x07C\x00D", "A[31mBCD"),  # ESC, BEL, NUL gone, the rest kept
        ("Evil\u202egnp.exe", "Evilgnp.exe"),  # RLO gone: the name reads in its own order
        ("zero\u200bwidth\tand\nbreaks", "zerowidth and breaks"),
        ("琰璟理财(示例) & 'co'", "琰璟理财(示例) & 'co'"),
        ("某某\U000e0069科技\u00ad\u206e", "某某科技"),  # tag character, soft hyphen, U+206E: format characters
    ],
)
def test_html_text_escapes_and_drops_invisible_characters(value: str, text: str) -> None:
    out = html_text(value)
    assert "<" not in out and ">" not in out and '"' not in out and "'" not in out
    assert html.unescape(out) == text == visible_text(value)


def test_inert_and_html_text_read_as_the_same_characters() -> None:
    name = "[phish](https://x.example) **bold** <b>x</b> a@b.c www.x.cn"
    assert html.unescape(inert(name)).replace("\u2060", "") == html.unescape(html_text(name)) == name


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        (" \u3000=1+2", "' \u3000=1+2"),  # leading white space does not hide a formula
        ("A\x1b[31mB\x07\x00C", "A[31mBC"),  # controls no XLSX cell may hold are dropped
        ("\x1b=1", "'=1"),  # ... before the formula check, so they cannot hide one either
        ("line\nbreak\ttab", "line\nbreak\ttab"),  # what a cell may hold stays
        ("-12.5", "'-12.5"),  # text that looks like a number is still text
        (-12.5, -12.5),
    ],
)
def test_safe_cell_neutralises_formulas_and_drops_illegal_controls(value: object, cell: object) -> None:
    assert safe_cell(value) == cell
