"""The shared vocabulary (``anning.i18n.terms``) and every dynamic translation key against its enum.

A dynamic key (``t(f"rk.note.{note}")``) is invisible to the static key test in ``test_core``; here each
template found in the code must be registered in :data:`DYNAMIC` with the codes it can be asked for,
and each of those codes must have an entry. A new dynamic key without a registration fails.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from anning import i18n
from anning.analysis import handling, headlines, overview, provinces, rankings
from anning.core import auth
from anning.enforcement import actions as enf
from anning.enforcement import authority, exposure, sections
from anning.forecast import engine, models
from anning.forecast import series as forecasting
from anning.i18n import terms
from anning.load import contract
from anning.publish import inventory, lists, referrals

ROOT = Path(__file__).resolve().parents[2]

# Dynamic key template (each ``{...}`` written as ``{}``) -> the codes it is filled with, from the module that
# produces them. ``None`` marks a lookup the code guards with ``in TABLE`` (column headers: a column without
# an entry keeps its name), which the scan below checks is really there.
DYNAMIC: dict[str, tuple[str, ...] | None] = {
    "term.{}.{}": None,  # terms.label checks the family and the code itself (tested below)
    "term.{}.all": None,
    "rk.by.{}": rankings.DIMENSIONS,
    "rk.name.{}": rankings.DIMENSIONS,
    "rk.sort.{}": rankings.SORTS,
    # rankings.column_label: every column but the name (named after the dimension) and the rate (a term)
    "rk.col.{}": tuple(
        c for c in (*rankings.COLUMNS, *rankings.OPERATOR_COLUMNS) if c not in ("name", "rate_per_million")
    ),
    # notes rankings.rank writes (rankings.py: notes.append / note = ...)
    "rk.note.{}": ("rise", "fall", "new", "out", "not_significant", "no_previous", "partial"),
    "enf.sheet.{}": sections.SHEETS,
    "rk.vs.{}": ("previous_complaints", "previous_rank", "change_pct", "note"),  # rankings.column_label, compare
    "audit.key.{}": None,  # guarded: an unknown detail key is spelled out
    "fc.dim.{}": forecasting.DIMS,
    "fc.{}": tuple(forecasting.GRANULARITIES),
    "fc.m.{}": (*models.ALL_MODELS, "fallback_snaive", "fallback_naive", "fallback_mean"),
    # the forecast page's three tables: the backtest, the future periods and the unusual periods
    "fc.col.{}": (*engine.BACKTEST_COLUMNS, "period", *engine.FORECAST_COLUMNS, "actual", "direction"),
    "fc.dir.{}": ("rise", "fall"),
    # the page asks only for these reasons and falls back to fc.why.other for any other
    "fc.why.{}": ("best_backtest_mase", "short_history", "guard_replaced", "constant_series", "all_candidates_failed"),
    "ov.kpi.{}": tuple(k for k in (*overview.COMPLAINT_KPIS, *overview.ACTION_KPIS) if k not in terms.CHANNELS),
    "ov.col.{}": ("action", "actions", "fines_yuan"),
    "pub.inv.kpi.{}": ("ports", "numbers"),
    "pub.inv.m.{}": (*inventory.ANNEX_ITEMS, "demo"),
    "pub.inv.s.{}": (*(k for k, _ in inventory.SECTIONS), "annex"),
    "pub.inv.tab.{}": inventory.TABLE_KEYS,
    "pub.inv.sheet.{}": inventory.TABLE_KEYS,
    "pub.inv.record.{}_since": ("low", "high"),
    "pub.inv.record.{}_all": ("low", "high"),
    "pub.inv.unranked.{}": rankings.NOT_INDUSTRIES,
    "pub.inv.test.{}": ("pass", "fail", "unknown"),
    "pub.inv.status.{}": ("green", "fail", "incomplete"),
    "pub.inv.case.act.{}": ("fine", "interview", "notice"),
    "pub.inv.advice.{}": ("1", "2", "3", "4"),
    "pub.ground.{}": exposure.GROUND_CODES,
    "pub.id_problem.{}": exposure.ID_PROBLEMS,
    "pub.page.{}": lists.STEPS,  # the exposure page's workflow buttons
    "pub.reason.{}": lists.REASONS,
    "pub.status.{}": ("draft", "submitted", "approved", "published", "discarded"),
    "pub.page.done.{}": ("prepare", "save", "submit", "approve", "return", "publish", "discard", "correct"),
    "hl.subject.{}": tuple(d for d in headlines._ANOMALY_DIMS if d not in ("channel", "port_company")),
    "hl.record_{}_since": ("low", "high"),
    "hl.record_{}_all": ("low", "high"),
    "hl.anomaly.{}": ("rise", "fall"),
    "enf.market.{}": enf.MARKETS,
    "enf.layer.{}": enf.LAYERS[1:],
    "enf.chart.col_{}": enf.LAYERS,
    "enf.chain.other_{}": enf.LAYERS[1:],
    "enf.cap.{}": ("no_gains", "three_times", "ceiling"),
    "enf.status.{}": ("green", "fail", "incomplete"),
    "enf.outcome.{}": ("fell", "rose", "flat", "unmeasured"),
    "enf.col.{}": None,
    "company.col_{}": None,
    "company.rel_{}": ("held", "used"),
    "col.{}": None,
    "kind.{}": tuple(contract.KINDS),
    "step.{}": ("read", "validate", "write", "rollup", "done"),
    "{}_one": None,  # company._counted: the singular of a key the caller names literally
    "enf.authority.{}": authority.TYPES,
    "ref.outcome.{}": tuple(referrals.OUTCOMES),  # the feedback outcomes a department may report
    "ref.col.outcome_{}": tuple(referrals.OUTCOMES),  # the feedback table's header per outcome
    "pub.inv.ref.fb.{}": tuple(referrals.OUTCOMES),  # the inventory's phrase per feedback outcome
    "auth.ended.{}": ("removed", "expired"),  # ui.auth._end_session: why a session ended (sign-in screen notice)
    "lang.{}": ("zh", "en"),  # load.batches.audit_detail: the language of an inventory draft
    "hd.name.{}": handling.DIMENSIONS,
    "hd.by.{}": handling.DIMENSIONS,
    "hd.h.table_{}": handling.DIMENSIONS,
    "hd.group.{}": ("all", *handling.GROUPS),
    "hd.{}": tuple(st for st in handling.STATES if st != "ok"),  # the page explains every state but "ok"
    # handling.display_frame's columns (the name is named after the dimension, the SLA share has its own key)
    "hd.col.{}": (
        "kind",
        "forwarded",
        "handled",
        "pending",
        "not_actionable",
        "handling_rate",
        "median_days",
        "p90_days",
    ),
}

_DYNAMIC_CALL = re.compile(r"""(?:\bt|\.t)\(\s*f(["'])(.+?)\1""")


def _code_files() -> list[Path]:
    return [*(ROOT / "anning").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "app.py"]


def _templates() -> dict[str, list[str]]:
    """Every dynamic key template in the code -> the lines that use it."""
    found: dict[str, list[str]] = {}
    for path in _code_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            for _, body in _DYNAMIC_CALL.findall(line):
                found.setdefault(re.sub(r"\{[^{}]*\}", "{}", body), []).append(f"{path.name}: {line.strip()}")
    return found


def test_every_dynamic_key_is_registered_with_its_enum() -> None:
    found = _templates()
    assert len(found) > 20  # the scan sees the code
    unregistered = {k: v for k, v in found.items() if k not in DYNAMIC}
    assert not unregistered, unregistered
    for template, lines in found.items():
        if DYNAMIC[template] is None and template.endswith(".{}") and not template.startswith("term."):
            # an unregistered column header must be guarded, or an unknown column would raise
            assert all("in TABLE" in ln or "known" in ln for ln in lines), (template, lines)


@pytest.mark.parametrize("template", [k for k, v in DYNAMIC.items() if v is not None])
def test_every_code_of_a_dynamic_key_has_an_entry(template: str) -> None:
    codes = DYNAMIC[template]
    assert codes, template
    missing = [c for c in codes if template.replace("{}", c) not in i18n.TABLE]
    assert not missing, (template, missing)


def test_no_stale_registration() -> None:
    assert set(DYNAMIC) <= set(_templates()) | {"term.{}.all"}


def test_every_family_code_has_one_label_per_language() -> None:
    for family, codes in terms.FAMILIES.items():
        for lang in i18n.LANGS:
            labels = [terms.label(family, c, lang) for c in codes]
            assert all(labels), (family, lang)
            assert len(set(labels)) == len(labels), (family, lang, labels)  # no two codes read the same


def test_unknown_codes_fail_loudly() -> None:
    with pytest.raises(ValueError, match="unknown channel"):
        terms.channel("fax", "en")
    with pytest.raises(ValueError, match="unknown term family"):
        terms.label("colour", "red", "en")
    assert terms.channel(None, "zh") == "短信和电话"
    assert terms.category(None, "en") == "All categories"


def test_the_codebase_enums_are_the_terms() -> None:
    assert tuple(auth.ROLES) == terms.USER_ROLES
    assert enf.ACTIONS == terms.ACTIONS == overview.ACTIONS
    assert enf.ROLES == terms.CHAIN_ROLES
    assert enf.TARGET_TYPES == terms.TARGET_TYPES
    assert rankings.CHANNELS == terms.CHANNELS == headlines.CHANNELS
    assert rankings.CATEGORIES == terms.CATEGORIES == inventory.CATEGORIES
    assert rankings.OPERATOR_KINDS == terms.OPERATOR_KINDS == handling.GROUPS
    assert provinces.CHANNELS[1:] == terms.CHANNELS and provinces.CATEGORIES[1:] == terms.CATEGORIES
    assert terms.RATE_BASES["residents"] == provinces.PER
    assert exposure.CHANNELS[1:] == terms.CHANNELS
    assert set(engine.REFERENCE_MODELS) <= set(models.ALL_MODELS)


def test_categories_and_industries_never_share_a_label() -> None:
    ind = pd.read_csv(ROOT / "data" / "reference" / "industries.csv", dtype=str)
    for lang, col in (("en", "name_en"), ("zh", "name_zh")):
        industries = {s.casefold() for s in ind[col]}
        for family in ("category", "channel"):
            for code in terms.FAMILIES[family]:
                assert terms.label(family, code, lang).casefold() not in industries, (family, code, lang)


def test_each_term_is_defined_once() -> None:
    """Channels, categories, roles and actions have no second home in a feature's table."""
    for lang_index in (0, 1):
        shared = {v[lang_index] for k, v in terms.TABLE.items() if k.split(".")[1] in ("channel", "category", "action")}
        # a feature key whose whole text is a shared term is a second definition (a column header such as
        # "Fine" over amounts is a header, not a term)
        clones = sorted(
            k
            for k, v in i18n.TABLE.items()
            if not k.startswith("term.") and "col" not in k and v[lang_index] in shared and len(v[lang_index]) > 2
        )
        assert not clones, clones
