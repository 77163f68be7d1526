"""The exposure-list workflow: prepare → review → submit → approve → publish, and corrections.

State lives in the workflow file (``*.work.duckdb``, see ``docs/store.md``) and every
change goes through :func:`anning.store.db.write_work`, so it is atomic and serialised.

* **Prepare** (analyst, ``prepare_list``): the rules are applied and the candidates with
  their evidence are *snapshotted* into a draft; review happens on that snapshot, so what
  is approved is exactly what was reviewed, whatever is loaded meanwhile.
* **Review** (analyst): each candidate is included or excluded; an exclusion needs a reason
  (:data:`REASONS`; ``other`` needs a note). **Submit** locks the draft.
* **Approve** (``approve``): by someone other than the preparer. This is checked here,
  in the logic, not only in the UI (:class:`SelfApprovalError`). Approval records the
  content hash of what was approved; an approver can instead return the draft.
* **Publish** (``publish``): the approved draft, unchanged since approval, becomes an
  immutable version: the whole record (rules, every candidate with its evidence and
  decision, preparer, approver, publisher, timestamps) as canonical JSON plus its SHA-256.
  Published rows are only ever inserted.
* **Correct**: a new draft from the latest published version (decisions and evidence
  carried over, a note saying why), reviewed and approved like any other; publishing it
  adds version n+1 that names the version it supersedes. Both stay visible.

Everything a user can export from a published version is built by :mod:`anning.publish.list_exports`
from the frozen record alone.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from anning.core import auth, frozen, quarters
from anning.core.escape import visible_text
from anning.enforcement import exposure
from anning.publish import records
from anning.store import db as store
from anning.store import info, sql
from anning.store.info import QuerySource

PREFIX = "EXP"
FORMAT = "anning.exposure_list/1"
REASONS = ("appeal", "attribution", "rectified", "insufficient", "other")
OPEN = ("draft", "submitted", "approved")


# The one workflow error of the publications (a step refused in the current state, a tampered record).
WorkflowError = records.WorkflowError


class NotAllowedError(PermissionError):
    """The user's role may not take this step."""


class SelfApprovalError(NotAllowedError):
    """The approver prepared the list: the four-eyes rule refuses it."""


def typed_note(note: str) -> str:
    """A note as typed into a review, a correction or a return, as it is kept and published.

    Control, bidirectional and invisible characters are dropped and line breaks become spaces
    (:func:`anning.core.escape.visible_text`): a note goes into the public list's CSV and XLSX, where a
    line break would start a row of its own (a formula, to a spreadsheet) and a control character makes
    the workbook unwritable.
    """
    return visible_text(note).strip()


@dataclass(frozen=True)
class Decision:
    """One candidate's review outcome."""

    include: bool = True
    reason: str = ""
    note: str = ""

    def problem(self) -> str | None:
        """Why this decision cannot be submitted (an i18n key), or None."""
        if self.include:
            return None
        if self.reason not in REASONS:
            return "pub.err.reason_required"
        if self.reason == "other" and not typed_note(self.note):
            return "pub.err.note_required"
        return None

    def as_dict(self) -> dict[str, Any]:
        """Plain values for the record."""
        return {
            "include": bool(self.include),
            "reason": "" if self.include else self.reason,
            "note": typed_note(self.note),
        }


@dataclass(frozen=True)
class Draft:
    """A list being prepared, reviewed or approved."""

    draft_id: str
    list_id: str
    quarter: str
    base_version: int | None
    status: str
    rules: exposure.Rules
    candidates: tuple[dict[str, Any], ...]
    decisions: dict[str, Decision]
    context: dict[str, Any]
    note: str
    prepared_by: str
    prepared_at: str
    submitted_at: str | None = None
    approved_by: str | None = None
    approved_at: str | None = None
    approved_hash: str | None = None
    returned_note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def decision(self, key: str) -> Decision:
        """The decision for a candidate (included until decided otherwise)."""
        return self.decisions.get(key, Decision())

    def problems(self) -> list[tuple[str, str]]:
        """``(company key, i18n key)`` for every decision that cannot be submitted."""
        out = []
        for c in self.candidates:
            p = self.decision(c["key"]).problem()
            if p:
                out.append((c["key"], p))
        return out

    def review_hash(self) -> str:
        """The hash of what is being approved: rules, candidates with evidence, decisions."""
        return frozen.content_hash(
            {
                "rules": self.rules.as_dict(),
                "candidates": list(self.candidates),
                "decisions": {k: d.as_dict() for k, d in sorted(self.decisions.items())},
                "base_version": self.base_version,
                "note": self.note,
            }
        )

    @property
    def included(self) -> int:
        """How many candidates are included."""
        return sum(1 for c in self.candidates if self.decision(c["key"]).include)


