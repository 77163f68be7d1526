"""The enforcement page's tables in words: one shaping for the screen and the exports alike.

Every header is translated (``enf.col.<name>``, or the shared labels of :func:`anning.enforcement.actions.display`)
and every code value too (roles, actions, authority types, the scorecard's tests and status, outcomes,
yes/no), so a Chinese export carries no ``source_company`` or ``fail``. Rates and shares are rounded to
what a reader needs: rates to two decimals, shares as percentages to one decimal, money to the yuan.
Dates are written as dates, not timestamps. Internal keys (``code``, ``dim``, ``key``) are dropped.
"""

from __future__ import annotations

import pandas as pd

from anning.enforcement import actions as enf
from anning.enforcement import authority
from anning.i18n import t

# Columns a reader does not need (internal keys and codes).
_INTERNAL = ("code", "dim", "key", "target_key", "holder_key")


def _words(values: pd.Series, prefix: str, lang: str) -> list[str]:
    """Code values in words (``enf.status.fail`` …); a missing or unknown code stays as it is."""
    from anning.i18n import TABLE

    return [t(f"{prefix}.{v}", lang) if f"{prefix}.{v}" in TABLE else ("" if pd.isna(v) else str(v)) for v in values]


def _yes_no(values: pd.Series, lang: str) -> list[str]:
    return [t("enf.yes", lang) if bool(v) else t("enf.no", lang) for v in values]


def _date(values: pd.Series) -> list[str]:
    return [("" if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d")) for v in values]


def _round(df: pd.DataFrame, places: dict[str, int]) -> pd.DataFrame:
    out = df.copy()
    for c, n in places.items():
        if c in out.columns:
            out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64").round(n)
    return out


def _headers(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Translated headers; a column no table names (a new internal field) is left out, never shown raw."""
    from anning.i18n import TABLE

    keep = [c for c in df.columns if c not in _INTERNAL and (f"enf.col.{c}" in TABLE or c == "rate")]
    return enf.display(df[keep], lang)


def scorecard(card: enf.Scorecard, lang: str) -> pd.DataFrame:
    """The MVNO scorecard: tests and status in words, the rate to two decimals, the fraud share in percent."""
    tb = card.table
    out = tb.assign(
        lawful=_words(tb["lawful"], "enf.test", lang),
        real_name_ok=_words(tb["real_name_ok"], "enf.test", lang),
        response=_words(tb["response"], "enf.test", lang),
        status=_words(tb["status"], "enf.status", lang),
        fraud_share_pct=pd.to_numeric(tb["fraud_share"], errors="coerce") * 100,
    ).drop(columns=["fraud_share"])
    out["subscribers"] = pd.array([None if pd.isna(v) else int(v) for v in out["subscribers"]], dtype="Int64")
    out["subscribers_year"] = pd.array([None if pd.isna(v) else int(v) for v in out["subscribers_year"]], dtype="Int64")
    cols = [
        "name",
        "host",
        "status",
        "failed",
        "lawful",
        "real_name_ok",
        "response",
        "complaints",
        "rate",
        "fraud_share_pct",
        "numbers_shut",
        "actions",
        "serious",
        "real_name",
        "subscribers",
        "subscribers_year",
        "reasons",
    ]
    return _headers(_round(out[[c for c in cols if c in out.columns]], {"rate": 2, "fraud_share_pct": 1}), lang)


def over_cap(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Fines above the statutory cap: the role in words, dates as dates, amounts to the yuan."""
    out = df.assign(
        target_role=[enf.label_role(r, lang) for r in df["target_role"]],
        decided_on=_date(df["decided_on"]),
    )
    return _headers(_round(out, {c: 0 for c in ("fine_yuan", "illegal_gains_yuan", "cap_yuan", "excess_yuan")}), lang)


def repeat(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Targets acted against in several quarters: role, escalation and outcome in words, the change in percent."""
    out = df.assign(
        target_role=[enf.label_role(r, lang) for r in df["target_role"]],
        escalated=_yes_no(df["escalated"], lang),
        outcome=_words(df["outcome"], "enf.outcome", lang),
        change_pct=pd.to_numeric(df["change"], errors="coerce") * 100,
    ).drop(columns=["change"])
    return _headers(_round(out, {"before": 1, "after": 1, "change_pct": 1}), lang)


def authorities(view: enf.EnforcementView, lang: str) -> pd.DataFrame:
    """Actions and fines of the quarter by deciding authority, the authority in words."""
    ba = view.by_authority.assign(
        authority_type=[authority.label_type(k, lang) for k in view.by_authority.authority_type]
    )
    return _headers(_round(ba, {"fines_yuan": 0, "under_review_yuan": 0}), lang)


def departments(view: enf.EnforcementView, lang: str) -> pd.DataFrame:
    """Other departments' actions of the quarter."""
    return _headers(_round(view.by_department, {"fines_yuan": 0}), lang)


def matrix(view: enf.EnforcementView) -> pd.DataFrame:
    """The action × role table (already in words)."""
    return view.matrix


def export_sheets(view: enf.EnforcementView, lang: str) -> dict[str, pd.DataFrame]:
    """Every table of the enforcement export, keyed by its sheet name (short, in ``lang``)."""
    q = view.quarter
    return {
        t("enf.sheet.actions", lang, quarter=q): matrix(view),
        t("enf.sheet.authority", lang, quarter=q): authorities(view, lang),
        t("enf.sheet.departments", lang, quarter=q): departments(view, lang),
        t("enf.sheet.over_cap", lang): over_cap(view.over_cap, lang),
        t("enf.sheet.repeat", lang): repeat(view.repeat, lang),
        t("enf.sheet.scorecard", lang, quarter=q): scorecard(view.scorecard, lang),
    }
