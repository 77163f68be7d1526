"""Company profile: one company's chain from complaints to takedowns to penalties.

A company is keyed by its Unified Social Credit Code when the code is valid,
otherwise by ``n:`` + its normalised name (see ``docs/store.md``). Everything
here reads rollups and the small takedown and enforcement tables through named
queries, never raw complaints:

* complaints over time by channel and category (``r_company`` as a source
  company; ``r_rank`` for an SMS port company, whose complaints are those about
  messages sent through its ports);
* industries and operators involved (``r_company``; ``r_chain`` for port companies);
* takedowns: what it *held* (``takedowns.holder_key``, or its ports by
  ``r_ports.port_company_key``) and the ports it *used* that were shut
  (``r_company_ports``);
* every enforcement action against it (``enforcement.target_key``);
* the published lists it appeared on (:func:`appearances`, empty until the
  publications release adds ``published_list_entries``).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from anning.core import fmt, uscc
from anning.core.text import norm_name
from anning.i18n import t, terms
from anning.store import info, sql
from anning.store.info import QuerySource

LIST_COLUMNS = ("list_id", "version", "quarter", "published_at")
LISTS_TABLE = "published_list_entries"
# The named query the publications release adds to read LISTS_TABLE for one $company_key.
LISTS_QUERY = "company_appearances"
ROLES = ("source", "port")
SEARCH_LIMIT = 200


def resolve_key(text: str | None) -> str:
    """The store key for what a user or a link gave: a key, a credit code or a company name."""
    s = (text or "").strip()
    if not s:
        return ""
    if s.startswith("n:"):
        return s
    if uscc.is_valid(s.upper()):
        return s.upper()
    return "n:" + norm_name(s)


def search(src: QuerySource, text: str = "", limit: int = SEARCH_LIMIT) -> pd.DataFrame:
    """Companies whose name, key or credit code contains ``text``, most complained-about first.

    Columns ``key, name, company_id, complaints``.
    """
    return src.query("company_search", {"search": (text or "").strip(), "limit": int(limit)})


def option_label(name: object, code: object) -> str:
    """How a company appears in the picker: its name, with its credit code when it has one
    (so typing either into the searchable select box finds it)."""
    has_code = code is not None and not (isinstance(code, float) and math.isnan(code)) and str(code)
    return f"{name} · {code}" if has_code else str(name)


def key_text(key: str) -> str:
    """A key as people read it: a credit code as it is, a name key (``n:…``) as the name it was made from."""
    return key[2:] if key.startswith("n:") else key


def label_for(src: QuerySource, key: str) -> str:
    """The picker label of one key (its name and code), or the key's own text when the store does not name it."""
    ident = src.query("company_identity", {"company_key": key})
    if not len(ident):
        return key_text(key)
    return option_label(ident["name"].iloc[0], ident["company_id"].iloc[0])


@dataclass(frozen=True)
class Summary:
    """The headline numbers of a profile."""

    complaints: int  # as a source company
    port_complaints: int  # about messages through its ports
    first_quarter: str | None
    ports_shut: int
    numbers_shut: int
    lines_shut: int
    takedowns: int  # every takedown; more than the targets above when a target was shut in several quarters
    actions: int
    latest_action: str | None
    latest_fine: float | None
    latest_date: dt.date | None


@dataclass(frozen=True)
class Profile:
    """Everything the company page shows, as plain frames (see the module docstring for sources)."""

    key: str
    name: str | None
    company_id: str | None
    found: bool
    keys: tuple[str, ...]  # every key its records were matched under (see aliases)
    timeline: pd.DataFrame  # role, quarter, channel, category, complaints
    involved: pd.DataFrame  # role, dim, code, name_zh, name_en, kind, complaints
    takedowns: pd.DataFrame  # see queries/company_takedowns.sql
    enforcement: pd.DataFrame  # see queries/company_enforcement.sql
    lists: pd.DataFrame  # list_id, version, quarter, published_at
    lists_available: bool
    summary: Summary

    @property
    def roles(self) -> tuple[str, ...]:
        """The roles it has complaints in: ``source`` and/or ``port``."""
        present = set(self.timeline["role"]) if not self.timeline.empty else set()
        return tuple(r for r in ROLES if r in present)


