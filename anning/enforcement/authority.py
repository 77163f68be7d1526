"""Who decided an action: the deciding authority as a first-class field, and fine totals that respect it.

Every enforcement action has one of three authority types (:data:`TYPES`):

* ``telecom``: the ministry (工业和信息化部) and the provincial communications administrations (通信管理局),
  acting under the telecom rules. A blank ``authority`` is read as this: the enforcement file is the
  ministry's own case record, and other departments' actions are recorded with the department named
  (``docs/data-contract.md``);
* ``other_department``: a named department acting on a referred lead under its own laws (金融监管, 市场监管,
  公安, 教育…). An authority nobody recognises is kept here, under the name the record gives, so it is
  never counted as the ministry's;
* ``operator_internal``: an operator's own accountability (内部通报批评、KPI扣分、绩效扣罚), i.e. the
  ``accountability`` action, or any action whose authority is an operator.

Department names are valid in time (``data/reference/departments.csv``): an action that names a body on a
date it did not exist (国家金融监督管理总局 in 2020) is attributed to the body of that line that did
(银保监会), and flagged ``authority_renamed`` so the data can be corrected at its source.

Fine totals (:func:`fine_summary`): the total counts only ``telecom`` fines within the statutory cap of the
SMS regulation. Telecom fines above the cap are listed separately, "under legal review", and kept out of the
total. Other departments fine under their own laws, so their fines are reported on their own line and never
checked against the SMS regulation's cap.

This module is the one place that decides these; the enforcement page, the CLI (``by_authority``,
``fines_total_yuan``), the exposure list's "measure taken" and the inventory all read it.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import pandas as pd

from anning.core import fmt
from anning.i18n import t
from anning.store import reference

TYPES = reference.AUTHORITY_TYPES

# The columns :func:`classify_frame` adds to an actions frame.
COLUMNS = ("authority_type", "authority_code", "authority_renamed")


@dataclass(frozen=True)
class Authority:
    """The deciding authority of one action.

    ``code``: the department (``departments.csv``) that existed on the decision date, or None (an operator,
    or an authority nobody recognises). ``recorded``: the text as the record gives it. ``local``: the
    record names a local body (广东省通信管理局) recognised by its function, so its own name is shown.
    ``renamed``: the record names a body that did not exist on that date; ``code`` is the one that did.
    """

    type: str
    code: str | None
    recorded: str | None
    local: bool = False
    renamed: bool = False

    def name(self, lang: str) -> str:
        """The authority's name as published: a national body by its name on the decision date, a local body
        as recorded (广东省通信管理局), an unrecognised one as recorded, a blank one by its type."""
        if self.code and not self.local and self.type != "operator_internal":
            return reference.department_name(self.code, lang)
        if self.code and self.local and self.recorded and lang != "zh":
            # A local body's own name is Chinese: English names it by its province and function when the
            # record gives the province, else names its kind and keeps the name as recorded.
            local = reference.local_name_en(self.code, self.recorded)
            return local or f"{reference.department_name(self.code, lang)} ({self.recorded})"
        return self.recorded or t(f"enf.authority.{self.type}", lang)


def _as_date(v: object) -> dt.date | None:
    if v is None or type(v) is dt.date:
        return v  # type: ignore[return-value]
    if isinstance(v, dt.datetime):
        return v.date()
    try:
        if pd.isna(v):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    return pd.Timestamp(v).date()  # type: ignore[arg-type]


def _base(text: str | None, action: str) -> Authority:
    """The classification that does not depend on the date (:func:`anning.store.reference.authority_kind`)."""
    kind, code, local = reference.authority_kind(text, action)
    return Authority(kind, code, text, local)


@functools.lru_cache(maxsize=8192)
def _dated(base: Authority, on: dt.date | None, industry: str | None) -> Authority:
    """``base`` with its department replaced by the one of its line that existed on ``on``."""
    if base.code is None or base.local or on is None:
        return base
    valid = reference.department_at(base.code, on, industry)
    if valid == base.code:
        return base
    return Authority(base.type, valid, base.recorded, base.local, True)


def classify(authority: object, action: object, decided_on: object = None, industry: str | None = None) -> Authority:
    """The authority of one action (see the module docstring); ``industry`` picks the right predecessor
    when a department's work was split (银监会 / 保监会)."""
    text = None if authority is None or (isinstance(authority, float) and pd.isna(authority)) else str(authority)
    text = text.strip() or None if text is not None else None
    return _dated(_base(text, str(action or "")), _as_date(decided_on), industry)