def list_id_for(quarter: str) -> str:
    """The id of a quarter's exposure list (one list per quarter, in versions)."""
    return f"{PREFIX}-{quarters.label(*quarters.parse(quarter))}"


def _require(user: auth.User, action: str) -> None:
    if user is None or not auth.can(user.role, action):
        raise NotAllowedError(f"{getattr(user, 'name', '?')} ({getattr(user, 'role', '?')}) may not {action}")


# --------------------------------------------------------------------------------------------- reading


def _draft_from_row(row: Mapping[str, Any]) -> Draft:
    def ts(v: Any) -> str | None:
        return None if v is None or pd.isna(v) else frozen.parse_ts(pd.Timestamp(v).to_pydatetime()).isoformat()

    decisions = {k: Decision(**v) for k, v in json.loads(row["decisions"] or "{}").items()}
    base = row["base_version"]
    return Draft(
        draft_id=str(row["draft_id"]),
        list_id=str(row["list_id"]),
        quarter=str(row["quarter"]),
        base_version=None if base is None or pd.isna(base) else int(base),
        status=str(row["status"]),
        rules=exposure.Rules.from_dict(json.loads(row["rules"])),
        candidates=tuple(json.loads(row["candidates"])),
        decisions=decisions,
        context=json.loads(row["context"] or "{}"),
        note=str(row["note"] or ""),
        prepared_by=str(row["prepared_by"]),
        prepared_at=ts(row["prepared_at"]) or "",
        submitted_at=ts(row["submitted_at"]),
        approved_by=None if pd.isna(row["approved_by"]) else row["approved_by"],
        approved_at=ts(row["approved_at"]),
        approved_hash=None if pd.isna(row["approved_hash"]) else str(row["approved_hash"]),
        returned_note=None if pd.isna(row["returned_note"]) else str(row["returned_note"]),
    )


def open_drafts(src: QuerySource) -> list[Draft]:
    """Drafts not yet published or discarded, newest first."""
    if not info.has_table(src, "list_drafts"):
        return []
    df = src.query("list_drafts_open")
    return [_draft_from_row(r) for r in df.to_dict("records")]


def open_draft(src: QuerySource, list_id: str) -> Draft | None:
    """The open draft of a list, if any (there is at most one)."""
    return next((d for d in open_drafts(src) if d.list_id == list_id), None)


def versions(src: QuerySource, list_id: str | None = None) -> pd.DataFrame:
    """Published versions, newest first (see ``queries/list_versions_all.sql``)."""
    df = info.query_if_table(src, "list_versions_all", "list_versions")
    return df[df["list_id"] == list_id].reset_index(drop=True) if list_id else df


def record(src: QuerySource, list_id: str, version: int) -> tuple[dict[str, Any], str]:
    """A published version's frozen record and content hash, checked: a record that no longer
    matches its hash raises (the file was tampered with)."""
    return records.verified(
        src, "list_version_record", {"list_id": list_id, "version": int(version)}, f"version {version} of {list_id}"
    )


# --------------------------------------------------------------------------------------------- workflow rules

# The workflow's steps, in the order the page lays out their buttons.
STEPS = ("save", "submit", "approve", "return", "publish", "discard")


@dataclass(frozen=True)
class Step:
    """A step a user may be offered on a draft: ``enabled`` or not, and if not, why (an i18n key)."""

    step: str
    enabled: bool = True
    why: str | None = None


