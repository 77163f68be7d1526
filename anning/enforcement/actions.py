"""Enforcement along the chain of responsibility: takedowns, actions, the statutory fine cap,
the complaint chain with the actions that landed on it, repeat targets, and the MVNO scorecard.

The regulator's chain (see ``docs/enforcement.md``): the basic operator answers for the access it
grants (谁接入谁负责), the SMS port company for what it sends (谁发送谁负责), the merchant for the
content (谁制作谁发布谁负责). Every function here is pure over a :class:`anning.store.info.QuerySource`
and plain values, so the page, the CLI and the tests share them. Page queries read the rollups
(``r_chain``, ``r_ports``, ``r_rank``, ``r_company``) and the small ``takedowns`` and ``enforcement``
tables, never raw complaints.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from anning.core import fmt, quarters
from anning.enforcement import authority as auth_
from anning.i18n import name_column, t, terms
from anning.store import reference
from anning.store.info import QuerySource

# The shared vocabulary's codes (anning.i18n.terms labels them).
ACTIONS = terms.ACTIONS
ROLES = terms.CHAIN_ROLES
TARGET_TYPES = terms.TARGET_TYPES

# The escalation ladder of the 2020 reply: notice, interview, penalty, then credit listing ("一处违规、处处受限").
# Rectification orders sit beside interviews; suspension beside credit listing. Accountability inside an
# operator is internal, not a step of the regulator's ladder.
LADDER: dict[str, int] = {
    "notice": 1,
    "interview": 2,
    "rectification": 2,
    "fine": 3,
    "suspension": 4,
    "credit_listing": 4,
}

# ------------------------------------------------------------------------------------------ the fine cap

# Administrative Penalty Law, as the 2021 reply quotes it for the SMS regulation (a ministry rule):
# with illegal gains, at most 3x the gains and never above 30,000 yuan; without, at most 10,000 yuan.
CAP_GAINS_MULTIPLE = Decimal(3)
CAP_CEILING = Decimal(30000)
CAP_NO_GAINS = Decimal(10000)


def _decimal(x: object) -> Decimal | None:
    """A money amount as an exact Decimal (None and NaN are missing)."""
    if x is None:
        return None
    if isinstance(x, Decimal):
        return None if x.is_nan() else x
    if isinstance(x, float) and math.isnan(x):
        return None
    try:
        if pd.isna(x):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    return Decimal(str(x))


def fine_cap(illegal_gains: object) -> Decimal:
    """The most a fine under the SMS regulation may be, given the illegal gains (yuan).

    ``min(3 x gains, 30,000)`` when there are gains; 10,000 when the gains are missing or zero
    (no illegal gains). Negative gains are a data error. ``queries/load_enforcement.sql`` computes
    the same value at load time (``cap_yuan``); a test keeps the two in step.
    """
    gains = _decimal(illegal_gains)
    if gains is not None and gains < 0:
        raise ValueError(f"illegal gains cannot be negative: {illegal_gains!r}")
    if gains is None or gains == 0:
        return CAP_NO_GAINS
    return min(CAP_GAINS_MULTIPLE * gains, CAP_CEILING)


def cap_basis(illegal_gains: object) -> str:
    """Which limb of the rule sets the cap: ``no_gains``, ``three_times`` or ``ceiling``."""
    gains = _decimal(illegal_gains)
    if gains is None or gains <= 0:
        return "no_gains"
    return "three_times" if CAP_GAINS_MULTIPLE * gains <= CAP_CEILING else "ceiling"


def exceeds_cap(fine: object, illegal_gains: object) -> bool:
    """True when a fine is above its statutory cap (a fine exactly at the cap is lawful)."""
    amount = _decimal(fine)
    return amount is not None and amount > fine_cap(illegal_gains)


# ------------------------------------------------------------------------------------------ settings

MARKETS = ("all", "resellers")


@dataclass(frozen=True)
class ScorecardConfig:
    """Thresholds of the MVNO green-channel tests (defaults documented in ``docs/enforcement.md``).

    * ``window_quarters``: the enforcement tests look back this many quarters, the chosen one included;
    * ``serious_actions``: actions that fail "lawful operation";
    * ``real_name_patterns``: an action whose reason contains any of these (case-insensitive) is a
      real-name violation and fails "real-name registration in place";
    * ``rate_factor``: "good public response" needs a complaint rate below ``rate_factor`` times the
      market's rate (1.0: simply below the market);
    * ``market``: ``"all"`` compares with every mobile complaint per million mobile subscribers (the
      default); ``"resellers"`` with the resellers' own combined rate (peers only);
    * ``per_subscribers``: the rate's base: the shared subscriber rate base (complaints per million
      subscribers, as the operator rankings and the inventory use).
    """

    window_quarters: int = 4
    serious_actions: tuple[str, ...] = ("fine", "suspension", "credit_listing")
    real_name_patterns: tuple[str, ...] = ("实名", "real-name", "real_name", "real name")
    rate_factor: float = 1.0
    market: str = "all"
    per_subscribers: int = terms.RATE_BASES["subscribers"]

    def __post_init__(self) -> None:
        if self.window_quarters < 1:
            raise ValueError("window_quarters must be at least 1")
        if not self.rate_factor > 0:
            raise ValueError("rate_factor must be above 0")
        if self.market not in MARKETS:
            raise ValueError(f"market must be one of {', '.join(MARKETS)}")
        unknown = set(self.serious_actions) - set(ACTIONS)
        if unknown:
            raise ValueError(f"unknown actions: {', '.join(sorted(unknown))}")


@dataclass(frozen=True)
class Settings:
    """What the enforcement page lets a user choose (the CLI uses the defaults)."""

    top_ports: int = 50  # "most-complained ports": the top N (and, always, the top decile)
    top_port_companies: int = 8  # port companies shown in the chain; the rest grouped
    top_industries: int = 10  # industries shown in the chain; the rest grouped
    channel: str | None = None  # the chain for one channel (sms, call) or both (None)
    effect_quarters: int = 4  # repeat targets: quarters compared before and after the first action
    effect_threshold: float = 0.10  # a change smaller than this is "no clear change"
    scorecard: ScorecardConfig = field(default_factory=ScorecardConfig)


# ------------------------------------------------------------------------------------------ names


def operator_names(src: QuerySource, lang: str) -> dict[str, str]:
    """Operator code -> display name in ``lang``."""
    ops = src.query("enforcement_operators").drop_duplicates("code")
    col = name_column(lang)
    return dict(zip(ops.code, ops[col], strict=True))


def operator_kinds(src: QuerySource) -> dict[str, str]:
    """Operator code -> ``basic`` or ``mvno``."""
    ops = src.query("enforcement_operators").drop_duplicates("code")
    return dict(zip(ops.code, ops.kind, strict=True))


def industry_names(lang: str) -> dict[str, str]:
    """Industry code -> display name in ``lang`` (the shipped reference the store's ref_industry copies)."""
    ind = reference.table("industry")
    col = name_column(lang)
    return dict(zip(ind.code, ind[col], strict=True))


def label_action(action: str, lang: str) -> str:
    """An action code in words."""
    return terms.action(action, lang) if action in ACTIONS else str(action)


def label_role(role: str, lang: str) -> str:
    """A target role in words."""
    return terms.chain_role(role, lang) if role in ROLES else str(role)


def label_type(target_type: str, lang: str) -> str:
    """A takedown target type in words."""
    return terms.target(target_type, lang) if target_type in TARGET_TYPES else str(target_type)


def column_label(col: str, lang: str) -> str:
    """A column's header in ``lang``: ``rate`` names the shared subscriber rate base, others ``enf.col.<name>``."""
    from anning.i18n import TABLE

    if col == "rate":
        return terms.rate("subscribers", lang)
    return t(f"enf.col.{col}", lang) if f"enf.col.{col}" in TABLE else col


def display(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column headers in ``lang`` (:func:`column_label`; columns without an entry keep their name)."""
    return df.rename(columns={c: column_label(c, lang) for c in df.columns})


def _share(part: float, whole: float) -> float:
    return float(part) / float(whole) if whole else float("nan")


# ------------------------------------------------------------------------------------------ actions


def actions(src: QuerySource) -> pd.DataFrame:
    """Every enforcement action, with the operator code and source industry it maps to on the chain, and its
    deciding authority (:data:`anning.enforcement.authority.COLUMNS`: type, department valid on the date,
    whether the record named a body that did not exist then)."""
    df = src.query("enforcement_actions")
    # Plain Python strings: the effect and scorecard loops iterate these columns, and Arrow-backed
    # strings are slow to iterate one by one.
    text = [c for c in df.columns if pd.api.types.is_string_dtype(df[c]) or df[c].dtype == object]
    df = df.astype({c: object for c in text}).assign(quarter=df.quarter.astype(str).astype(object))
    return auth_.classify_frame(df)


def _of_type(acts: pd.DataFrame, authority_type: str | None) -> pd.DataFrame:
    """The actions of one authority type (None: all)."""
    if authority_type is None:
        return acts
    if authority_type not in auth_.TYPES:
        raise ValueError(f"unknown authority type {authority_type!r}")
    if "authority_type" not in acts.columns:
        acts = auth_.classify_frame(acts)
    return acts[acts.authority_type == authority_type]


def action_counts(acts: pd.DataFrame, quarter: str, authority_type: str | None = None) -> pd.DataFrame:
    """Actions in ``quarter``: one row per action type and target role with a count (zeros left out);
    ``authority_type`` keeps one type of deciding authority (``telecom``, ``other_department``,
    ``operator_internal``)."""
    acts = _of_type(acts, authority_type)
    q = acts[acts.quarter == quarter]
    out = q.groupby(["action", "target_role"], as_index=False).size().rename(columns={"size": "actions"})
    order = {a: i for i, a in enumerate(ACTIONS)}
    role_order = {r: i for i, r in enumerate(ROLES)}
    return (
        out.assign(_a=out.action.map(order), _r=out.target_role.map(role_order))
        .sort_values(["_a", "_r"])
        .drop(columns=["_a", "_r"])
        .reset_index(drop=True)
    )


def action_matrix(acts: pd.DataFrame, quarter: str, lang: str, authority_type: str | None = None) -> pd.DataFrame:
    """Actions in ``quarter`` as a table: action types down, target roles across, totals both ways
    (``authority_type``: only that authority's actions, as the bulletin reports each on its own)."""
    counts = action_counts(acts, quarter, authority_type)
    mat = counts.pivot_table(
        index="action", columns="target_role", values="actions", aggfunc="sum", fill_value=0
    ).reindex(index=list(ACTIONS), columns=list(ROLES), fill_value=0)
    mat["total"] = mat.sum(axis=1)
    mat.loc["total"] = mat.sum(axis=0)
    mat.index = [t("enf.total", lang) if a == "total" else label_action(a, lang) for a in mat.index]
    mat.columns = [t("enf.total", lang) if r == "total" else label_role(r, lang) for r in mat.columns]
    mat.index.name = t("enf.col.action", lang)
    return mat.astype(int).reset_index()


def actions_per_quarter(acts: pd.DataFrame, last: str, n: int = 12) -> pd.DataFrame:
    """Actions per quarter and action type for the ``n`` quarters up to ``last`` (zeros included)."""
    qs = quarters.span(quarters.shift(last, -(n - 1)), last)
    sub = acts[acts.quarter.isin(qs)]
    grid = pd.MultiIndex.from_product([qs, list(ACTIONS)], names=["quarter", "action"])
    out = sub.groupby(["quarter", "action"]).size().reindex(grid, fill_value=0)
    return out.rename("actions").reset_index()


def actions_per_authority(acts: pd.DataFrame, last: str, n: int = 12) -> pd.DataFrame:
    """Actions per quarter and authority type for the ``n`` quarters up to ``last`` (zeros included)."""
    if "authority_type" not in acts.columns:
        acts = auth_.classify_frame(acts)
    qs = quarters.span(quarters.shift(last, -(n - 1)), last)
    sub = acts[acts.quarter.isin(qs)]
    grid = pd.MultiIndex.from_product([qs, list(auth_.TYPES)], names=["quarter", "authority_type"])
    out = sub.groupby(["quarter", "authority_type"]).size().reindex(grid, fill_value=0)
    return out.rename("actions").reset_index()


def fines(acts: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """Every action with a fine amount in ``quarter``, with its authority type, its cap (recomputed) and
    whether it exceeds it. Only the SMS regulation's fines (``telecom``) have that cap: another department's
    fine is never ``over_cap`` here (it fines under its own law)."""
    if "authority_type" not in acts.columns:
        acts = auth_.classify_frame(acts)
    q = acts[(acts.quarter == quarter) & acts.fine_yuan.notna()]
    cols = ["case_id", "decided_on", "target_name", "target_role", "authority_type", "fine_yuan", "illegal_gains_yuan"]
    out = q[cols].copy()
    out["cap_yuan"] = [float(fine_cap(g)) for g in out.illegal_gains_yuan]
    out["over_cap"] = [
        kind == "telecom" and exceeds_cap(f, g)
        for kind, f, g in zip(out.authority_type, out.fine_yuan, out.illegal_gains_yuan, strict=True)
    ]
    return out.reset_index(drop=True)


def fines_over_cap(acts: pd.DataFrame, quarter: str | None = None, lang: str = "en") -> pd.DataFrame:
    """Every telecom fine above its statutory cap, in ``quarter`` (``None``: in every quarter of ``acts``):
    the fines "under legal review", which no fine total counts.

    A fine is listed when the rule says it is above the cap *or* the store flagged it at load time, so
    a disagreement shows rather than hides. Each row carries the limb of the rule that sets the cap and
    the flag "check the legal basis". Nothing is dropped. Other departments' fines are not listed: the
    cap is the SMS regulation's, and they fine under their own laws.
    """
    if "authority_type" not in acts.columns:
        acts = auth_.classify_frame(acts)
    sub = acts if quarter is None else acts[acts.quarter == quarter]
    sub = sub[sub.fine_yuan.notna() & (sub.authority_type == "telecom")]
    rule = [exceeds_cap(f, g) for f, g in zip(sub.fine_yuan, sub.illegal_gains_yuan, strict=True)]
    stored = sub.over_cap.fillna(False).astype(bool).to_numpy()
    mask = pd.Series([r or s for r, s in zip(rule, stored, strict=True)], index=sub.index, dtype=bool)
    hit = sub.loc[mask].copy()
    hit["cap_yuan"] = [float(fine_cap(g)) for g in hit.illegal_gains_yuan]
    hit["excess_yuan"] = hit.fine_yuan - hit.cap_yuan
    hit["basis"] = [t(f"enf.cap.{cap_basis(g)}", lang) for g in hit.illegal_gains_yuan]
    hit["check"] = t("enf.cap.check", lang)
    cols = [
        "case_id",
        "decided_on",
        "quarter",
        "target_name",
        "target_role",
        "fine_yuan",
        "illegal_gains_yuan",
        "cap_yuan",
        "excess_yuan",
        "basis",
        "authority",
        "check",
    ]
    return hit[cols].sort_values(["decided_on", "case_id"], ascending=False).reset_index(drop=True)


# ------------------------------------------------------------------------------------------ takedowns


@dataclass(frozen=True)
class PortCoverage:
    """How many of the quarter's most-complained ports were shut (see ``enforcement_port_coverage``)."""

    top_n: int
    shut_top_n: int
    decile_n: int
    shut_decile: int
    complained_ports: int

    @property
    def share_top_n(self) -> float:
        """Share of the top N ports that were shut."""
        return _share(self.shut_top_n, self.top_n)

    @property
    def share_decile(self) -> float:
        """Share of the top decile that was shut."""
        return _share(self.shut_decile, self.decile_n)


@dataclass(frozen=True)
class TakedownView:
    """Takedowns of a quarter and how they compare with complaints."""

    per_quarter: pd.DataFrame  # quarter, target_type, takedowns (12 quarters to the chosen one)
    by_operator: pd.DataFrame  # operator, target_type, takedowns (chosen quarter)
    by_holder: pd.DataFrame  # holder_key, holder, target_type, takedowns (chosen quarter)
    totals: dict[str, int]  # target_type -> takedowns in the quarter
    coverage: PortCoverage
    top_ports: pd.DataFrame  # the most-complained ports with their takedown date (if shut)
    lags: pd.DataFrame  # port takedowns of the quarter with days since the first complaint
    median_lag: float | None  # days, over takedowns that followed a complaint
    from_monitoring: int  # port takedowns with no complaint before them


def takedowns(src: QuerySource, quarter: str, *, top_ports: int = 50, n_quarters: int = 12) -> TakedownView:
    """Takedowns per quarter by type and operator, by holder, and against the most-complained ports."""
    allq = src.query("enforcement_takedowns")
    allq = allq.assign(quarter=allq.quarter.astype(str))
    qs = quarters.span(quarters.shift(quarter, -(n_quarters - 1)), quarter)
    grid = pd.MultiIndex.from_product([qs, list(TARGET_TYPES)], names=["quarter", "target_type"])
    per_q = (
        allq[allq.quarter.isin(qs)]
        .groupby(["quarter", "target_type"])
        .takedowns.sum()
        .reindex(grid, fill_value=0)
        .reset_index()
    )
    this = allq[allq.quarter == quarter]
    by_op = this.groupby(["operator", "target_type"], as_index=False).takedowns.sum()
    totals = {tt: int(this[this.target_type == tt].takedowns.sum()) for tt in TARGET_TYPES}
    holders = src.query("enforcement_takedown_holders", {"quarter": quarter})
    ports = src.query("enforcement_port_coverage", {"quarter": quarter, "top": int(top_ports)})
    n_ports = int(ports.n_ports.iloc[0]) if len(ports) else 0
    decile = math.ceil(n_ports / 10)
    top = ports[ports["rank"] <= top_ports]
    dec = ports[ports["rank"] <= decile]
    coverage = PortCoverage(
        len(top), int(top.taken_at.notna().sum()), len(dec), int(dec.taken_at.notna().sum()), n_ports
    )
    lags = src.query("enforcement_takedown_lag", {"quarter": quarter})
    followed = lags.lag_days.dropna()
    median = float(followed.median()) if len(followed) else None
    return TakedownView(
        per_q,
        by_op,
        holders,
        totals,
        coverage,
        top.reset_index(drop=True),
        lags,
        median,
        int(lags.lag_days.isna().sum()),
    )


# ------------------------------------------------------------------------------------------ the chain

LAYERS = ("complaints", "operator", "port_company", "industry")
NO_PORT = "__no_port__"
OTHER = "__other__"
OTHER_INDUSTRIES = ("other", "unclassified")  # reference industries that are not a line of business
MVNO = "__mvno__"


@dataclass(frozen=True)
class ChainView:
    """The quarter's complaints along the chain, and the actions that landed on each link.

    ``nodes``: node, layer, key, label, complaints, actions, complaint_share, action_share (shares within
    the layer). ``links``: source, target (node numbers), complaints. Each layer's node complaints and
    each column of links add up to ``total``.
    """

    quarter: str
    total: int
    nodes: pd.DataFrame
    links: pd.DataFrame
    layer_actions: dict[str, int]  # actions that landed on each layer
    coverage: dict[str, float]  # share of the layer's complaints whose carrier/sender/industry was acted against
    unplaced: int  # actions of the quarter that could not be placed on the chain
    sentences: tuple[str, ...]


def chain(
    src: QuerySource,
    acts: pd.DataFrame,
    quarter: str,
    lang: str,
    *,
    top_port_companies: int = 8,
    top_industries: int = 10,
    channel: str | None = None,
) -> ChainView:
    """Complaints -> operators -> port companies -> industries for ``quarter``, with actions per node."""
    raw = src.query("enforcement_chain", {"quarter": quarter, "channel": channel})
    ops = operator_names(src, lang)
    inds = industry_names(lang)
    q_acts = acts[acts.quarter == quarter]
    total = int(raw.complaints.sum())

    # Operators: each basic operator, and the resellers together (42 of them would crowd the picture).
    op_kind = src.query("enforcement_operators").drop_duplicates("code").set_index("code").kind.to_dict()
    op_kind.update({o: k for o, k in zip(raw.operator, raw.operator_kind, strict=True) if o not in op_kind})

    def op_node(code: object) -> str | None:
        if not isinstance(code, str) or not code:
            return None
        return MVNO if op_kind.get(code) == "mvno" else code

    # Port companies: the top N by complaints in the quarter, the rest grouped; no port = direct numbers.
    pc_tot = raw.dropna(subset=["port_company_key"]).groupby("port_company_key").complaints.sum()
    pc_top = list(pc_tot.sort_values(ascending=False, kind="stable").index[:top_port_companies])
    pc_names = (
        raw.dropna(subset=["port_company_key"])
        .drop_duplicates("port_company_key")
        .set_index("port_company_key")
        .port_company.to_dict()
    )

    def pc_node(key: object) -> str:
        if key is None or (isinstance(key, float) and math.isnan(key)):
            return NO_PORT
        return str(key) if key in pc_top else OTHER

    # The reference's own "other" and "unclassified" industries join the grouped rest: one "other" node,
    # never both 其他 and 其他行业 side by side.
    ind_tot = raw.groupby("industry").complaints.sum()
    ind_tot = ind_tot[~ind_tot.index.isin(OTHER_INDUSTRIES)]
    ind_top = list(ind_tot.sort_values(ascending=False, kind="stable").index[:top_industries])

    def ind_node(code: object) -> str:
        code = "unclassified" if code is None or (isinstance(code, float) and math.isnan(code)) else str(code)
        return code if code in ind_top else OTHER

    frame = raw.assign(
        op=[op_node(c) for c in raw.operator],
        pc=[pc_node(k) for k in raw.port_company_key],
        ind=[ind_node(i) for i in raw.industry],
    )

    # Where the quarter's actions land: operator branches and resellers on the operator link, port
    # companies on the sender link, source companies on their industry.
    placed: dict[tuple[str, str], int] = {}
    unplaced = 0
    for role, code, key, ind in zip(
        q_acts.target_role, q_acts.operator_code, q_acts.target_key, q_acts.industry, strict=True
    ):
        if role in ("operator", "mvno"):
            node = MVNO if role == "mvno" else op_node(code)
            spot = ("operator", node) if node else None
        elif role == "port_company":
            spot = ("port_company", pc_node(key))
        elif role == "source_company":
            spot = ("industry", ind_node(ind))
        else:
            spot = None
        if spot is None:
            unplaced += 1
        else:
            placed[spot] = placed.get(spot, 0) + 1

    def label(layer: str, key: str) -> str:
        if layer == "complaints":
            return t("enf.chain.complaints", lang)
        if key == OTHER:
            return t(f"enf.chain.other_{layer}", lang)
        if key == NO_PORT:
            return t("enf.chain.no_port", lang)
        if key == MVNO:
            return t("enf.chain.mvno", lang)
        if layer == "operator":
            return ops.get(key, key)
        if layer == "port_company":
            return str(pc_names.get(key) or key)
        return inds.get(key, key)

    rows: list[dict[str, object]] = [{"layer": "complaints", "key": "all", "complaints": total, "actions": 0}]
    layer_col = {"operator": "op", "port_company": "pc", "industry": "ind"}
    for layer, col in layer_col.items():
        sums = frame.groupby(col).complaints.sum().sort_values(ascending=False, kind="stable")
        keys = list(sums.index)
        # Grouped and "no port" nodes go to the bottom of their column.
        keys = [k for k in keys if k not in (OTHER, NO_PORT)] + [k for k in (OTHER, NO_PORT) if k in keys]
        # A link that drew actions but carried no complaints this quarter still gets its node.
        keys += [k for (lay, k) in placed if lay == layer and k not in keys]
        for k in keys:
            rows.append(
                {"layer": layer, "key": k, "complaints": int(sums.get(k, 0)), "actions": placed.get((layer, k), 0)}
            )
    nodes = pd.DataFrame(rows)
    nodes.insert(0, "node", range(len(nodes)))
    nodes["label"] = [label(la, k) for la, k in zip(nodes.layer, nodes.key, strict=True)]
    layer_actions = {la: int(nodes[nodes.layer == la].actions.sum()) for la in LAYERS[1:]}
    nodes["complaint_share"] = [_share(c, total) for c in nodes.complaints]
    nodes["action_share"] = [
        _share(a, layer_actions.get(la, 0)) if la != "complaints" else float("nan")
        for a, la in zip(nodes.actions, nodes.layer, strict=True)
    ]

    idx = {(la, k): n for n, la, k in zip(nodes.node, nodes.layer, nodes.key, strict=True)}
    parts = [
        frame.groupby("op", as_index=False)
        .complaints.sum()
        .assign(source=idx[("complaints", "all")], target=lambda d: [idx[("operator", k)] for k in d.op]),
        frame.groupby(["op", "pc"], as_index=False)
        .complaints.sum()
        .assign(
            source=lambda d: [idx[("operator", k)] for k in d.op],
            target=lambda d: [idx[("port_company", k)] for k in d.pc],
        ),
        frame.groupby(["pc", "ind"], as_index=False)
        .complaints.sum()
        .assign(
            source=lambda d: [idx[("port_company", k)] for k in d.pc],
            target=lambda d: [idx[("industry", k)] for k in d.ind],
        ),
    ]
    links = pd.concat([p[["source", "target", "complaints"]] for p in parts], ignore_index=True)
    links = links[links.complaints > 0].reset_index(drop=True)

    coverage = _chain_coverage(raw, q_acts)
    sentences = _chain_sentences(nodes, layer_actions, coverage, unplaced, len(q_acts), lang)
    return ChainView(quarter, total, nodes, links, layer_actions, coverage, unplaced, sentences)


def _chain_coverage(raw: pd.DataFrame, q_acts: pd.DataFrame) -> dict[str, float]:
    """Per link, the share of its complaints that went through a party acted against this quarter.

    Measured on keys, not on grouped nodes: each reseller on its own, each port company, and the
    industries of the source companies acted against. Complaints without a port are left out of the
    port-company share (no port company could be acted against for them).
    """
    hit_ops = set(q_acts[q_acts.target_role.isin(["operator", "mvno"])].operator_code.dropna())
    hit_pcs = set(q_acts[q_acts.target_role == "port_company"].target_key.dropna())
    hit_inds = set(q_acts[q_acts.target_role == "source_company"].industry.dropna())
    with_port = raw[raw.port_company_key.notna()]
    return {
        "operator": _share(raw[raw.operator.isin(hit_ops)].complaints.sum(), raw.complaints.sum()),
        "port_company": _share(
            with_port[with_port.port_company_key.isin(hit_pcs)].complaints.sum(), with_port.complaints.sum()
        ),
        "industry": _share(raw[raw.industry.isin(hit_inds)].complaints.sum(), raw.complaints.sum()),
    }


def _chain_sentences(
    nodes: pd.DataFrame,
    layer_actions: dict[str, int],
    coverage: dict[str, float],
    unplaced: int,
    n_actions: int,
    lang: str,
) -> tuple[str, ...]:
    """One sentence per link comparing complaint share with action share, and one overall."""
    out = []
    if n_actions:
        # Whole percents that add up as the counts do (not 17% + 6% + 78%); unplaced actions take their share too.
        placed = [layer_actions["operator"], layer_actions["port_company"], layer_actions["industry"]]
        op, pc, src, _ = fmt.whole_shares([*placed, unplaced], n_actions)
        out.append(
            t(
                "enf.chain.overall",
                lang,
                n=fmt.count(n_actions),
                op=fmt.pct(op, lang, 0),
                pc=fmt.pct(pc, lang, 0),
                src=fmt.pct(src, lang, 0),
            )
        )
    else:
        out.append(t("enf.chain.no_actions", lang))
    for layer in LAYERS[1:]:
        sub = nodes[(nodes.layer == layer) & ~nodes.key.isin([OTHER, NO_PORT])]
        if sub.empty or not sub.complaints.sum():
            continue
        top = sub.sort_values("complaints", ascending=False, kind="stable").iloc[0]
        name = t(f"enf.layer.{layer}", lang)
        if not layer_actions[layer]:
            out.append(
                t(
                    "enf.chain.layer_none",
                    lang,
                    layer=name,
                    top=top.label,
                    c_share=fmt.pct(top.complaint_share, lang, 0),
                )
            )
            continue
        out.append(
            t(
                "enf.chain.layer",
                lang,
                layer=name,
                top=top.label,
                c_share=fmt.pct(top.complaint_share, lang, 0),
                a_share=fmt.pct(top.action_share, lang, 0),
                n=fmt.count(layer_actions[layer]),
                coverage=fmt.pct(coverage[layer], lang, 0),
            )
        )
    if unplaced:
        out.append(t("enf.chain.unplaced", lang, n=unplaced))
    return tuple(out)


# ------------------------------------------------------------------------------------------ repeat targets


def _target_ids(acts: pd.DataFrame) -> pd.DataFrame:
    """Who an action was against, as the rollups key them: (role, dim, key).

    Source and port companies by their company key; resellers and whole operators by operator code;
    operator branches by name (the rollups have no operator-by-province grain, so their complaints
    cannot be measured).
    """
    out = acts.copy()
    dims: list[str | None] = []
    keys: list[object] = []
    for role, key, code, whole in zip(
        out.target_role, out.target_key, out.operator_code, out.operator_whole, strict=True
    ):
        has_code = isinstance(code, str) and code != ""
        if role in ("source_company", "port_company"):
            dim, k = ("company" if role == "source_company" else "port_company"), key
        elif has_code and (role == "mvno" or bool(whole)):
            dim, k = "operator", code
        else:
            dim, k = None, key
        dims.append(dim)
        keys.append(k)
    out["dim"] = dims
    out["key"] = keys
    return out


def action_sequence(actions_in_order: Iterable[str], lang: str) -> str:
    """Actions in date order, repeats in a row collapsed: notice → interview → notice → fine."""
    steps: list[str] = []
    for a in actions_in_order:
        if not steps or steps[-1] != a:
            steps.append(a)
    return " → ".join(label_action(a, lang) for a in steps)


def escalation_path(actions_in_order: Iterable[str], quarters_in_order: Iterable[str], lang: str) -> str:
    """The steps of the ladder as they were first reached, with the quarter:
    ``notice (2019Q2) → fine (2019Q3) → credit listing (2020Q3)``. Internal accountability is not a step."""
    steps: list[str] = []
    top = 0
    for a, q in zip(actions_in_order, quarters_in_order, strict=True):
        rank = LADDER.get(a, 0)
        if rank > top:
            steps.append(f"{label_action(a, lang)} ({q})")
            top = rank
    return " → ".join(steps) or "–"


@functools.lru_cache(maxsize=4096)
def _qi(label: str) -> int:
    """A quarter label as a sortable number (cached: effects compare many labels)."""
    y, k = quarters.parse(label)
    return y * 4 + k


@dataclass(frozen=True)
class Effect:
    """Complaints per quarter before and after a first action, and what became of them."""

    before: float | None  # average per quarter in the window before the first action's quarter
    after: float | None  # average per quarter in the window after it
    change: float | None  # after / before - 1
    outcome: str  # fell, rose, flat or unmeasured


def compare_windows(
    complaints: dict[str, float] | pd.Series,
    first_quarter: str,
    as_of: str,
    available: Iterable[str],
    n: int = 4,
    threshold: float = 0.10,
) -> Effect:
    """Average complaints per quarter in the ``n`` quarters before ``first_quarter`` against the ``n`` after it.

    The action's own quarter is in neither window; the after window stops at ``as_of``; only quarters the
    store has data for (``available``) count, from the target's first complaint on; after that a quarter
    without complaints counts as zero. ``fell`` or
    ``rose`` when the change reaches ``threshold`` either way, ``flat`` otherwise; ``unmeasured`` when either
    window is empty or there were no complaints in either.
    """
    avail = available if isinstance(available, (set, frozenset)) else set(available)
    # Quarters before the target's first complaint do not count: a company that did not yet send anything
    # is not a "before" of zero.
    seen = [_qi(q) for q, c in complaints.items() if c and q in avail]
    since = min(seen) if seen else _qi(first_quarter)
    start, end = _qi(first_quarter), _qi(as_of)
    before_qs = [
        q
        for q in quarters.span(quarters.shift(first_quarter, -n), quarters.shift(first_quarter, -1))
        if q in avail and _qi(q) >= since
    ]
    after_qs = (
        [
            q
            for q in quarters.span(quarters.shift(first_quarter, 1), quarters.shift(first_quarter, n))
            if q in avail and _qi(q) <= end
        ]
        if start < end
        else []
    )
    if not before_qs or not after_qs:
        return Effect(None, None, None, "unmeasured")
    before = float(sum(complaints.get(q, 0) for q in before_qs)) / len(before_qs)
    after = float(sum(complaints.get(q, 0) for q in after_qs)) / len(after_qs)
    if before == 0:
        return Effect(before, after, None, "rose" if after > 0 else "unmeasured")
    change = after / before - 1
    outcome = "fell" if change <= -threshold else "rose" if change >= threshold else "flat"
    return Effect(before, after, change, outcome)


def target_effects(
    src: QuerySource,
    acts: pd.DataFrame,
    quarter: str,
    lang: str,
    *,
    available: Sequence[str],
    effect_quarters: int = 4,
    threshold: float = 0.10,
) -> pd.DataFrame:
    """Every target acted against up to ``quarter``: its actions, escalation path, and whether its complaints
    fell after the first action (:func:`compare_windows`).

    Complaints come from the rollups by key: source companies and port companies by company key, resellers
    and whole operators by operator code; operator branches cannot be measured (no operator-by-province grain).
    """
    sub = _target_ids(acts[acts.quarter <= quarter]).sort_values(["decided_on", "case_id"])
    cols = [
        "target_role",
        "target",
        "dim",
        "key",
        "quarters",
        "actions",
        "first_quarter",
        "last_quarter",
        "path",
        "highest",
        "escalated",
        "before",
        "after",
        "change",
        "outcome",
        "sequence",
    ]
    if sub.empty:
        return pd.DataFrame(columns=cols)
    keys = sub.dropna(subset=["dim"])
    counts = src.query(
        "enforcement_key_complaints",
        {
            "company_keys": sorted(set(keys[keys.dim == "company"].key)),
            "port_company_keys": sorted(set(keys[keys.dim == "port_company"].key)),
            "operator_keys": sorted(set(keys[keys.dim == "operator"].key)),
        },
    )
    counts = counts.assign(quarter=counts.quarter.astype(str))
    series: dict[tuple[str, str], dict[str, float]] = {}
    for d, k, q, c in zip(
        counts.dim.tolist(), counts.key.tolist(), counts.quarter.tolist(), counts.complaints.tolist(), strict=True
    ):
        series.setdefault((d, k), {})[q] = c
    ops = operator_names(src, lang)
    avail = set(available)
    # Plain Python over the (small) action list: a pandas group per target costs more than the work itself.
    groups: dict[tuple[object, object, object], list[tuple[str, str, str]]] = {}
    for role, dim, key, name, action, q in zip(
        sub.target_role, sub.dim, sub.key, sub.target_name, sub.action, sub.quarter, strict=True
    ):
        groups.setdefault((role, dim if isinstance(dim, str) else None, key), []).append((str(name), action, q))
    rows = []
    for (role, dim, key), items in groups.items():
        names, acts_, qs = zip(*items, strict=True)
        name = ops.get(str(key), names[-1]) if dim == "operator" else names[-1]
        steps = [a for a in acts_ if a in LADDER]
        fq = min(qs, key=_qi)
        eff = (
            compare_windows(series.get((dim, key), {}), fq, quarter, avail, effect_quarters, threshold)
            if dim is not None
            else Effect(None, None, None, "unmeasured")
        )
        rows.append(
            {
                "target_role": role,
                "target": name,
                "dim": dim,
                "key": key,
                "quarters": len(set(qs)),
                "actions": len(items),
                "first_quarter": fq,
                "last_quarter": max(qs, key=_qi),
                "path": escalation_path(acts_, qs, lang),
                "highest": label_action(max(steps, key=LADDER.__getitem__), lang) if steps else "",
                "escalated": bool(steps) and max(LADDER[a] for a in steps) > LADDER[steps[0]],
                "before": eff.before,
                "after": eff.after,
                "change": eff.change,
                "outcome": eff.outcome,
                "sequence": action_sequence(acts_, lang),
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["quarters", "actions"], ascending=False, kind="stable").reset_index(drop=True)


def repeat_targets(effects: pd.DataFrame, min_quarters: int = 2) -> pd.DataFrame:
    """The targets acted against in ``min_quarters`` or more quarters (from :func:`target_effects`)."""
    return effects[effects.quarters >= min_quarters].reset_index(drop=True)


def effect_summary(effects: pd.DataFrame, lang: str, min_quarters: int = 2) -> str:
    """Two sentences: of every target, and of the repeat targets, with complaints measurable before and
    after the first action, how many had fewer complaints afterwards."""
    out: list[str] = []
    if effects.empty:
        return t("enf.effect.none", lang, n=0)
    for frame, key in ((effects, "enf.effect.all"), (repeat_targets(effects, min_quarters), "enf.effect.repeat")):
        measured = frame[frame.outcome != "unmeasured"]
        if measured.empty:
            out.append(t("enf.effect.none", lang, n=len(frame)))
            continue
        fell = int((measured.outcome == "fell").sum())
        out.append(
            t(
                key,
                lang,
                n=len(frame),
                measured=len(measured),
                fell=fell,
                share=fmt.pct(_share(fell, len(measured)), lang, 0),
                rose=int((measured.outcome == "rose").sum()),
            )
        )
    return " ".join(out)


# ------------------------------------------------------------------------------------------ MVNO scorecard

TESTS = ("lawful", "real_name", "response")


@dataclass(frozen=True)
class Scorecard:
    """The MVNO scorecard of a quarter against the three green-channel tests.

    ``table``: one row per reseller: code, name, host, subscribers, subscribers_year, complaints,
    rate, fraud_share, numbers_shut, actions, serious, real_name, lawful / real_name_ok / response
    (``pass``, ``fail`` or ``unknown``), status (``green``, ``fail``, ``incomplete``), failed (count),
    reasons (one sentence per failed or unassessable test). ``history``: the same measures per reseller
    and quarter over the window.
    """

    quarter: str
    window: tuple[str, str]
    market_rate: float  # the rate the resellers are compared with (config.market)
    resellers_rate: float  # all resellers together
    table: pd.DataFrame
    history: pd.DataFrame
    config: ScorecardConfig


def is_real_name(reason: object, patterns: Sequence[str]) -> bool:
    """Whether an action's reason records a real-name registration violation."""
    if not isinstance(reason, str):
        return False
    low = reason.casefold()
    return any(p.casefold() in low for p in patterns)


class _Subscribers:
    """Subscribers per operator and year, looked up as "the year's figure, else the latest earlier one"."""

    def __init__(self, ops: pd.DataFrame) -> None:
        self._by: dict[str, list[tuple[int, float]]] = {}
        known = ops.dropna(subset=["year", "subscribers"]).sort_values("year")
        for code, year, subs in zip(known.code, known.year, known.subscribers, strict=True):
            self._by.setdefault(str(code), []).append((int(year), float(subs)))

    def get(self, code: str, year: int) -> tuple[float | None, int | None]:
        """``(subscribers, year used)``, or ``(None, None)`` without a figure for ``year`` or earlier."""
        best: tuple[float | None, int | None] = (None, None)
        for y, subs in self._by.get(code, []):
            if y <= year:
                best = (subs, y)
        return best


def market_rate(
    src: QuerySource, quarter: str, per: int = terms.RATE_BASES["subscribers"], market: str = "all"
) -> float:
    """Complaints of ``quarter`` per ``per`` subscribers for the market the resellers are compared with.

    ``all``: every complaint against any operator per mobile subscriber, the basic operators' totals for the
    year, which include the resellers' users (2016: 1,328M, of them 30.15M, 2.27%, on resellers).
    ``resellers``: the resellers' complaints per reseller subscriber.
    """
    oq = src.query("enforcement_operator_quarters")
    ops = src.query("enforcement_operators")
    return _market_rate(oq, ops, quarter, per, market)


def _market_rate(oq: pd.DataFrame, ops: pd.DataFrame, quarter: str, per: int, market: str = "all") -> float:
    year = quarters.parse(quarter)[0]
    this = oq[oq.quarter.astype(str) == quarter]
    kinds = ops.drop_duplicates("code").set_index("code").kind
    if market == "resellers":
        this = this[this.operator.map(kinds) == "mvno"]
        basis = kinds[kinds == "mvno"].index
    else:
        basis = kinds[kinds == "basic"].index
    lookup = _Subscribers(ops)
    subs = sum(v for v in (lookup.get(str(c), year)[0] for c in basis) if v)
    return float(this.complaints.sum()) / subs * per if subs else float("nan")


def mvno_scorecard(
    src: QuerySource, acts: pd.DataFrame, quarter: str, lang: str, config: ScorecardConfig | None = None
) -> Scorecard:
    """Each reseller in ``quarter``: complaints, rate, fraud share, numbers shut, actions, and the three tests.

    * lawful operation: no action in ``config.serious_actions`` in the window;
    * real-name registration in place: no action whose reason matches ``config.real_name_patterns`` in the window;
    * good public response: complaints per million subscribers in the quarter below ``rate_factor`` x the
      market's rate. Without a subscriber figure the test is ``unknown`` and the status ``incomplete``.
    """
    cfg = config or ScorecardConfig()
    oq = src.query("enforcement_operator_quarters")
    oq = oq.assign(quarter=oq.quarter.astype(str))
    ops = src.query("enforcement_operators")
    first = quarters.shift(quarter, -(cfg.window_quarters - 1))
    window = quarters.span(first, quarter)
    market = _market_rate(oq, ops, quarter, cfg.per_subscribers, cfg.market)
    resellers = _market_rate(oq, ops, quarter, cfg.per_subscribers, "resellers")
    mv = ops[ops.kind == "mvno"].drop_duplicates("code").sort_values("code")
    name_col = name_column(lang)
    host_names = operator_names(src, lang)
    m_acts = acts[(acts.operator_code.isin(mv.code)) & acts.quarter.isin(window)].copy()
    m_acts["serious"] = m_acts.action.isin(cfg.serious_actions).astype(bool)
    m_acts["real_name"] = pd.Series(
        [is_real_name(r, cfg.real_name_patterns) for r in m_acts.reason], index=m_acts.index, dtype=bool
    )
    lookup = _Subscribers(ops)
    measures = {
        (o, q): (c, f, n)
        for o, q, c, f, n in zip(
            oq.operator, oq.quarter, oq.complaints, oq.fraud_complaints, oq.numbers_shut, strict=True
        )
    }
    by_reseller = {code: g for code, g in m_acts.groupby("operator_code")}
    no_acts = m_acts.iloc[0:0]
    rows, hist = [], []
    for r in mv.itertuples():
        a = by_reseller.get(r.code, no_acts)
        acted = a.quarter.value_counts().to_dict()
        for q in window:
            subs, _ = lookup.get(r.code, quarters.parse(q)[0])
            c, fraud, shut = measures.get((r.code, q), (0, 0, 0))
            hist.append(
                {
                    "code": r.code,
                    "name": getattr(r, name_col),
                    "quarter": q,
                    "complaints": int(c),
                    "rate": c / subs * cfg.per_subscribers if subs else float("nan"),
                    "fraud_share": _share(fraud, c),
                    "numbers_shut": int(shut),
                    "actions": int(acted.get(q, 0)),
                }
            )
        now = hist[-1]
        subs, subs_year = lookup.get(r.code, quarters.parse(quarter)[0])
        serious = a.loc[a.serious].sort_values("decided_on")
        realname = a.loc[a.real_name].sort_values("decided_on")
        lawful = "fail" if len(serious) else "pass"
        real_ok = "fail" if len(realname) else "pass"
        if subs is None or not math.isfinite(market):
            response = "unknown"
        else:
            response = "pass" if now["rate"] < cfg.rate_factor * market else "fail"
        reasons = []
        span = f"{first}–{quarter}" if first != quarter else quarter
        if lawful == "fail":
            reasons.append(
                t("enf.score.why_lawful", lang, n=len(serious), window=span, items=_action_list(serious, lang))
            )
        if real_ok == "fail":
            reasons.append(
                t("enf.score.why_real_name", lang, n=len(realname), window=span, items=_action_list(realname, lang))
            )
        if response == "fail":
            key = "enf.score.why_response" if cfg.rate_factor == 1 else "enf.score.why_response_factor"
            reasons.append(
                t(
                    key,
                    lang,
                    rate=fmt.rate(now["rate"], lang, 1),
                    quarter=quarter,
                    market=fmt.rate(market, lang, 1),
                    limit=fmt.rate(cfg.rate_factor * market, lang, 1),
                    factor=f"{cfg.rate_factor:g}",
                )
            )
        elif response == "unknown":
            reasons.append(t("enf.score.why_unknown", lang, year=quarters.parse(quarter)[0]))
        tests = (lawful, real_ok, response)
        status = "fail" if "fail" in tests else "incomplete" if "unknown" in tests else "green"
        rows.append(
            {
                "code": r.code,
                "name": getattr(r, name_col),
                "host": host_names.get(str(r.host), r.host),
                "subscribers": subs,
                "subscribers_year": subs_year,
                "complaints": now["complaints"],
                "rate": now["rate"],
                "fraud_share": now["fraud_share"],
                "numbers_shut": now["numbers_shut"],
                "actions": now["actions"],
                "serious": len(serious),
                "real_name": len(realname),
                "lawful": lawful,
                "real_name_ok": real_ok,
                "response": response,
                "status": status,
                "failed": sum(x == "fail" for x in tests),
                "reasons": " ".join(reasons),
            }
        )
    table = pd.DataFrame(rows)
    order = {"fail": 0, "incomplete": 1, "green": 2}
    table = (
        table.assign(_o=table.status.map(order))
        .sort_values(["_o", "failed", "rate"], ascending=[True, False, False])
        .drop(columns="_o")
        .reset_index(drop=True)
    )
    return Scorecard(quarter, (first, quarter), market, resellers, table, pd.DataFrame(hist), cfg)


def _action_list(rows: pd.DataFrame, lang: str) -> str:
    """``fine (2024Q1), suspension (2023Q4)``: the actions behind a failed test, newest first."""
    sep = "、" if lang == "zh" else ", "
    items = [f"{label_action(a, lang)} ({q})" for a, q in zip(rows.action, rows.quarter, strict=True)][::-1]
    return sep.join(items)


def scorecard_summary(card: Scorecard, lang: str) -> str:
    """One sentence: how many resellers pass all three tests, and how many fail each."""
    tb = card.table
    return t(
        "enf.score.summary",
        lang,
        n=len(tb),
        green=int((tb.status == "green").sum()),
        lawful=int((tb.lawful == "fail").sum()),
        real_name=int((tb.real_name_ok == "fail").sum()),
        response=int((tb.response == "fail").sum()),
        market=fmt.rate(card.market_rate, lang, 1),
        basis=t(f"enf.market.{card.config.market}", lang),
        resellers=fmt.rate(card.resellers_rate, lang, 1),
    )


# ------------------------------------------------------------------------------------------ the page


@dataclass(frozen=True)
class EnforcementView:
    """Everything the enforcement page shows for one quarter."""

    quarter: str
    actions: pd.DataFrame  # every action (all quarters), mapped onto the chain
    counts: pd.DataFrame  # action x role counts of the quarter
    matrix: pd.DataFrame  # the same as a table with totals, labelled in the page's language
    trend: pd.DataFrame  # actions per quarter and type (12 quarters)
    fines: pd.DataFrame  # fines of the quarter with their authority type and caps
    over_cap: pd.DataFrame  # every telecom fine above its cap, all quarters up to the chosen one
    fine_summary: auth_.FineSummary  # the quarter's fines by authority: the total counts telecom within the cap
    by_authority: pd.DataFrame  # actions, targets and fines per authority type (the quarter)
    by_department: pd.DataFrame  # other departments' actions by named department (the quarter)
    authority_trend: pd.DataFrame  # quarter, authority_type, actions (12 quarters)
    takedowns: TakedownView
    chain: ChainView
    repeat: pd.DataFrame
    effect: str
    scorecard: Scorecard


def authority_table(v: EnforcementView, lang: str) -> pd.DataFrame:
    """The quarter's actions and fines by authority type, the type in words (page and export alike)."""
    return v.by_authority.assign(authority_type=[auth_.label_type(k, lang) for k in v.by_authority.authority_type])


def view(
    src: QuerySource, quarter: str, lang: str, settings: Settings | None = None, available: Sequence[str] | None = None
) -> EnforcementView:
    """The enforcement page for ``quarter``: one call, everything it shows."""
    s = settings or Settings()
    acts = actions(src)
    if available is None:
        available = [str(q) for q in src.query("quarters_available").quarter]
    effects = target_effects(
        src, acts, quarter, lang, available=available, effect_quarters=s.effect_quarters, threshold=s.effect_threshold
    )
    over = fines_over_cap(acts[acts.quarter <= quarter], None, lang)
    summary = auth_.fine_summary(acts, quarter)
    return EnforcementView(
        quarter=quarter,
        actions=acts,
        counts=action_counts(acts, quarter),
        matrix=action_matrix(acts, quarter, lang),
        trend=actions_per_quarter(acts, quarter),
        fines=fines(acts, quarter),
        over_cap=over,
        fine_summary=summary,
        by_authority=summary.by_authority,
        by_department=auth_.by_department(acts, quarter, lang),
        authority_trend=actions_per_authority(acts, quarter),
        takedowns=takedowns(src, quarter, top_ports=s.top_ports),
        chain=chain(
            src,
            acts,
            quarter,
            lang,
            top_port_companies=s.top_port_companies,
            top_industries=s.top_industries,
            channel=s.channel,
        ),
        repeat=repeat_targets(effects),
        effect=effect_summary(effects, lang),
        scorecard=mvno_scorecard(src, acts, quarter, lang, s.scorecard),
    )
