"""The enforcement page's sections, each computed on its own, and the one shaping of their tables.

The page is split into :data:`SECTIONS` (the chain, takedowns, penalties, repeat targets, the MVNO
scorecard); a reader opens one at a time, so each is built by its own function from the shared actions
frame (:func:`anning.enforcement.actions.actions`) and nothing else of the page: opening the chain
does not pay for the scorecard.

:func:`tables` shapes every table a section shows, for the screen and for the workbook alike: codes in
words, operator codes as names, dates as dates, headers in the reader's language. The page draws these
frames and the XLSX export writes the same frames, so what is downloaded is what was on screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from anning.core import fmt
from anning.enforcement import actions as enf
from anning.enforcement import authority as auth_
from anning.i18n import t
from anning.store.info import QuerySource

SECTIONS = ("chain", "takedowns", "penalties", "repeat", "mvno")

# How the page formats a column of a shaped table (the workbook keeps the numbers as numbers).
COUNT, YUAN, PCT, RATE, DAYS, WIDE = "count", "yuan", "pct", "rate", "days", "wide"


@dataclass(frozen=True)
class Table:
    """A table as shown and exported: the frame (headers translated) and how to format its columns."""

    frame: pd.DataFrame
    formats: Mapping[str, str] = field(default_factory=dict)  # shown header -> COUNT, YUAN, PCT, RATE, DAYS, WIDE
    # The columns the page shows when the whole table would not fit a 1,400-pixel window (the workbook has all).
    screen: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Headline:
    """The figures above the tabs: the quarter's takedowns, actions and fines."""

    ports: int
    numbers: int
    actions: int
    fines_yuan: float  # telecom fines within the cap (see anning.enforcement.authority.fine_summary)
    over_cap: int  # telecom fines of the quarter above the statutory cap


def headline(src: QuerySource, acts: pd.DataFrame, quarter: str) -> Headline:
    """The headline figures, from the takedown counts and the actions frame only (no section is built)."""
    td = src.query("overview_takedowns", {"quarter": quarter, "prev_quarter": quarter, "yoy_quarter": quarter})
    td = td[td.quarter.astype(str) == quarter]
    by_type = dict(zip(td.target_type, td.takedowns, strict=True))
    summary = auth_.fine_summary(acts, quarter)
    return Headline(
        ports=int(by_type.get("port", 0)),
        numbers=int(by_type.get("number", 0)),
        actions=int((acts.quarter == quarter).sum()),
        fines_yuan=summary.total_yuan,
        over_cap=len(summary.under_review),
    )


@dataclass(frozen=True)
class Penalties:
    """Actions, fines, deciding authorities and the statutory cap check of a quarter."""

    quarter: str
    counts: pd.DataFrame
    matrix: pd.DataFrame
    trend: pd.DataFrame
    fines: pd.DataFrame
    over_cap: pd.DataFrame  # every telecom fine above its cap up to the quarter
    fine_summary: auth_.FineSummary
    by_department: pd.DataFrame
    authority_trend: pd.DataFrame
    renamed: int  # actions naming a body that did not exist on the decision date

    @property
    def over_cap_in_quarter(self) -> int:
        """Fines above the cap decided in the chosen quarter (an alarm only for these)."""
        return int((self.over_cap.quarter == self.quarter).sum()) if len(self.over_cap) else 0


def penalties(acts: pd.DataFrame, quarter: str, lang: str) -> Penalties:
    """The penalties section: cheap, it reads only the actions frame."""
    summary = auth_.fine_summary(acts, quarter)
    return Penalties(
        quarter=quarter,
        counts=enf.action_counts(acts, quarter),
        matrix=enf.action_matrix(acts, quarter, lang),
        trend=enf.actions_per_quarter(acts, quarter),
        fines=enf.fines(acts, quarter),
        over_cap=enf.fines_over_cap(acts[acts.quarter <= quarter], None, lang),
        fine_summary=summary,
        by_department=auth_.by_department(acts, quarter, lang),
        authority_trend=enf.actions_per_authority(acts, quarter),
        renamed=int(acts[acts.quarter == quarter].authority_renamed.sum()) if "authority_renamed" in acts else 0,
    )


@dataclass(frozen=True)
class Repeats:
    """Targets acted against in two or more quarters, and whether complaints fell after a first action."""

    repeat: pd.DataFrame
    effect: str


def repeats(
    src: QuerySource, acts: pd.DataFrame, quarter: str, lang: str, settings: enf.Settings, available: Sequence[str]
) -> Repeats:
    """The repeat-targets section."""
    effects = enf.target_effects(
        src,
        acts,
        quarter,
        lang,
        available=available,
        effect_quarters=settings.effect_quarters,
        threshold=settings.effect_threshold,
    )
    return Repeats(enf.repeat_targets(effects), enf.effect_summary(effects, lang))


def section(
    name: str,
    src: QuerySource,
    acts: pd.DataFrame,
    quarter: str,
    lang: str,
    settings: enf.Settings,
    available: Sequence[str],
) -> object:
    """Build one section by name: a ChainView, TakedownView, Penalties, Repeats or Scorecard."""
    if name == "chain":
        return enf.chain(
            src,
            acts,
            quarter,
            lang,
            top_port_companies=settings.top_port_companies,
            top_industries=settings.top_industries,
            channel=settings.channel,
        )
    if name == "takedowns":
        return enf.takedowns(src, quarter, top_ports=settings.top_ports)
    if name == "penalties":
        return penalties(acts, quarter, lang)
    if name == "repeat":
        return repeats(src, acts, quarter, lang, settings, available)
    if name == "mvno":
        return enf.mvno_scorecard(src, acts, quarter, lang, settings.scorecard)
    raise ValueError(f"unknown enforcement section {name!r}; one of {', '.join(SECTIONS)}")