def steps(status: str, role: str | None, *, own: bool, changed: bool, problems: int) -> dict[str, Step]:
    """The status x role matrix: which steps to offer on a draft, and which of them are enabled.

    ``own``: the user prepared the draft (four eyes: they may not approve or publish it). ``changed``: the
    review has unsaved edits (save first, then submit). ``problems``: exclusions that still lack a reason.
    A step not offered is absent; the functions below enforce the same rules whatever the page shows.
    """
    out: dict[str, Step] = {}
    if status == "draft" and auth.can(role, "prepare_list"):
        out["save"] = Step("save", changed, None if changed else "pub.page.nothing_to_save")
        why = "pub.page.save_first" if changed else ("pub.page.problems_first" if problems else None)
        out["submit"] = Step("submit", why is None, why)
    if status == "submitted" and auth.can(role, "approve"):
        out["approve"] = Step("approve", not own, "pub.page.self_approval" if own else None)
    if status in ("submitted", "approved") and auth.can(role, "approve"):
        out["return"] = Step("return")
    if status == "approved" and auth.can(role, "publish"):
        out["publish"] = Step("publish", not own, "pub.page.self_approval" if own else None)
    if status in OPEN and auth.can(role, "prepare_list"):
        out["discard"] = Step("discard")
    return {k: out[k] for k in STEPS if k in out}


def decisions_from(rows: Mapping[Any, Mapping[str, Any]]) -> dict[str, Decision]:
    """Decisions from the review table as edited: ``{company key: {"include", "reason", "note"}}`` (codes,
    never translated labels). An included row carries no reason; a blank or missing cell is empty."""

    def text(v: Any) -> str:
        return "" if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA else str(v)

    out = {}
    for key, row in rows.items():
        include = bool(row.get("include", True))
        out[str(key)] = Decision(include, "" if include else text(row.get("reason")), typed_note(text(row.get("note"))))
    return out


def editable(status: str, role: str | None) -> bool:
    """Whether the review (include, reason, note) can be edited: a draft, by a role that prepares lists."""
    return status == "draft" and auth.can(role, "prepare_list")


# --------------------------------------------------------------------------------------------- writing


def _fetch_draft(con: duckdb.DuckDBPyConnection, draft_id: str) -> Draft:
    df = sql.run(con, "list_draft_get", {"draft_id": draft_id})
    if df.empty:
        raise WorkflowError(f"no draft {draft_id}")
    return _draft_from_row(df.iloc[0].to_dict())


def _state(con: duckdb.DuckDBPyConnection, list_id: str) -> dict[str, Any]:
    """``latest_version`` (None if unpublished), ``latest_hash``, ``open_drafts``, ``all_drafts``."""
    row = sql.run(con, "list_state", {"list_id": list_id}).iloc[0]
    latest = None if pd.isna(row["latest_version"]) else int(row["latest_version"])
    return {
        "latest_version": latest,
        "latest_hash": None if latest is None else str(row["latest_hash"]),
        "open_drafts": int(row["open_drafts"]),
        "all_drafts": int(row["all_drafts"]),
    }


def _latest_version(con: duckdb.DuckDBPyConnection, list_id: str) -> int | None:
    return _state(con, list_id)["latest_version"]


def _open_exists(con: duckdb.DuckDBPyConnection, list_id: str) -> bool:
    return _state(con, list_id)["open_drafts"] > 0


def _new_draft_id(con: duckdb.DuckDBPyConnection, list_id: str) -> str:
    return f"{list_id}-D{_state(con, list_id)['all_drafts'] + 1}"


def _insert_draft(con: duckdb.DuckDBPyConnection, d: Draft) -> None:
    sql.execute(
        con,
        "list_draft_insert",
        {
            "draft_id": d.draft_id,
            "list_id": d.list_id,
            "quarter": d.quarter,
            "base_version": d.base_version,
            "rules": json.dumps(d.rules.as_dict(), sort_keys=True),
            "candidates": _json(list(d.candidates)),
            "decisions": _json({k: v.as_dict() for k, v in d.decisions.items()}),
            "context": _json(d.context),
            "note": d.note,
            "prepared_by": d.prepared_by,
            "prepared_at": frozen.parse_ts(d.prepared_at),
        },
    )