def lists_available(src: QuerySource) -> bool:
    """Whether published lists exist in this store and a query to read them is installed."""
    return LISTS_QUERY in sql.registry() and info.has_table(src, LISTS_TABLE)


def appearances(src: QuerySource, key: str) -> pd.DataFrame:
    """The published lists the company appeared on: ``list_id, version, quarter, published_at``.

    The hook for the publications release: until its table ``published_list_entries``
    and its named query ``company_appearances`` (taking one ``$company_key`` and returning
    at least these columns) exist, this returns an empty frame with these columns. The
    query runs for each of the company's keys (:func:`aliases`).
    """
    if not key or not lists_available(src):
        return _no_lists()
    ident = src.query("company_identity", {"company_key": key})
    name = str(ident["name"].iloc[0]) if len(ident) and pd.notna(ident["name"].iloc[0]) else None
    return _read_lists(src, aliases(src, key, name) if len(ident) else (key,))


def _no_lists() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in LIST_COLUMNS})


def _read_lists(src: QuerySource, keys: tuple[str, ...]) -> pd.DataFrame:
    # The query takes one $company_key; a company recorded under two keys may be listed under either.
    frames = [df for df in (src.query(LISTS_QUERY, {"company_key": k}) for k in keys) if not df.empty]
    if not frames:
        return _no_lists()
    df = pd.concat(frames, ignore_index=True).drop_duplicates(subset=["list_id", "version"])
    df = df.sort_values(["quarter", "version"], ascending=False)
    extra = [c for c in df.columns if c not in LIST_COLUMNS]  # e.g. whether it is the current version
    return df.loc[:, [*LIST_COLUMNS, *extra]].reset_index(drop=True)


def aliases(src: QuerySource, key: str, name: str | None) -> tuple[str, ...]:
    """The keys the company's records may carry: its own, and the other half of a code/name pair.

    Takedowns name their holder without a credit code, and some complaints and
    cases omit it, so records of a coded company can sit under ``n:<its name>``;
    and a company opened by its name key may also have a coded key. The keys are
    merged only when at most one valid credit code goes with the name: with two,
    a name-keyed record cannot be attributed, and only ``key`` itself is used.
    """
    if not key:
        return ()
    name_key = "n:" + norm_name(name) if name else key
    df = src.query("company_aliases", {"company_key": key, "name_key": name_key})
    coded = {str(k) for k, c in zip(df["key"], df["company_id"], strict=True) if pd.notna(c)}
    if len(coded) > 1:
        return (key,)
    return (key, *sorted(str(k) for k in df["key"] if str(k) != key))


def profile(src: QuerySource, key: str) -> Profile:
    """Read one company's profile; ``found`` is False when the store has nothing under ``key``."""
    ident = src.query("company_identity", {"company_key": key})
    name = str(ident["name"].iloc[0]) if len(ident) and pd.notna(ident["name"].iloc[0]) else None
    code = str(ident["company_id"].iloc[0]) if len(ident) and pd.notna(ident["company_id"].iloc[0]) else None
    keys = aliases(src, key, name) if len(ident) else (key,)
    params = {"company_keys": list(keys)}
    timeline = src.query("company_timeline", params)
    involved = src.query("company_involved", params)
    takedowns = src.query("company_takedowns", params)
    enforcement = src.query("company_enforcement", params)
    lists_ok = lists_available(src)
    lists = _read_lists(src, keys) if lists_ok and key else _no_lists()
    if code is None:
        # Opened by its name key, but a coded key goes with the name: show the code.
        coded = [k for k in keys if not k.startswith("n:")]
        code = coded[0] if len(coded) == 1 else None
    found = bool(len(ident)) or not (timeline.empty and takedowns.empty and enforcement.empty)
    return Profile(
        key,
        name,
        code,
        found,
        keys,
        timeline,
        involved,
        takedowns,
        enforcement,
        lists,
        lists_ok,
        summarise(timeline, takedowns, enforcement),
    )


