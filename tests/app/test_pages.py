"""AppTest: every page renders on the demo store in both languages without an exception."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from anning.i18n import t
from anning.ui import frame as ui

ROOT = Path(__file__).resolve().parents[2]
PAGES = [path for pages in ui.PAGES.values() for path, _, _ in pages]


def run_page(page: str, lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["frame_lang"] = lang
    at.run()
    if page != "pages/overview.py":
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_page_renders(app_db: Path, page: str, lang: str) -> None:
    at = run_page(page, lang)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title, "every page has a heading"
    # The demo banner is on every page, in the chosen language.
    banner = [w.value for w in at.warning]
    assert any(("Synthetic demo data" if lang == "en" else "合成演示数据") in b for b in banner), banner


def test_page_runs_on_its_own_without_the_router(app_db: Path) -> None:
    # A page file run directly (no app.py) still draws the shared frame.
    at = AppTest.from_file(str(ROOT / "pages" / "data.py"), default_timeout=60).run()
    assert not at.exception
    assert at.selectbox(key="frame_quarter").value == "2026Q3"
    assert at.radio(key="frame_lang").value in ("zh", "en")


def test_quarter_defaults_to_latest_complete(app_db: Path) -> None:
    at = run_page("pages/overview.py", "en")
    box = at.selectbox(key="frame_quarter")
    assert box.value == "2026Q3"  # 2026Q4 has data but is incomplete
    assert "2026Q4" in box.options


def test_data_page_lists_batches_and_warnings(app_db: Path) -> None:
    at = run_page("pages/data.py", "en")
    frames = [df.value for df in at.dataframe]
    batches = next(v for v in frames if "Loaded by" in v.columns)
    assert list(batches["Loaded by"]) == ["demo"]
    files = next(v for v in frames if "Encoding" in v.columns)
    # Encodings by name for people, and dropped personal-data columns counted, never their headers.
    assert set(files["Encoding"]) == {"GB18030 (Chinese)", "UTF-8", "UTF-8 (with byte-order mark)", "Excel workbook"}
    gb = files.loc[files["Encoding"] == "GB18030 (Chinese)", "Personal data dropped"]
    assert set(gb) == {t("data.dropped_n", "en", n=1)}
    assert not files.astype(str).apply(lambda col: col.str.contains("举报人号码")).any().any()
    assert list(batches["Files"]) == [48]  # a count, not a JSON list
    warnings = next(v for v in frames if "Message" in v.columns)
    assert (warnings["Message"].str.contains("statutory cap")).any()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_upload_tab_says_a_real_file_ends_the_demo_sign_in(app_db: Path, lang: str) -> None:
    # Before: a trial upload of real data into the demo store signed everyone out with no warning
    # (demo sign-in works only while every batch is demo data).
    at = run_page("pages/data.py", lang)
    assert t("data.demo_ends", lang) in [w.value for w in at.warning]


def test_first_start_builds_the_demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "fresh" / "anning.duckdb"
    monkeypatch.setenv("ANNING_DB", str(db))
    from anning.load import demo

    # Keep the first start quick in tests: a smaller demo, same code path.
    real = demo.generate
    monkeypatch.setattr(demo, "generate", lambda out, **kw: real(out, scale=0.01))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert db.exists()
    assert at.selectbox(key="frame_quarter").value == "2026Q3"
