"""Exposure-list candidates (曝光名单候选): explicit, configurable rules, each candidate with its evidence.

A source company becomes a candidate for a quarter's list when it meets at least one rule
(:class:`Rules`) and has at least ``floor`` complaints in the quarter:

* ``threshold``: at least ``min_complaints`` complaints in the quarter;
* ``top_industry``: among the ``top_per_industry`` most complained-about companies of its main
  industry (ties at the boundary are all kept; "unclassified" is not ranked);
* ``repeat``: it met the first two rules in each of the last ``repeat_quarters`` consecutive
  quarters, this one included;
* ``ports_shut``: at least ``min_ports_shut`` of the SMS ports its messages came through were
  shut this quarter;
* ``fined``: it was fined this quarter.

A company's *main industry* in a quarter is the one with most of its complaints (ties: the
first code). Evidence per candidate: complaints now, last quarter and a year ago with the
changes, its rank and share in its industry, the run of qualifying quarters, ports shut,
its enforcement history and the earlier lists that named it.

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

from anning.core import fmt, quarters
from anning.i18n import name_column, t
from anning.store import info
from anning.store.info import QuerySource

RULE_CODES = ("threshold", "top_industry", "repeat", "ports_shut", "fined")
UNRANKED_INDUSTRIES = frozenset({"unclassified"})
CHANNELS = (None, "sms", "call")

# The columns of a candidate frame, in order (also the fields of a frozen list's candidates).
COLUMNS = (
    "key",
    "name",
    "company_id",
    "industry",
    "complaints",
    "previous_complaints",
    "change_pct",
    "yoy_complaints",
    "yoy_pct",
    "industry_rank",
    "industry_share",
    "streak",
    "ports_shut",
    "fined_yuan",
    "enforcement",
    "earlier_listings",
    "rules",
)


@dataclass(frozen=True)
class Rules:
    """The candidate rules and their thresholds (a rule with 0 is switched off).

    Defaults suit the default demo volume (about 800 complaining companies a quarter,
    a median of 7 complaints and a few hundred at the top): they give a few dozen
    candidates, from which the bulletins' 15 or so a quarter are chosen in review.
    """

    min_complaints: int = 100
    top_per_industry: int = 2
    repeat_quarters: int = 3
    min_ports_shut: int = 3
    fined: bool = True
    floor: int = 20
    channel: str | None = None

    def validated(self) -> Rules:
        """The rules, or a ``ValueError`` naming the bad setting."""
        for name in ("min_complaints", "top_per_industry", "repeat_quarters", "min_ports_shut", "floor"):
            v = getattr(self, name)
            if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 0:
                raise ValueError(f"{name} must be a whole number of at least 0, not {v!r}")
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
        """The inverse of :meth:`as_dict` (unknown keys ignored, so older records still load)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})

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
    """Mark, per company and quarter, the threshold and top-in-industry rules, and the industry rank."""
    df = cqt.copy()
    df["industry_rank"] = (
        df.groupby(["quarter", "industry"])["complaints"].rank(method="min", ascending=False).astype("int64")
    )
    enough = df["complaints"] >= max(rules.floor, 1)
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
) -> pd.DataFrame:
    """Apply the rules: the candidates for ``quarter`` with their evidence (columns :data:`COLUMNS`).

    ``cq``: ``company_key, quarter, industry, complaints`` (any quarters; at least this one, the
    previous, a year ago and the repeat window are used). ``names``: ``company_key, name,
    company_id``. ``ports``: ``company_key, ports_shut`` for this quarter. ``enforcement``:
    ``company_key, decided_on, quarter, action, fine_yuan, authority`` up to this quarter.
    ``listings``: ``company_key, list_id, version, quarter`` (earlier published lists).
    ``enforcement`` and ``earlier_listings`` are lists of plain dicts; ``rules`` is the list
    of rule codes met, in :data:`RULE_CODES` order. Sorted by complaints, most first.
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

    rows: list[dict[str, Any]] = []
    for key, r in now.iterrows():
        complaints = int(r["complaints"])
        if complaints < max(rules.floor, 1):
            continue
        hit = {
            "threshold": bool(r["threshold"]),
            "top_industry": bool(r["top_industry"]),
            "repeat": rules.repeat_quarters >= 2 and streak.get(str(key), 0) >= rules.repeat_quarters,
            "ports_shut": rules.min_ports_shut > 0 and int(ports_shut.get(key, 0)) >= rules.min_ports_shut,
            "fined": rules.fined and key in fined_keys,
        }
        if not any(hit.values()):
            continue
        p = int(prev.get(key, 0))
        y = int(yoy.get(key, 0))
        total = float(industry_total.get(r["industry"], 0))
        rows.append(
            {
                "key": str(key),
                "industry": str(r["industry"]),
                "complaints": complaints,
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
                "rules": [c for c in RULE_CODES if hit[c]],
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
    out["company_id"] = [_text(nm["company_id"].get(k)) for k in out["key"]]
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
    mine = acts[acts["company_key"] == key]
    return [
        {
            "date": str(pd.Timestamp(a.decided_on).date()) if pd.notna(a.decided_on) else None,
            "quarter": str(a.quarter),
            "action": str(a.action),
            "fine_yuan": _money(a.fine_yuan),
            "authority": _text(a.authority),
        }
        for a in mine.itertuples()
    ]


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
    return find(cq, quarter, rules, names=names, ports=ports, enforcement=acts, listings=listings)


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
    """Every switched-on rule in words, then the floor and the channel (methodology footnotes)."""
    on = {
        "threshold": rules.min_complaints > 0,
        "top_industry": rules.top_per_industry > 0,
        "repeat": rules.repeat_quarters >= 2,
        "ports_shut": rules.min_ports_shut > 0,
        "fined": rules.fined,
    }
    lines = [rule_text(c, rules, lang) for c in RULE_CODES if on[c]]
    lines.append(t("pub.rule.floor", lang, n=rules.floor))
    lines.append(
        t(
            "pub.rule.channel",
            lang,
            channel=t(f"rk.channel.{rules.channel}", lang) if rules.channel else t("rk.all_channels", lang),
        )
    )
    return lines


def history_text(history: Sequence[Mapping[str, Any]], lang: str) -> str:
    """An enforcement history in one line: ``2024-05-02 fine ¥30,000; 2023-11-10 interview`` (newest first)."""
    from anning.enforcement.actions import label_action

    parts = []
    for a in reversed(list(history)):
        s = f"{a.get('date') or a.get('quarter')} {label_action(str(a.get('action')), lang)}"
        if a.get("fine_yuan") is not None:
            s += " " + fmt.yuan(a["fine_yuan"], lang)
        parts.append(s)
    return t("pub.sep", lang).join(parts)


def listings_text(listings: Sequence[Mapping[str, Any]], lang: str) -> str:
    """Earlier listings in one line: ``2024Q1 (v1), 2023Q4 (v2)``."""
    return t("pub.sep", lang).join(
        t("pub.listing", lang, quarter=x["quarter"], version=x["version"]) for x in reversed(list(listings))
    )


def rules_text(codes: Sequence[str], lang: str) -> str:
    """The rules a candidate met, as short labels."""
    return t("pub.sep", lang).join(t(f"pub.rule_short.{c}", lang) for c in codes)