def _update_draft(con: duckdb.DuckDBPyConnection, d: Draft, changes: Mapping[str, Any]) -> None:
    """Write a draft's workflow columns: its current values with ``changes`` laid over them."""

    def ts(v: str | None) -> Any:
        return None if v is None else frozen.parse_ts(v)

    values = {
        "status": d.status,
        "decisions": _json({k: v.as_dict() for k, v in d.decisions.items()}),
        "submitted_at": ts(d.submitted_at),
        "approved_by": d.approved_by,
        "approved_at": ts(d.approved_at),
        "approved_hash": d.approved_hash,
        "returned_note": d.returned_note,
        "updated_at": frozen.utc_now(),
    }
    unknown = set(changes) - set(values)
    if unknown:
        raise ValueError(f"not updatable: {', '.join(sorted(unknown))}")
    sql.execute(con, "list_draft_update", {**values, **changes, "draft_id": d.draft_id})


def _json(obj: Any) -> str:
    return frozen.canonical(obj).decode("utf-8")


def _audit(con: duckdb.DuckDBPyConnection, user: str, action: str, detail: Mapping[str, Any]) -> None:
    sql.execute(
        con,
        "audit_append",
        {"user": user, "action": action, "detail": json.dumps(dict(detail), ensure_ascii=False, default=str)},
    )


def context_of(src: QuerySource) -> dict[str, Any]:
    """What the record says about the data it was prepared from."""
    si = info.store_info(src)
    return {
        "data_as_of": si.data_as_of.isoformat() if si.data_as_of else None,
        "demo": bool(si.demo),
        "data_version": si.version,
        "batches": si.batches,
    }


def prepare(
    db: Path, src: QuerySource, quarter: str, rules: exposure.Rules, user: auth.User, *, now: str | None = None
) -> Draft:
    """Apply the rules and open a draft for the quarter's list (every candidate included at first).

    Only candidates with a valid credit code go on the draft; the others are kept in the draft's context as
    ``unidentified`` (the "needs identification" bucket, each with its reason). Refused when no company
    with a credit code meets the rules, when the list already has an open draft, or when it is published
    (correct it instead).
    """
    _require(user, "prepare_list")
    rules = rules.validated()
    quarter = quarters.label(*quarters.parse(quarter))
    list_id = list_id_for(quarter)
    named, held = exposure.split(exposure.candidates(src, quarter, rules))
    if named.empty:
        raise WorkflowError(f"no company with a valid credit code meets these rules in {quarter}; relax them")
    candidates = tuple(frozen.plain(r) for r in named.to_dict("records"))
    ctx = {**context_of(src), "unidentified": [frozen.plain(r) for r in held.to_dict("records")]}
    at = now or frozen.utc_now().isoformat()

    def _write(con: duckdb.DuckDBPyConnection) -> Draft:
        if _open_exists(con, list_id):
            raise WorkflowError(f"{list_id} already has a draft under review")
        if _latest_version(con, list_id) is not None:
            raise WorkflowError(f"{list_id} is published; start a correction instead")
        d = Draft(
            _new_draft_id(con, list_id), list_id, quarter, None, "draft", rules, candidates, {}, ctx, "", user.name, at
        )
        _insert_draft(con, d)
        _audit(con, user.name, "list_prepare", {"draft": d.draft_id, "candidates": len(candidates)})
        return d

    return store.write_work(db, _write)


def start_correction(
    db: Path, src: QuerySource, list_id: str, user: auth.User, note: str, *, now: str | None = None
) -> Draft:
    """Open a correction draft from the latest published version; ``note`` says why (required)."""
    _require(user, "prepare_list")
    note = typed_note(note)
    if not note:
        raise WorkflowError("a correction needs a note saying why")
    latest = versions(src, list_id)
    if latest.empty:
        raise WorkflowError(f"{list_id} has no published version to correct")
    base = int(latest["version"].max())
    rec, _ = record(src, list_id, base)
    at = now or frozen.utc_now().isoformat()
    decisions = {c["key"]: Decision(**c["decision"]) for c in rec["candidates"]}
    candidates = tuple({k: v for k, v in c.items() if k != "decision"} for c in rec["candidates"])

    def _write(con: duckdb.DuckDBPyConnection) -> Draft:
        if _open_exists(con, list_id):
            raise WorkflowError(f"{list_id} already has a draft under review")
        if _latest_version(con, list_id) != base:
            raise WorkflowError(f"{list_id} changed meanwhile; reload")
        d = Draft(
            _new_draft_id(con, list_id),
            list_id,
            rec["quarter"],
            base,
            "draft",
            exposure.Rules.from_dict(rec["rules"]),
            candidates,
            decisions,
            dict(rec["context"]),
            note,
            user.name,
            at,
        )
        _insert_draft(con, d)
        _audit(con, user.name, "list_correct", {"draft": d.draft_id, "base_version": base})
        return d

    return store.write_work(db, _write)