# ------------------------------------------------------------------------------------------ shaping


def _date(values: pd.Series) -> list[str]:
    return ["" if pd.isna(x) else pd.Timestamp(x).date().isoformat() for x in values]


def _display(df: pd.DataFrame, lang: str, formats: Mapping[str, str], screen: Sequence[str] | None = None) -> Table:
    """Translate the headers and carry the formats (and the on-screen columns) over to the translated names."""
    out = enf.display(df, lang)
    return Table(
        out,
        {enf.column_label(c, lang): f for c, f in formats.items() if c in df.columns},
        tuple(enf.column_label(c, lang) for c in screen if c in df.columns) if screen else None,
    )


def _yes_no(flags: Sequence[object], lang: str) -> list[str]:
    return [t("enf.yes", lang) if bool(x) else t("enf.no", lang) for x in flags]


def tables(name: str, part: object, lang: str, operators: Mapping[str, str]) -> dict[str, Table]:
    """Every table of one section, shaped for people; the page shows them and the workbook writes them.

    ``operators`` maps operator codes to names in ``lang`` (:func:`anning.enforcement.actions.operator_names`).
    Keys are stable table ids (``holders``, ``top_ports``, ``actions``, ``authority``, ``departments``,
    ``over_cap``, ``repeat``, ``scorecard``, ``history``); the chain has none.
    """
    if name == "takedowns":
        tv: enf.TakedownView = part  # type: ignore[assignment]
        holders = tv.by_holder.assign(
            holder=tv.by_holder.holder.fillna(t("enf.takedowns.no_holder", lang)),
            target_type=[enf.label_type(x, lang) for x in tv.by_holder.target_type],
        ).drop(columns="holder_key")
        top = tv.top_ports.assign(
            operator=[operators.get(o, o) for o in tv.top_ports.operator],
            shut=_yes_no(tv.top_ports.taken_at.notna(), lang),
            first_complaint_at=[fmt.timestamp(x) for x in tv.top_ports.first_complaint_at],
            taken_at=_date(tv.top_ports.taken_at),
        )[["rank", "port", "port_company", "operator", "complaints", "first_complaint_at", "taken_at", "shut"]]
        return {
            "holders": _display(holders, lang, {"takedowns": COUNT}),
            "top_ports": _display(top, lang, {"complaints": COUNT}),
        }
    if name == "penalties":
        pv: Penalties = part  # type: ignore[assignment]
        authority = pv.fine_summary.by_authority.assign(
            authority_type=[auth_.label_type(k, lang) for k in pv.fine_summary.by_authority.authority_type]
        )
        over = pv.over_cap.assign(
            target_role=[enf.label_role(r, lang) for r in pv.over_cap.target_role],
            decided_on=_date(pv.over_cap.decided_on),
        )
        money = {c: YUAN for c in ("fine_yuan", "illegal_gains_yuan", "cap_yuan", "excess_yuan", "fines_yuan")}
        return {
            "actions": Table(pv.matrix, {c: COUNT for c in pv.matrix.columns[1:]}),
            "authority": _display(authority, lang, {**money, "under_review_yuan": YUAN}),
            "departments": _display(pv.by_department, lang, money),
            "over_cap": _display(over, lang, {**money, "reason": WIDE}),
        }
    if name == "repeat":
        rv: Repeats = part  # type: ignore[assignment]
        rep = rv.repeat.assign(
            target_role=[enf.label_role(r, lang) for r in rv.repeat.target_role],
            escalated=_yes_no(rv.repeat.escalated, lang),
            outcome=[t(f"enf.outcome.{o}", lang) for o in rv.repeat.outcome],
        ).drop(columns=["dim", "key"])
        return {"repeat": _display(rep, lang, {"change": PCT, "before": RATE, "after": RATE, "path": WIDE})}
    if name == "mvno":
        card: enf.Scorecard = part  # type: ignore[assignment]
        marks = {
            "pass": "✓ " + t("enf.test.pass", lang),
            "fail": "✗ " + t("enf.test.fail", lang),
            "unknown": "? " + t("enf.test.unknown", lang),
        }
        cols = ["name", "status", "lawful", "real_name_ok", "response", "reasons", "complaints", "rate"]
        cols += ["fraud_share", "numbers_shut", "actions", "subscribers", "host"]
        sc = card.table.assign(
            status=[t(f"enf.status.{s}", lang) for s in card.table.status],
            lawful=[marks[x] for x in card.table.lawful],
            real_name_ok=[marks[x] for x in card.table.real_name_ok],
            response=[marks[x] for x in card.table.response],
        )[cols]
        fmts = {"complaints": COUNT, "rate": RATE, "fraud_share": PCT, "numbers_shut": COUNT, "actions": COUNT}
        history = card.history.drop(columns="code")
        return {
            "scorecard": _display(
                sc,
                lang,
                {**fmts, "subscribers": COUNT, "reasons": WIDE},
                ("name", "status", "lawful", "real_name_ok", "response", "reasons", "complaints", "rate"),
            ),
            "history": _display(history, lang, fmts),
        }
    return {}


def sheet_name(table_id: str, quarter: str, lang: str) -> str:
    """The workbook sheet of a table."""
    return t(f"enf.sheet.{table_id}", lang, quarter=quarter)


SHEETS = ("actions", "authority", "departments", "over_cap", "holders", "top_ports", "repeat", "scorecard", "history")
