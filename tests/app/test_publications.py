"""AppTest: the Inventory, Exposure and Referrals pages in both languages, and their workflows by role."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from anning.core import auth
from anning.publish import lists, referrals
from anning.store import db as store
from tests.helpers import as_read

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("pages/inventory.py", "pages/exposure.py", "pages/referrals.py")


def open_page(
    page: str, lang: str, user: auth.User | None = None, quarter: str | None = None, *, router: bool = True
) -> AppTest:
    """The page through the router (as users reach it), or run on its own (``router=False``).

    Clicks need the page on its own: AppTest starts every run as a fresh server in pages-folder mode,
    where ``ui.frame`` sends the run through the router with ``st.rerun()``, and a rerun drops the
    click's trigger value.
    """
    at = AppTest.from_file(str(ROOT / "app.py") if router else str(ROOT / page), default_timeout=180)
    at.session_state["frame_lang"] = lang
    if user is not None:
        at.session_state["auth_user_obj"] = user
    if quarter is not None:
        at.session_state["frame_quarter"] = quarter
    at.run()
    if router:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def as_user(at: AppTest, user: auth.User) -> AppTest:
    at.session_state["auth_user_obj"] = user
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.success]
    parts += [i.value for i in at.info] + [w.value for w in at.warning] + [e.value for e in at.error]
    parts += [h.value for h in at.subheader]
    # What the reader sees: data and document text reach Markdown inert (character references, word joiners).
    return as_read("\n".join(str(p) for p in parts))


def button(at: AppTest, key: str):  # noqa: ANN201 - the AppTest element type is private
    return at.button(key=key)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_render_in_both_languages(app_db: Path, page: str, lang: str) -> None:
    at = open_page(page, lang)
    heading = {
        "en": {
            "pages/inventory.py": "Complaint inventory",
            "pages/exposure.py": "Exposure lists",
            "pages/referrals.py": "Lead referrals",
        },
        "zh": {"pages/inventory.py": "投诉情况盘点", "pages/exposure.py": "曝光名单", "pages/referrals.py": "线索移交"},
    }[lang][page]
    assert at.title[0].value == heading
    assert any(("Synthetic demo data" if lang == "en" else "合成演示数据") in w.value for w in at.warning)
    body = texts(at)
    if page == "pages/inventory.py":
        assert ("1. Overview" if lang == "en" else "一、总体情况") in body
        assert ("Annex: Definitions and methods" if lang == "en" else "附件：统计口径与方法") in body
    elif page == "pages/exposure.py":
        assert button(at, "exposure_prepare").label == (
            "Find candidates and open a draft" if lang == "en" else "生成候选名单并创建草稿"
        )
    else:
        assert ("4 batches, 38,000 leads" if lang == "en" else "4批次3.8万条") in body


def test_exposure_workflow_through_the_page(app_db: Path) -> None:
    at = open_page("pages/exposure.py", "en", quarter="2024Q2", router=False)  # the demo analyst
    for key, value in (
        ("exposure_rule_n", 8),
        ("exposure_rule_k", 1),
        ("exposure_rule_m", 2),
        ("exposure_rule_p", 1),
        ("exposure_rule_floor", 2),
    ):
        at.number_input(key=key).set_value(value)
    button(at, "exposure_prepare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Candidates found" in texts(at)
    assert "draft" in texts(at) and "candidates" in texts(at)
    button(at, "exposure_submit").click().run()
    assert "Submitted for approval." in texts(at)

    # The preparer, signed in as an approver, may not approve: the button is off and the logic refuses.
    as_user(at, auth.User("demo-analyst", "approver"))
    assert button(at, "exposure_approve").disabled
    assert "you may not approve" in texts(at)

    as_user(at, auth.User("zhao", "approver"))
    approve = button(at, "exposure_approve")
    assert not approve.disabled
    approve.click().run()
    assert "Approved." in texts(at)
    button(at, "exposure_publish").click().run()  # asks first (anning.ui.confirm): nothing published yet
    assert "Published: this version is now frozen." not in texts(at)
    assert any("A published list names companies publicly" in w.value for w in at.warning)
    button(at, "exposure_publish_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Published: this version is now frozen." in texts(at)

    # Press: published lists only (no tabs, no review), with the footnote and the exports.
    as_user(at, auth.User("press", "press"))
    assert not at.tabs
    body = texts(at)
    assert "Companies with prominent spam complaints, Q2 2024 (version 1)" in body
    assert "Content hash (SHA-256):" in body and "Data as of" in body
    assert "EXP-2024Q2" not in body and "zhao" not in body and "demo-analyst" not in body  # no internal id or user
    assert [b for b in at.button if b.key == "exposure_prepare"] == []
    labels = [b.label for b in at.get("download_button")]
    assert "list-2024Q2-v1-en.xlsx" in labels and "list-2024Q2-v1-en.csv" in labels
    assert not any("review" in x for x in labels)  # the full record with exclusion reasons is internal

    # A correction opens a new draft; version 1 stays published.
    as_user(at, auth.User("demo-analyst", "analyst"))
    at.text_input(key="exposure_correction_note").set_value("appeal upheld").run()
    button(at, "exposure_correct").click().run()
    assert "Correction draft opened" in texts(at) and "Correction of version 1: appeal upheld" in texts(at)
    r = store.Reader(app_db)
    try:
        assert list(lists.versions(r)["version"]) == [1]
    finally:
        r.close()


def test_press_sees_only_published_inventory(app_db: Path) -> None:
    at = open_page("pages/inventory.py", "zh", auth.User("press", "press"), quarter="2024Q2")
    assert "2024Q2盘点尚未发布。" in texts(at)
    assert "一、总体情况" not in texts(at)  # no draft for press

    at = open_page("pages/inventory.py", "en", auth.User("zhao", "approver"), quarter="2024Q2", router=False)
    button(at, "inventory_publish").click().run()  # the click asks for a confirmation first
    assert "Published INV-2024Q2 version 1" not in texts(at)
    button(at, "inventory_publish_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Published INV-2024Q2 version 1" in texts(at)

    at = open_page("pages/inventory.py", "zh", auth.User("press", "press"), quarter="2024Q2")
    body = texts(at)
    assert "一、总体情况" in body and "第1版" in body and "INV-2024Q2第1版" not in body
    labels = [b.label for b in at.get("download_button")]
    assert {"INV-2024Q2_v1_zh.docx", "INV-2024Q2_v1_zh.pdf", "INV-2024Q2_v1_zh.xlsx"} <= set(labels)


def test_narrative_edited_published_and_reexported(app_db: Path) -> None:
    """An analyst edits the narrative on the page, an approver publishes, the press reads it; the published
    files rebuild byte for byte (download bytes are not visible to AppTest: the export functions are)."""
    from anning.publish import documents, inventory

    q = "2024Q2"
    at = open_page("pages/inventory.py", "zh", auth.User("li", "analyst"), quarter=q, router=False)
    area = at.text_area(key=f"inventory_narr_{q}_zh_cases")
    assert area.value  # starts from the generated draft
    area.set_value("某贷款理财企业（示例）违规发送营销短信，已被约谈。\n\n某端口企业（示例）被关停端口12个。")
    at.text_area(key=f"inventory_narr_{q}_zh_next_steps").set_value("一是持续整治。")
    at.button(key="inventory_narr_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    body = texts(at)
    assert "叙述段落已保存。" in body and "典型案例、下一步工作" in body  # the review names the edited sections
    assert "某贷款理财企业（示例）违规发送营销短信，已被约谈。" in body and "一是持续整治。" in body
    assert "某端口企业（示例）被关停端口12个。" in body  # a blank line starts a new paragraph

    as_user(at, auth.User("zhao", "approver"))
    assert not [a for a in at.text_area if a.key.startswith("inventory_narr_")]  # approvers do not edit
    button(at, "inventory_publish").click().run()  # asks first
    button(at, "inventory_publish_yes").click().run()
    assert not at.exception, [e.value for e in at.exception]

    press = open_page("pages/inventory.py", "zh", auth.User("press", "press"), quarter=q)
    assert "某贷款理财企业（示例）违规发送营销短信，已被约谈。" in texts(press)

    def published_files() -> dict[str, bytes]:
        r = store.Reader(app_db)
        try:
            rec, h = inventory.record(r, inventory.inventory_id(q), 1)
        finally:
            r.close()
        doc = inventory.published_document(rec, h, "zh")
        return {f: inventory.export(doc, f) for f in ("docx", "xlsx", "pdf")} | documents.to_csvs(doc)

    before = published_files()
    # Edits after publishing change the draft only.
    at = as_user(at, auth.User("li", "analyst"))
    at.text_area(key=f"inventory_narr_{q}_zh_cases").set_value("另一则案例。")
    at.button(key="inventory_narr_save").click().run()
    assert "另一则案例。" in texts(at)
    assert published_files() == before
    import io

    import docx as python_docx

    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(before["docx"])).paragraphs)
    assert "某贷款理财企业（示例）违规发送营销短信，已被约谈。" in text and "另一则案例。" not in text


def test_analyst_prepares_a_referral_batch(app_db: Path) -> None:
    at = open_page("pages/referrals.py", "en", quarter="2024Q1", router=False)
    button(at, "referrals_prepare").click().run()
    assert not at.exception, [e.value for e in at.exception]
    body = texts(at)
    assert "Prepared as batch REF-2024Q1" in body
    labels = [b.label for b in at.get("download_button")]
    assert "REF-2024Q1_samr.xlsx" in labels and "REF-2024Q1_samr_letter.docx" in labels
    assert "REF-2024Q1_mps.xlsx" in labels  # public security's number list
    years = next(df.value for df in at.dataframe if "Year" in df.value.columns)
    assert int(years.loc[years["Year"] == 2024, "Batches"].iloc[0]) == 1

    # Recording the batch as sent needs the confirmation first, and is audited.
    assert button(at, "referrals_mark_sent").disabled
    at.checkbox(key="referrals_confirm").check().run()
    button(at, "referrals_mark_sent").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Batch REF-2024Q1 recorded as sent." in texts(at) and "Recorded as sent on" in texts(at)
    assert [b for b in at.button if b.key == "referrals_mark_sent"] == []
    r = store.Reader(app_db)
    try:
        assert referrals.batches(r).set_index("batch_id").loc["REF-2024Q1", "referred_by"] == "demo-analyst"
    finally:
        r.close()

    # Leadership reads the log but cannot prepare.
    at = open_page("pages/referrals.py", "en", auth.User("boss", "leadership"), quarter="2024Q2")
    assert "has no referral batch yet" in texts(at)