def _transition(
    db: Path,
    draft_id: str,
    user: auth.User,
    step: str,
    check: Any,
    assignments: Mapping[str, Any],
    audit_detail: Mapping[str, Any] | None = None,
) -> Draft:
    """Check the draft under the writer lock, then update its workflow columns (drafts only; never a version)."""

    def _write(con: duckdb.DuckDBPyConnection) -> Draft:
        d = _fetch_draft(con, draft_id)
        check(d)
        _update_draft(con, d, dict(assignments(d) if callable(assignments) else assignments))
        _audit(con, user.name, f"list_{step}", {"draft": draft_id, **(audit_detail or {})})
        return _fetch_draft(con, draft_id)

    return store.write_work(db, _write)


def save_decisions(db: Path, draft_id: str, decisions: Mapping[str, Decision], user: auth.User) -> Draft:
    """Store the review (only while the draft is a draft; unknown companies are refused)."""
    _require(user, "prepare_list")

    def check(d: Draft) -> None:
        if d.status != "draft":
            raise WorkflowError(f"{draft_id} is {d.status}; only a draft can be edited")
        unknown = set(decisions) - {c["key"] for c in d.candidates}
        if unknown:
            raise WorkflowError(f"not candidates of {draft_id}: {', '.join(sorted(unknown))}")

    payload = _json({k: v.as_dict() for k, v in decisions.items()})
    return _transition(
        db,
        draft_id,
        user,
        "review",
        check,
        {"decisions": payload, "updated_at": frozen.utc_now()},
        {"excluded": sum(1 for v in decisions.values() if not v.include)},
    )


def submit(db: Path, draft_id: str, user: auth.User) -> Draft:
    """Lock the review and ask for approval: every exclusion must carry its reason."""
    _require(user, "prepare_list")

    def check(d: Draft) -> None:
        if d.status != "draft":
            raise WorkflowError(f"{draft_id} is {d.status}, not a draft")
        if d.problems():
            raise WorkflowError(f"{len(d.problems())} exclusions need a reason")

    now = frozen.utc_now()
    return _transition(
        db,
        draft_id,
        user,
        "submit",
        check,
        {"status": "submitted", "submitted_at": now, "returned_note": None, "updated_at": now},
    )


def return_draft(db: Path, draft_id: str, user: auth.User, note: str) -> Draft:
    """Send a submitted draft back to the preparer with a note (approver)."""
    _require(user, "approve")

    def check(d: Draft) -> None:
        if d.status not in ("submitted", "approved"):
            raise WorkflowError(f"{draft_id} is {d.status}; only a submitted draft can be returned")

    now = frozen.utc_now()
    return _transition(
        db,
        draft_id,
        user,
        "return",
        check,
        {
            "status": "draft",
            "returned_note": typed_note(note) or "-",
            "approved_by": None,
            "approved_at": None,
            "approved_hash": None,
            "updated_at": now,
        },
    )


def approve(db: Path, draft_id: str, user: auth.User, *, now: str | None = None) -> Draft:
    """Approve a submitted draft. The approver must not be its preparer (four eyes)."""
    _require(user, "approve")
    at = frozen.parse_ts(now) if now else frozen.utc_now()

    def check(d: Draft) -> None:
        if auth.same_user(d.prepared_by, user.name):  # case and spaces do not make another person
            raise SelfApprovalError(f"{user.name} prepared {draft_id} and may not approve it")
        if d.status != "submitted":
            raise WorkflowError(f"{draft_id} is {d.status}; only a submitted draft can be approved")

    def values(d: Draft) -> dict[str, Any]:
        return {
            "status": "approved",
            "approved_by": user.name,
            "approved_at": at,
            "approved_hash": d.review_hash(),
            "updated_at": at,
        }

    return _transition(db, draft_id, user, "approve", check, values)