def summarise(timeline: pd.DataFrame, takedowns: pd.DataFrame, enforcement: pd.DataFrame) -> Summary:
    """Totals, distinct targets shut and the latest action, from the profile's frames."""

    def total(role: str) -> int:
        if timeline.empty:
            return 0
        return int(timeline.loc[timeline["role"] == role, "complaints"].sum())

    first = str(min(timeline["quarter"])) if not timeline.empty else None

    def shut(kind: str) -> int:
        if takedowns.empty:
            return 0
        return int(takedowns.loc[takedowns["target_type"] == kind, "target"].nunique())

    latest_action = latest_fine = latest_date = None
    if not enforcement.empty:
        last = enforcement.sort_values(["decided_on", "case_id"]).iloc[-1]
        latest_action = str(last["action"])
        fine = last["fine_yuan"]
        latest_fine = float(fine) if pd.notna(fine) else None
        latest_date = pd.Timestamp(last["decided_on"]).date() if pd.notna(last["decided_on"]) else None
    return Summary(
        total("source"),
        total("port"),
        first,
        shut("port"),
        shut("number"),
        shut("line"),
        len(takedowns),
        len(enforcement),
        latest_action,
        latest_fine,
        latest_date,
    )


def action_label(action: str, lang: str) -> str:
    """An enforcement action code in words."""
    return terms.action(action, lang) if action in terms.ACTIONS else action


def _counted(key: str, how_many: int, lang: str, **kwargs: object) -> str:
    """``key`` filled in, or its ``_one`` form (English singular) when ``how_many`` is 1."""
    return t(f"{key}_one" if how_many == 1 else key, lang, **kwargs)


def summary_sentence(p: Profile, lang: str) -> str:
    """The sentence the page opens with, e.g. "12,722 complaints since 2019Q1, 17 ports shut,
    33 enforcement actions, latest: fine ¥10,000 on 2026-09-05." Each clause states only what the data holds."""
    s = p.summary
    c = fmt.count
    parts: list[str] = []
    if s.complaints and s.port_complaints:
        parts.append(
            t(
                "company.summary_both",
                lang,
                complaints=c(s.complaints, lang),
                first=s.first_quarter,
                port_complaints=c(s.port_complaints, lang),
            )
        )
    elif s.complaints:
        parts.append(
            _counted(
                "company.summary_source", s.complaints, lang, complaints=c(s.complaints, lang), first=s.first_quarter
            )
        )
    elif s.port_complaints:
        parts.append(
            _counted(
                "company.summary_port",
                s.port_complaints,
                lang,
                complaints=c(s.port_complaints, lang),
                first=s.first_quarter,
            )
        )
    else:
        parts.append(t("company.summary_nothing", lang))
    parts.append(_counted("company.summary_ports", s.ports_shut, lang, n=c(s.ports_shut, lang)))
    if s.numbers_shut:
        parts.append(_counted("company.summary_numbers", s.numbers_shut, lang, n=c(s.numbers_shut, lang)))
    if s.lines_shut:
        parts.append(_counted("company.summary_lines", s.lines_shut, lang, n=c(s.lines_shut, lang)))
    if s.takedowns > s.ports_shut + s.numbers_shut + s.lines_shut:
        # The chart counts takedowns per quarter; without this the two read as a contradiction.
        parts.append(t("company.summary_repeat", lang, n=c(s.takedowns, lang)))
    if s.actions:
        parts.append(_counted("company.summary_actions", s.actions, lang, n=c(s.actions, lang)))
        if s.latest_action:
            what = (
                t("company.summary_fine", lang, amount=fmt.yuan(s.latest_fine, lang))
                if s.latest_action == "fine" and s.latest_fine is not None
                else terms.inline(action_label(s.latest_action, lang), lang)
            )
            date = s.latest_date.isoformat() if s.latest_date else "–"
            parts.append(t("company.summary_latest", lang, action=what, date=date))
    else:
        parts.append(t("company.summary_no_actions", lang))
    text = t("company.sep", lang).join(parts) + t("company.end", lang)
    return text[:1].upper() + text[1:] if lang == "en" else text