def classify_frame(acts: pd.DataFrame) -> pd.DataFrame:
    """``acts`` with :data:`COLUMNS` added (needs ``authority``, ``action``, ``decided_on``; ``industry`` if any)."""
    inds = acts["industry"] if "industry" in acts.columns else pd.Series([None] * len(acts), index=acts.index)
    found = [
        classify(a, x, d, i if isinstance(i, str) else None)
        for a, x, d, i in zip(acts["authority"], acts["action"], acts["decided_on"], inds, strict=True)
    ]
    return acts.assign(
        authority_type=[f.type for f in found],
        authority_code=[f.code for f in found],
        authority_renamed=[f.renamed for f in found],
    )


def authority_names(acts: pd.DataFrame, lang: str) -> list[str]:
    """The published authority name of each action of a classified frame."""
    inds = acts["industry"] if "industry" in acts.columns else pd.Series([None] * len(acts), index=acts.index)
    return [
        classify(a, x, d, i if isinstance(i, str) else None).name(lang)
        for a, x, d, i in zip(acts["authority"], acts["action"], acts["decided_on"], inds, strict=True)
    ]


def label_type(kind: str, lang: str) -> str:
    """An authority type in words."""
    return t(f"enf.authority.{kind}", lang) if kind in TYPES else str(kind)


# ------------------------------------------------------------------------------------------ totals


def _over_cap(df: pd.DataFrame) -> pd.Series:
    """Telecom fines above the SMS regulation's cap: by the rule recomputed here or by the load-time flag."""
    from anning.enforcement.actions import exceeds_cap

    if df.empty:
        return pd.Series([], index=df.index, dtype=bool)
    rule = [exceeds_cap(f, g) for f, g in zip(df["fine_yuan"], df["illegal_gains_yuan"], strict=True)]
    stored = df["over_cap"].fillna(False).astype(bool).to_numpy() if "over_cap" in df.columns else [False] * len(df)
    telecom = (df["authority_type"] == "telecom").to_numpy()
    fined = df["fine_yuan"].notna().to_numpy()
    return pd.Series(
        [bool(tc and fd and (r or s)) for tc, fd, r, s in zip(telecom, fined, rule, stored, strict=True)],
        index=df.index,
        dtype=bool,
    )