def discard(db: Path, draft_id: str, user: auth.User) -> Draft:
    """Abandon an unpublished draft (the preparer's side)."""
    _require(user, "prepare_list")

    def check(d: Draft) -> None:
        if d.status not in OPEN:
            raise WorkflowError(f"{draft_id} is {d.status}")

    return _transition(db, draft_id, user, "discard", check, {"status": "discarded", "updated_at": frozen.utc_now()})


def build_record(
    d: Draft, version: int, supersedes: dict[str, Any] | None, published_by: str, published_at: str
) -> dict[str, Any]:
    """The frozen record of a version: everything needed to reproduce every export of it."""
    cands = []
    for c in d.candidates:
        cands.append({**c, "decision": d.decision(c["key"]).as_dict()})
    return frozen.plain(
        {
            "format": FORMAT,
            "list_id": d.list_id,
            "version": version,
            "quarter": d.quarter,
            "supersedes": supersedes,
            "correction_note": d.note,
            "rules": d.rules.as_dict(),
            "context": d.context,
            "candidates": cands,
            "prepared_by": d.prepared_by,
            "prepared_at": d.prepared_at,
            "approved_by": d.approved_by,
            "approved_at": d.approved_at,
            "approved_hash": d.approved_hash,
            "published_by": published_by,
            "published_at": published_at,
        }
    )


@dataclass(frozen=True)
class Published:
    """What :func:`publish` created."""

    list_id: str
    version: int
    content_hash: str
    record: dict[str, Any]


def publish(db: Path, draft_id: str, user: auth.User, *, now: str | None = None) -> Published:
    """Freeze an approved draft as the list's next version (immutable from then on)."""
    _require(user, "publish")
    at = (frozen.parse_ts(now) if now else frozen.utc_now()).isoformat()

    def _write(con: duckdb.DuckDBPyConnection) -> Published:
        d = _fetch_draft(con, draft_id)
        if d.status != "approved":
            raise WorkflowError(f"{draft_id} is {d.status}; only an approved draft can be published")
        if auth.same_user(d.prepared_by, user.name):  # case and spaces do not make another person
            raise SelfApprovalError(f"{user.name} prepared {draft_id} and may not publish it")
        if d.review_hash() != d.approved_hash:
            raise WorkflowError(f"{draft_id} changed after it was approved; approve it again")
        state = _state(con, d.list_id)
        latest = state["latest_version"]
        if latest != d.base_version:
            raise WorkflowError(f"{d.list_id} has version {latest} now; this draft was based on {d.base_version}")
        version = (latest or 0) + 1
        supersedes = None if latest is None else {"version": latest, "content_hash": state["latest_hash"]}
        rec = build_record(d, version, supersedes, user.name, at)
        h = frozen.content_hash(rec)
        when = frozen.parse_ts(at)
        sql.execute(
            con,
            "list_version_insert",
            {
                "list_id": d.list_id,
                "version": version,
                "quarter": d.quarter,
                "supersedes": latest,
                "record": _json(rec),
                "content_hash": h,
                "prepared_by": d.prepared_by,
                "approved_by": d.approved_by,
                "published_by": user.name,
                "published_at": when,
            },
        )
        for c in rec["candidates"]:
            sql.execute(
                con,
                "list_entry_insert",
                {
                    "list_id": d.list_id,
                    "version": version,
                    "quarter": d.quarter,
                    "company_key": c["key"],
                    "name": c["name"],
                    "included": c["decision"]["include"],
                    "reason": c["decision"]["reason"],
                    "published_at": when,
                },
            )
        _update_draft(con, d, {"status": "published", "updated_at": when})
        _audit(con, user.name, "list_publish", {"list": d.list_id, "version": version, "hash": h})
        return Published(d.list_id, version, h, rec)

    return store.write_work(db, _write)


def included(rec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The candidates a record names (included), in list order."""
    return [c for c in rec["candidates"] if c["decision"]["include"]]


def current_version(src: QuerySource, quarter: str) -> tuple[dict[str, Any], str] | None:
    """The latest published version of a quarter's list, or None."""
    v = versions(src, list_id_for(quarter))
    if v.empty:
        return None
    return record(src, list_id_for(quarter), int(v["version"].max()))