# --------------------------------------------------------------------------- display tables


def involved_table(p: Profile, dim: str, role: str, lang: str) -> pd.DataFrame:
    """Industries or operators of one role with count and share (percent), translated headers."""
    df = p.involved[(p.involved["role"] == role) & (p.involved["dim"] == dim)]
    total = df["complaints"].sum()
    names = df["name_zh"] if lang == "zh" else df["name_en"]
    out = pd.DataFrame(
        {
            t("company.col_name", lang): names.fillna(df["code"]).to_numpy(),
            t("company.col_complaints", lang): df["complaints"].astype("int64").to_numpy(),
            t("company.col_share", lang): (df["complaints"] / total * 100).round(1).to_numpy() if total else 0.0,
        }
    )
    if dim == "operator":
        out.insert(
            1,
            t("company.col_kind", lang),
            [terms.operator_kind(k, lang) if k in terms.OPERATOR_KINDS else "" for k in df["kind"]],
        )
    return out


def takedown_table(p: Profile, lang: str) -> pd.DataFrame:
    """The takedowns, newest first, with the complaints behind each and the days it took."""
    df = p.takedowns.sort_values(["taken_at", "takedown_id"], ascending=False)
    return pd.DataFrame(
        {
            t("company.col_taken_at", lang): pd.to_datetime(df["taken_at"]).dt.date.to_numpy(),
            t("company.col_target_type", lang): [
                terms.target(x, lang) if x in terms.TARGET_TYPES else x for x in df["target_type"]
            ],
            t("company.col_target", lang): df["target"].to_numpy(),
            t("company.col_relation", lang): [t(f"company.rel_{x}", lang) for x in df["relation"]],
            t("company.col_holder", lang): df["holder"].to_numpy(),
            t("company.col_operator", lang): (df["operator_zh"] if lang == "zh" else df["operator_en"])
            .fillna(df["operator"])
            .to_numpy(),
            t("company.col_quarter_complaints", lang): df["complaints"].astype("Int64").to_numpy(),
            t("company.col_first_complaint", lang): pd.to_datetime(df["first_complaint_at"]).dt.date.to_numpy(),
            t("company.col_days", lang): df["days_to_takedown"].astype("Int64").to_numpy(),
            t("company.col_reason", lang): df["reason"].to_numpy(),
        }
    )


def enforcement_table(p: Profile, lang: str) -> pd.DataFrame:
    """Enforcement actions, newest first."""
    df = p.enforcement.sort_values(["decided_on", "case_id"], ascending=False)
    return pd.DataFrame(
        {
            t("company.col_decided_on", lang): pd.to_datetime(df["decided_on"]).dt.date.to_numpy(),
            t("company.col_action", lang): [action_label(a, lang) for a in df["action"]],
            # Text, so that actions without a fine show blank rather than "None".
            t("company.col_fine", lang): [fmt.yuan(x, lang) if pd.notna(x) else "" for x in df["fine_yuan"]],
            t("company.col_over_cap", lang): df["over_cap"].fillna(False).astype(bool).to_numpy(),
            t("company.col_authority", lang): df["authority"].to_numpy(),
            t("company.col_reason", lang): df["reason"].to_numpy(),
            t("company.col_case_id", lang): df["case_id"].to_numpy(),
        }
    )


def lists_table(p: Profile, lang: str) -> pd.DataFrame:
    """The published lists, translated headers (``current``: whether that version is still the latest)."""
    from anning.i18n import TABLE

    return p.lists.rename(
        columns={c: t(f"company.col_{c}", lang) for c in p.lists.columns if f"company.col_{c}" in TABLE}
    )