def in_quarter(acts: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """The quarter's actions, classified (classifying again is harmless)."""
    q = acts[acts["quarter"].astype(str) == quarter]
    return q if set(COLUMNS) <= set(q.columns) else classify_frame(q)


def by_authority(acts: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """One row per authority type (all three, in :data:`TYPES` order, zeros kept) for ``quarter``.

    Columns: ``authority_type``, ``actions``, ``targets`` (distinct targets), ``fines`` (fines counted),
    ``fines_yuan`` (their sum: for ``telecom`` only fines within the cap), ``under_review`` and
    ``under_review_yuan`` (telecom fines above the cap, kept out of ``fines_yuan``). ``actions`` sums to the
    quarter's action count.
    """
    q = in_quarter(acts, quarter)
    over = _over_cap(q)
    rows = []
    for kind in TYPES:
        mine = q[q["authority_type"] == kind]
        o = over[mine.index] if len(mine) else pd.Series([], dtype=bool)
        fined = mine[mine["fine_yuan"].notna() & ~o] if kind != "operator_internal" else mine.iloc[0:0]
        review = mine[o]
        targets = mine["target_key"].fillna(mine["target_name"]) if len(mine) else pd.Series([], dtype=object)
        rows.append(
            {
                "authority_type": kind,
                "actions": len(mine),
                "targets": int(targets.nunique()),
                "fines": len(fined),
                "fines_yuan": round(float(fined["fine_yuan"].sum()), 2),
                "under_review": len(review),
                "under_review_yuan": round(float(review["fine_yuan"].sum()), 2),
            }
        )
    return pd.DataFrame(rows)


def by_department(acts: pd.DataFrame, quarter: str, lang: str) -> pd.DataFrame:
    """Other departments' actions of ``quarter`` by named department: ``department``, ``actions``, ``targets``,
    ``fines``, ``fines_yuan`` (most actions first)."""
    q = in_quarter(acts, quarter)
    mine = q[q["authority_type"] == "other_department"]
    cols = ["department", "actions", "targets", "fines", "fines_yuan"]
    if mine.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    mine = mine.assign(department=authority_names(mine, lang), _t=mine["target_key"].fillna(mine["target_name"]))
    out = mine.groupby("department", as_index=False).agg(
        actions=("action", "size"),
        targets=("_t", "nunique"),
        fines=("fine_yuan", "count"),
        fines_yuan=("fine_yuan", "sum"),
    )
    return out.sort_values(["actions", "department"], ascending=[False, True]).reset_index(drop=True)[cols]


@dataclass(frozen=True)
class FineSummary:
    """A quarter's fines, split by authority.

    ``total_yuan``: telecom fines within the cap (the only figure to publish as "fines"); ``count``: how
    many. ``under_review``: telecom fines above the cap (case_id, decided_on, target_name, fine_yuan, cap_yuan,
    illegal_gains_yuan), listed and kept out of the total. ``other_yuan`` / ``other_count``: fines by other
    departments under their own laws. ``by_authority``: :func:`by_authority`.
    """

    quarter: str
    total_yuan: float
    count: int
    under_review: pd.DataFrame
    under_review_yuan: float
    other_yuan: float
    other_count: int
    by_authority: pd.DataFrame

    def sentence(self, lang: str) -> str:
        """The fines in one or two sentences, the legal-review note included when there is one."""
        out = t("enf.fines.telecom_total", lang, n=self.count, total=fmt.yuan(self.total_yuan, lang))
        if self.other_count:
            out += "" if lang == "zh" else " "
            out += t("enf.fines.other_total", lang, n=self.other_count, total=fmt.yuan(self.other_yuan, lang))
        if len(self.under_review):
            out += " " if lang != "zh" else ""
            out += t(
                "enf.fines.review_note",
                lang,
                n=len(self.under_review),
                total=fmt.yuan(self.under_review_yuan, lang),
            )
        return out


def fine_summary(acts: pd.DataFrame, quarter: str) -> FineSummary:
    """The fines of ``quarter`` by authority (see :class:`FineSummary`)."""
    from anning.enforcement.actions import fine_cap

    q = in_quarter(acts, quarter)
    over = _over_cap(q)
    ba = by_authority(q, quarter)
    tel = ba.set_index("authority_type").loc["telecom"]
    oth = ba.set_index("authority_type").loc["other_department"]
    review = q[over][["case_id", "decided_on", "target_name", "target_role", "fine_yuan", "illegal_gains_yuan"]].copy()
    review["cap_yuan"] = [float(fine_cap(g)) for g in review["illegal_gains_yuan"]]
    review = review.sort_values(["decided_on", "case_id"]).reset_index(drop=True)
    return FineSummary(
        quarter=quarter,
        total_yuan=float(tel["fines_yuan"]),
        count=int(tel["fines"]),
        under_review=review,
        under_review_yuan=float(tel["under_review_yuan"]),
        other_yuan=float(oth["fines_yuan"]),
        other_count=int(oth["fines"]),
        by_authority=ba,
    )
