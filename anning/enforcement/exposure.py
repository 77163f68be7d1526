"""Exposure-list candidates (曝光名单候选): explicit, configurable rules, each candidate with its evidence.

A source company becomes a candidate for a quarter's list when it meets at least one rule
(:class:`Rules`) and clears the volume floor (at least ``floor`` complaints in the quarter and at
least ``floor_share`` per cent of all complaints attributed to source companies that quarter):

* ``threshold``: at least ``min_complaints`` complaints in the quarter (off by default);
* ``top_industry``: among the ``top_per_industry`` most complained-about companies of its main
  industry (ties at the boundary are all kept). Only real industries are ranked: never 其他
  (``other``), 未分类 (``unclassified``), and never the crime categories (``fraud``, ``gambling``), where
  "leading" would be an accusation no complaint count can support;
* ``ports_shut``: at least ``min_ports_shut`` of the SMS ports its messages came through were
  shut this quarter (off by default);
* ``fined``: it was fined this quarter (off by default).

Two further grounds never make a candidate on their own; they are added to one that qualifies:

* ``repeat`` (连续N个季度投诉居前): it met ``threshold`` or ``top_industry`` in each of the last
  ``repeat_quarters`` consecutive quarters, this one included (N, the run, is in ``streak``);
* ``listed_before`` (曾被通报曝光): an earlier published version of a list named it (included, on the
  current version of that list). A first-ever list can carry none.

The defaults (top 2 per real industry, a floor of 20 complaints and 0.3% of the quarter's source-company
complaints) give about the size the regulator publishes: 64 companies exposed in 2020, about 16 a quarter
(``docs/publications.md`` has the counts on the demo data).

**Only a company with a valid credit code can be named.** A candidate without one (no code in the
complaints, or a code that fails the check character) has ``identified`` False and its reason in
``id_problem``: it goes to the "needs identification" bucket, not to the list.

A company's *main industry* in a quarter is the one with most of its complaints (ties: the
first code). Evidence per candidate: complaints now, last quarter and a year ago with the
changes, its share of all source-company complaints and its rank and share in its industry, the run
of qualifying quarters, ports shut, the port company it used most, its enforcement history (each
action with its deciding authority, named as it was on the date) and the earlier lists that named it.

:func:`find` is pure over plain frames, so the rules are unit-tested on a hand-built fixture;
:func:`candidates` reads those frames from a store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from anning.core import fmt, quarters, uscc
from anning.enforcement import authority as authority_
from anning.i18n import name_column, t, terms
from anning.store import info
from anning.store.info import QuerySource

RULE_CODES = ("threshold", "top_industry", "repeat", "ports_shut", "fined")
# Every ground a candidate can carry, in the order they are printed.
GROUND_CODES = ("top_industry", "threshold", "repeat", "listed_before", "ports_shut", "fined")
# Not industries a company can "lead": catch-alls and crime categories.
UNRANKED_INDUSTRIES = frozenset({"unclassified", "other", "fraud", "gambling"})
CHANNELS = (None, "sms", "call")
ID_PROBLEMS = ("no_credit_code", "bad_credit_code")

# The columns of a candidate frame, in order (also the fields of a frozen list's candidates).
COLUMNS = (
    "key",
    "name",
    "company_id",
    "identified",
    "id_problem",
    "industry",
    "complaints",
    "share",
    "previous_complaints",
    "change_pct",
    "yoy_complaints",
    "yoy_pct",
    "industry_rank",
    "industry_share",
    "streak",
    "ports_shut",
    "port_company",
    "port_companies",
    "fined_yuan",
    "enforcement",
    "earlier_listings",
    "rules",
)


@dataclass(frozen=True)
class Rules:
    """The candidate rules and their thresholds (a rule with 0 is switched off).

    Defaults: the top two companies of each real industry above the floor (see the module docstring).
    """

    min_complaints: int = 0
    top_per_industry: int = 2
    repeat_quarters: int = 3
    min_ports_shut: int = 0
    fined: bool = False
    floor: int = 20
    channel: str | None = None
    floor_share: float = 0.3

    def validated(self) -> Rules:
        """The rules, or a ``ValueError`` naming the bad setting."""
        for name in ("min_complaints", "top_per_industry", "repeat_quarters", "min_ports_shut", "floor"):
            v = getattr(self, name)
            if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 0:
                raise ValueError(f"{name} must be a whole number of at least 0, not {v!r}")
        share = self.floor_share
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= float(share) < 100:
            raise ValueError(f"floor_share must be a percentage from 0 to below 100, not {share!r}")
        if self.repeat_quarters == 1:
            raise ValueError("repeat_quarters must be 0 (off) or at least 2")
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")
        if not (self.min_complaints or self.top_per_industry or self.min_ports_shut or self.fined):
            raise ValueError("switch on at least one rule")
        return self

    def as_dict(self) -> dict[str, Any]:
        """Plain values, for the frozen record."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Rules:
        """The inverse of :meth:`as_dict`. Unknown keys are ignored; a key an older record lacks takes the
        value that reproduces the old behaviour (no share floor), not today's default."""
        names = {f.name for f in dataclasses.fields(cls)}
        legacy = {"floor_share": 0.0}
        return cls(**{**legacy, **{k: v for k, v in d.items() if k in names}})

    def first_quarter(self, quarter: str) -> str:
        """The earliest quarter the rules and the evidence need (the repeat window and a year ago)."""
        back = max(self.repeat_quarters - 1, 4)
        return quarters.shift(quarter, -back)


# --------------------------------------------------------------------------------------------- rules


def _company_quarters(cq: pd.DataFrame) -> pd.DataFrame:
    """Per company and quarter: complaints and main industry, from company x quarter x industry rows."""
    if cq.empty:
        return pd.DataFrame(columns=["company_key", "quarter", "industry", "complaints"])
    df = cq[["company_key", "quarter", "industry", "complaints"]].copy()
    df["complaints"] = df["complaints"].astype("int64")
    df = df.sort_values(
        ["company_key", "quarter", "complaints", "industry"], ascending=[True, True, False, True], kind="stable"
    )
    main = df.drop_duplicates(["company_key", "quarter"])[["company_key", "quarter", "industry"]]
    totals = df.groupby(["company_key", "quarter"], as_index=False)["complaints"].sum()
    return totals.merge(main, on=["company_key", "quarter"])


def _qualified(cqt: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Mark, per company and quarter, the floor, the threshold and top-in-industry rules, the industry rank
    and the share (%) of the quarter's source-company complaints."""
    df = cqt.copy()
    df["industry_rank"] = (
        df.groupby(["quarter", "industry"])["complaints"].rank(method="min", ascending=False).astype("int64")
    )
    totals = df.groupby("quarter")["complaints"].transform("sum")
    df["share"] = df["complaints"] / totals.where(totals > 0) * 100.0
    df["enough"] = (df["complaints"] >= max(rules.floor, 1)) & (df["share"].fillna(0) >= float(rules.floor_share))
    enough = df["enough"]
    df["threshold"] = enough & (rules.min_complaints > 0) & (df["complaints"] >= rules.min_complaints)
    df["top_industry"] = (
        enough
        & (rules.top_per_industry > 0)
        & ~df["industry"].isin(UNRANKED_INDUSTRIES)
        & (df["industry_rank"] <= rules.top_per_industry)
    )
    df["qualified"] = df["threshold"] | df["top_industry"]
    return df


def _streaks(qual: pd.DataFrame, quarter: str, depth: int) -> dict[str, int]:
    """Consecutive qualifying quarters ending with ``quarter`` (looking back ``depth`` quarters at most)."""
    window = [quarters.shift(quarter, -i) for i in range(depth)]
    ok = set(zip(qual.loc[qual["qualified"], "company_key"], qual.loc[qual["qualified"], "quarter"], strict=True))
    out: dict[str, int] = {}
    for key in qual.loc[qual["quarter"] == quarter, "company_key"]:
        n = 0
        for q in window:
            if (key, q) not in ok:
                break
            n += 1
        out[key] = n
    return out


def find(
    cq: pd.DataFrame,
    quarter: str,
    rules: Rules,
    *,
    names: pd.DataFrame | None = None,
    ports: pd.DataFrame | None = None,
    enforcement: pd.DataFrame | None = None,
    listings: pd.DataFrame | None = None,
    port_companies: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Apply the rules: the candidates for ``quarter`` with their evidence (columns :data:`COLUMNS`).

    ``cq``: ``company_key, quarter, industry, complaints`` (any quarters; at least this one, the
    previous, a year ago and the repeat window are used). ``names``: ``company_key, name,
    company_id``. ``ports``: ``company_key, ports_shut`` for this quarter. ``enforcement``:
    ``company_key, decided_on, quarter, action, fine_yuan, authority`` up to this quarter.
    ``listings``: ``company_key, list_id, version, quarter`` (earlier published lists).
    ``port_companies``: ``company_key, port_company, port_companies`` (the port company used most
    this quarter, and how many were used). ``enforcement`` and ``earlier_listings`` are lists of plain
    dicts; ``rules`` is the list of grounds met, in :data:`GROUND_CODES` order. Sorted by complaints,
    most first. Candidates without a valid credit code are kept, with ``identified`` False.
    """
    rules = rules.validated()
    quarter = quarters.label(*quarters.parse(quarter))
    cqt = _company_quarters(cq)
    if cqt.empty or not (cqt["quarter"] == quarter).any():
        return empty()
    qual = _qualified(cqt, rules)
    now = qual[qual["quarter"] == quarter].set_index("company_key")
    prev = cqt[cqt["quarter"] == quarters.previous(quarter)].set_index("company_key")["complaints"]
    yoy = cqt[cqt["quarter"] == quarters.year_ago(quarter)].set_index("company_key")["complaints"]
    depth = max(rules.repeat_quarters, 1)
    streak = _streaks(qual, quarter, max(depth, 8))
    industry_total = cq[cq["quarter"] == quarter].groupby("industry")["complaints"].sum()
    in_industry = cq[cq["quarter"] == quarter].set_index(["company_key", "industry"])["complaints"]

    ports_shut = (
        ports.set_index("company_key")["ports_shut"].astype("int64")
        if ports is not None and not ports.empty
        else pd.Series(dtype="int64")
    )
    acts = (
        enforcement
        if enforcement is not None
        else pd.DataFrame(columns=["company_key", "decided_on", "quarter", "action", "fine_yuan", "authority"])
    )
    fined_now = acts[(acts["quarter"].astype(str) == quarter) & (acts["action"] == "fine")]
    fined_yuan = fined_now.groupby("company_key")["fine_yuan"].sum(min_count=1)
    fined_keys = set(fined_now["company_key"])
    listed = set(listings["company_key"]) if listings is not None and not listings.empty else set()

    rows: list[dict[str, Any]] = []
    for key, r in now.iterrows():
        complaints = int(r["complaints"])
        if not bool(r["enough"]):
            continue
        hit = {
            "threshold": bool(r["threshold"]),
            "top_industry": bool(r["top_industry"]),
            "ports_shut": rules.min_ports_shut > 0 and int(ports_shut.get(key, 0)) >= rules.min_ports_shut,
            "fined": rules.fined and key in fined_keys,
        }
        if not any(hit.values()):
            continue
        # Grounds that only ever add to a qualifying candidate.
        hit["repeat"] = rules.repeat_quarters >= 2 and streak.get(str(key), 0) >= rules.repeat_quarters
        hit["listed_before"] = key in listed
        p = int(prev.get(key, 0))
        y = int(yoy.get(key, 0))
        total = float(industry_total.get(r["industry"], 0))
        rows.append(
            {
                "key": str(key),
                "industry": str(r["industry"]),
                "complaints": complaints,
                "share": round(float(r["share"]), 2) if pd.notna(r["share"]) else None,
                "previous_complaints": p,
                "change_pct": round((complaints - p) / p * 100.0, 1) if p else None,
                "yoy_complaints": y,
                "yoy_pct": round((complaints - y) / y * 100.0, 1) if y else None,
                "industry_rank": int(r["industry_rank"]),
                "industry_share": round(float(in_industry.get((key, r["industry"]), 0)) / total * 100.0, 1)
                if total
                else None,
                "streak": int(streak.get(str(key), 0)),
                "ports_shut": int(ports_shut.get(key, 0)),
                "fined_yuan": _money(fined_yuan.get(key)),
                "rules": [c for c in GROUND_CODES if hit[c]],
            }
        )
    if not rows:
        return empty()
    out = pd.DataFrame(rows)
    out["enforcement"] = [_history(acts, k) for k in out["key"]]
    out["earlier_listings"] = [_listings(listings, k) for k in out["key"]]
    nm = (
        names.drop_duplicates("company_key").set_index("company_key")
        if names is not None and not names.empty
        else pd.DataFrame(columns=["name", "company_id"])
    )
    out["name"] = [_text(nm["name"].get(k)) or k for k in out["key"]]
    ids = [_text(nm["company_id"].get(k)) for k in out["key"]]
    out["company_id"] = pd.Series(ids, index=out.index, dtype=object)
    out["identified"] = [uscc.is_valid(c) for c in ids]
    out["id_problem"] = pd.Series(
        [None if uscc.is_valid(c) else ("bad_credit_code" if c else "no_credit_code") for c in ids],
        index=out.index,
        dtype=object,
    )
    pc = (
        port_companies.drop_duplicates("company_key").set_index("company_key")
        if port_companies is not None and not port_companies.empty
        else pd.DataFrame(columns=["port_company", "port_companies"])
    )
    out["port_company"] = [_text(pc["port_company"].get(k)) for k in out["key"]]
    out["port_companies"] = [int(pc["port_companies"].get(k, 0) or 0) for k in out["key"]]
    out = out.sort_values(["complaints", "key"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out[list(COLUMNS)]


def empty() -> pd.DataFrame:
    """A candidate frame with no rows."""
    return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})


def _text(v: object) -> str | None:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return None
    s = str(v)
    return s or None


def _money(v: object) -> float | None:
    if v is None or pd.isna(v):  # type: ignore[arg-type]
        return None
    return round(float(v), 2)  # type: ignore[arg-type]


def _history(acts: pd.DataFrame, key: str) -> list[dict[str, Any]]:
    """A company's actions, each with its deciding authority: the type and the name as it was on the date
    (both languages, so the frozen record renders either), and ``under_review`` for a telecom fine above the
    statutory cap (its amount is not published)."""
    from anning.enforcement.actions import exceeds_cap

    mine = acts[acts["company_key"] == key]
    out = []
    for a in mine.itertuples():
        who = authority_.classify(getattr(a, "authority", None), a.action, a.decided_on)
        fine = _money(a.fine_yuan)
        flag = getattr(a, "over_cap", None)
        over = (flag is not None and not pd.isna(flag) and bool(flag)) or (
            fine is not None and exceeds_cap(fine, getattr(a, "illegal_gains_yuan", None))
        )
        out.append(
            {
                "date": str(pd.Timestamp(a.decided_on).date()) if pd.notna(a.decided_on) else None,
                "quarter": str(a.quarter),
                "action": str(a.action),
                "fine_yuan": _money(a.fine_yuan),
                "authority": _text(getattr(a, "authority", None)),
                "authority_type": who.type,
                "authority_zh": who.name("zh"),
                "authority_en": who.name("en"),
                "under_review": who.type == "telecom" and fine is not None and over,
            }
        )
    return out


def _listings(listings: pd.DataFrame | None, key: str) -> list[dict[str, Any]]:
    if listings is None or listings.empty:
        return []
    mine = listings[listings["company_key"] == key].sort_values(["quarter", "version"])
    return [
        {"list_id": str(x.list_id), "version": int(x.version), "quarter": str(x.quarter)} for x in mine.itertuples()
    ]


# --------------------------------------------------------------------------------------------- store


def candidates(src: QuerySource, quarter: str, rules: Rules | None = None) -> pd.DataFrame:
    """Read what the rules need for ``quarter`` and apply them (see :func:`find`)."""
    rules = (rules or Rules()).validated()
    quarter = quarters.label(*quarters.parse(quarter))
    cq = src.query(
        "exposure_company_quarters",
        {"first_quarter": rules.first_quarter(quarter), "quarter": quarter, "channel": rules.channel},
    )
    names = cq[["company_key", "name", "company_id"]].drop_duplicates("company_key")
    ports = src.query("exposure_ports_shut", {"quarter": quarter})
    acts = src.query("exposure_enforcement", {"quarter": quarter})
    acts = acts.assign(quarter=acts["quarter"].astype(str))
    listings = (
        src.query("exposure_earlier_listings", {"quarter": quarter})
        if info.has_table(src, "published_list_entries")
        else None
    )
    used = src.query("exposure_port_companies", {"quarter": quarter})
    return find(cq, quarter, rules, names=names, ports=ports, enforcement=acts, listings=listings, port_companies=used)


def split(cands: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The candidates that may be named (a valid credit code) and those that need identification first."""
    if cands.empty:
        return cands, cands
    ok = cands["identified"].astype(bool)
    return cands[ok].reset_index(drop=True), cands[~ok].reset_index(drop=True)


# --------------------------------------------------------------------------------------------- words


def industry_name(code: str, lang: str) -> str:
    """An industry's name from the shipped reference (the code when unknown)."""
    from anning.store import reference

    ind = reference.table("industry")
    row = ind[ind["code"] == code]
    return str(row.iloc[0][name_column(lang)]) if len(row) else code


def rule_text(code: str, rules: Rules, lang: str) -> str:
    """One rule in words with its threshold."""
    return t(
        f"pub.rule.{code}",
        lang,
        n=rules.min_complaints,
        k=rules.top_per_industry,
        m=rules.repeat_quarters,
        p=rules.min_ports_shut,
    )


def rules_summary(rules: Rules, lang: str) -> list[str]:
    """Every switched-on rule in words, the grounds that only add to a candidate, the floor, the channel and
    the credit-code requirement (methodology footnotes)."""
    on = {
        "threshold": rules.min_complaints > 0,
        "top_industry": rules.top_per_industry > 0,
        "repeat": rules.repeat_quarters >= 2,
        "ports_shut": rules.min_ports_shut > 0,
        "fined": rules.fined,
    }
    lines = [rule_text(c, rules, lang) for c in ("threshold", "top_industry", "ports_shut", "fined") if on[c]]
    if on["repeat"]:
        lines.append(rule_text("repeat", rules, lang))
    lines.append(t("pub.rule.listed_before", lang))
    if rules.floor_share:
        lines.append(t("pub.rule.floor_share", lang, n=rules.floor, share=f"{float(rules.floor_share):g}"))
    else:
        lines.append(t("pub.rule.floor", lang, n=rules.floor))
    lines.append(
        t(
            "pub.rule.channel",
            lang,
            channel=terms.channel(rules.channel, lang),
        )
    )
    lines.append(t("pub.rule.identified", lang))
    return lines


def quarter_words(q: str, lang: str) -> str:
    """``2024年第二季度`` / ``Q2 2024``: a quarter as published text."""
    y, k = quarters.parse(q)
    return f"{y}年第{'一二三四'[k - 1]}季度" if lang == "zh" else f"Q{k} {y}"


def _authority_of(a: Mapping[str, Any], lang: str) -> str:
    """The deciding authority of a recorded action (older records carry only the text)."""
    return str(a.get(f"authority_{lang}") or a.get("authority") or t("pub.measure.no_authority", lang))


def history_text(history: Sequence[Mapping[str, Any]], lang: str) -> str:
    """An enforcement history in one line, newest first, each action with its authority:
    ``2024-05-02 fine ¥30,000 (Guangdong CA); 2023-11-10 interview (MIIT)``."""
    from anning.enforcement.actions import label_action

    parts = []
    for a in reversed(list(history)):
        s = f"{a.get('date') or a.get('quarter')} {label_action(str(a.get('action')), lang)}"
        if a.get("fine_yuan") is not None:
            s += " " + fmt.yuan(a["fine_yuan"], lang)
            if a.get("under_review"):
                s += t("pub.measure.under_review", lang)
        s += t("pub.paren", lang, text=_authority_of(a, lang))
        parts.append(s)
    return t("pub.sep", lang).join(parts)


def measure_text(c: Mapping[str, Any], quarter: str, lang: str) -> str:
    """The measure taken, as the press list prints it: the quarter's actions (else the latest earlier one),
    each with its date, deciding authority and amount; ``–`` when none was taken."""
    from anning.enforcement.actions import label_action

    history = list(c.get("enforcement") or [])
    mine = [a for a in history if str(a.get("quarter")) == quarter] or history[-1:]
    parts = []
    for a in reversed(mine):
        if a.get("under_review"):
            amount = t("pub.measure.under_review", lang)
        elif a.get("fine_yuan"):
            amount = t("pub.measure.amount", lang, amount=fmt.yuan(a["fine_yuan"], lang))
        else:
            amount = ""
        parts.append(
            t(
                "pub.measure.item",
                lang,
                date=fmt.date_words(a.get("date"), lang),
                authority=_authority_of(a, lang),
                action=label_action(str(a.get("action")), lang),
                amount=amount,
            )
        )
    return t("pub.sep", lang).join(parts) if parts else "–"


def listings_text(listings: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Earlier listings in one line: ``2024Q1 (v1), 2023Q4 (v2)``."""
    return t("pub.sep", lang).join(
        t("pub.listing", lang, quarter=x["quarter"], version=x["version"]) for x in reversed(list(listings))
    )


def ground_text(code: str, c: Mapping[str, Any], rules: Rules, lang: str) -> str:
    """One ground of one candidate, literally true of it: ``贷款理财行业投诉量第1名``, ``连续3个季度投诉居前``."""
    if code == "top_industry":
        return t(
            "pub.ground.top_industry", lang, industry=industry_name(str(c["industry"]), lang), rank=c["industry_rank"]
        )
    if code == "threshold":
        return t("pub.ground.threshold", lang, n=rules.min_complaints)
    if code == "repeat":
        return t("pub.ground.repeat", lang, n=int(c.get("streak") or rules.repeat_quarters))
    if code == "listed_before":
        qs = sorted({str(x["quarter"]) for x in c.get("earlier_listings") or []}, reverse=True)
        return t(
            "pub.ground.listed_before", lang, quarters=t("pub.list_sep", lang).join(quarter_words(q, lang) for q in qs)
        )
    if code == "ports_shut":
        return t("pub.ground.ports_shut", lang, p=int(c.get("ports_shut") or 0))
    return t(f"pub.ground.{code}", lang)


def grounds_text(c: Mapping[str, Any], rules: Rules, lang: str) -> str:
    """Every ground of a candidate, in :data:`GROUND_CODES` order, as one line."""
    codes = [g for g in GROUND_CODES if g in set(c.get("rules") or [])]
    return t("pub.sep", lang).join(ground_text(g, c, rules, lang) for g in codes)


def id_problem_text(code: str | None, lang: str) -> str:
    """Why a candidate cannot be named yet."""
    return t(f"pub.id_problem.{code}", lang) if code in ID_PROBLEMS else ""
