"""Lead referrals (线索移交): a quarter's complaint leads, grouped by the department that supervises
each industry, one file per department, every batch recorded in the store.

A *lead* is a complaint of the quarter attributed to a source company whose industry another
department supervises (``ref_industry.department_code`` not empty and not ``miit``): the market
regulator, the education ministry, public security, the financial regulator, the housing
ministry and so on. In the demo data, 2020's leads prepared quarter by quarter give the
bulletin's figure: 4 batches, 38,000 leads.

* :func:`prepare` (analyst, ``prepare_referral``) reads the quarter's leads in one query, builds
  one XLSX per department (lead rows, complaints per company, top sender numbers, notes), and
  records the batch (id, quarter, totals, hash) and each file (department, rows, companies,
  the SHA-256 of its rows and of the file) in the workflow file. A quarter is referred once,
  and only when its data is complete.
* :func:`department_file` rebuilds a recorded file for download and says whether it still
  matches the recorded hash (a later load may have replaced rows of that quarter).

Complainant data never reaches a file: the store holds none (the loader drops it), the lead
query selects named columns only, and a test greps every file for complainant numbers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from anning.core import auth, frozen, quarters
from anning.enforcement import exposure
from anning.i18n import name_column, t, terms
from anning.publish import exports
from anning.store import db as store
from anning.store import info, reference, sql
from anning.store.info import QuerySource

PREFIX = "REF"
TOP_SENDERS = 50
# The regulator's published comparison figure (2020): lead batches and leads referred that year.
BULLETIN_2020 = {"year": 2020, "batches": 4, "leads": 38_000}


class ReferralError(ValueError):
    """A batch that cannot be prepared (a user error)."""


def batch_id_for(quarter: str) -> str:
    """One batch per quarter: ``REF-2020Q1``."""
    return f"{PREFIX}-{quarters.label(*quarters.parse(quarter))}"


def department_name(code: str, lang: str) -> str:
    """A department's name from the reference table (the code when unknown)."""
    dep = reference.table("department")
    row = dep[dep["code"] == code]
    return str(row.iloc[0][name_column(lang)]) if len(row) else code


@dataclass(frozen=True)
class DepartmentFile:
    """One department's file of a batch."""

    department_code: str
    file_name: str
    leads: int
    companies: int
    rows_hash: str
    content_hash: str
    data: bytes


@dataclass(frozen=True)
class Batch:
    """A prepared batch: its record and the files (so the UI can offer them at once)."""

    batch_id: str
    quarter: str
    leads: int
    companies: int
    content_hash: str
    prepared_by: str
    prepared_at: str
    files: tuple[DepartmentFile, ...]


# --------------------------------------------------------------------------------------------- files


def _names(table: str, key: str, lang: str) -> dict[str, str]:
    """Code -> display name from a shipped reference table (industries, operators, provinces)."""
    ref = reference.table(table)
    return dict(zip(ref[key], ref[name_column(lang)], strict=True))


def _lead_table(leads: pd.DataFrame, lang: str) -> pd.DataFrame:
    ind = _names("industry", "code", lang)
    ops = _names("operator", "code", lang)
    prov = _names("province", "adcode", lang)
    return pd.DataFrame(
        {
            t("ref.col.complaint_id", lang): leads["complaint_id"].astype(str),
            t("ref.col.received_at", lang): pd.to_datetime(leads["received_at"]).dt.strftime("%Y-%m-%d %H:%M:%S"),
            t("ref.col.channel", lang): [terms.channel(c, lang) for c in leads["channel"]],
            t("ref.col.category", lang): [terms.category(c, lang) for c in leads["category"]],
            t("ref.col.industry", lang): [ind.get(c, c) for c in leads["industry"]],
            t("ref.col.company", lang): leads["company"].fillna("").astype(str),
            t("ref.col.company_id", lang): leads["company_id"].fillna("").astype(str),
            t("ref.col.sender", lang): leads["sender_number"].fillna("").astype(str),
            t("ref.col.port", lang): leads["port"].fillna("").astype(str),
            t("ref.col.port_company", lang): leads["port_company"].fillna("").astype(str),
            t("ref.col.operator", lang): [ops.get(c, c) if isinstance(c, str) else "" for c in leads["operator"]],
            t("ref.col.province", lang): [prov.get(c, c) if isinstance(c, str) else "" for c in leads["province"]],
            t("ref.col.count", lang): leads["count"].astype("int64"),
        }
    )


def _company_table(leads: pd.DataFrame, lang: str) -> pd.DataFrame:
    g = (
        leads.assign(company=leads["company"].fillna(""), company_id=leads["company_id"].fillna(""))
        .groupby("company_key", as_index=False)
        .agg(
            company=("company", "first"),
            company_id=("company_id", "first"),
            industry=("industry", "first"),
            leads=("complaint_id", "size"),
            complaints=("count", "sum"),
            first=("received_at", "min"),
            last=("received_at", "max"),
        )
    )
    g = g.sort_values(["leads", "company_key"], ascending=[False, True])
    return pd.DataFrame(
        {
            t("ref.col.company", lang): g["company"].astype(str),
            t("ref.col.company_id", lang): g["company_id"].astype(str),
            t("ref.col.industry", lang): [exposure.industry_name(c, lang) for c in g["industry"]],
            t("ref.col.leads", lang): g["leads"].astype("int64"),
            t("ref.col.complaints", lang): g["complaints"].astype("int64"),
            t("ref.col.first", lang): pd.to_datetime(g["first"]).dt.strftime("%Y-%m-%d"),
            t("ref.col.last", lang): pd.to_datetime(g["last"]).dt.strftime("%Y-%m-%d"),
        }
    )


def _sender_table(leads: pd.DataFrame, lang: str) -> pd.DataFrame:
    s = leads[leads["sender_number"].notna()]
    g = s.groupby("sender_number", as_index=False).agg(
        company=("company", "first"), leads=("complaint_id", "size"), complaints=("count", "sum")
    )
    g = g.sort_values(["leads", "sender_number"], ascending=[False, True]).head(TOP_SENDERS)
    return pd.DataFrame(
        {
            t("ref.col.sender", lang): g["sender_number"].astype(str),
            t("ref.col.company", lang): g["company"].fillna("").astype(str),
            t("ref.col.leads", lang): g["leads"].astype("int64"),
            t("ref.col.complaints", lang): g["complaints"].astype("int64"),
        }
    )


def rows_hash(leads: pd.DataFrame) -> str:
    """SHA-256 of a department's lead rows (canonical JSON, in order): the data the file carries."""
    cols = [
        "complaint_id",
        "received_at",
        "channel",
        "category",
        "industry",
        "company",
        "company_id",
        "sender_number",
        "port",
        "port_company",
        "operator",
        "province",
        "count",
    ]
    return frozen.content_hash(frozen.frame_to_json(leads[cols].astype(object)))


def build_file(
    batch_id: str,
    quarter: str,
    code: str,
    leads: pd.DataFrame,
    *,
    demo: bool,
    lang: str,
    prepared_by: str,
    prepared_at: str,
) -> DepartmentFile:
    """One department's XLSX: lead rows, complaints per company, top sender numbers, notes."""
    h = rows_hash(leads)
    notes = [
        t("ref.note.batch", lang, batch=batch_id, quarter=quarter, department=department_name(code, lang)),
        t("ref.note.rows", lang, leads=f"{len(leads):,}", companies=f"{leads['company_key'].nunique():,}"),
        t("ref.note.definition", lang),
        t("ref.note.no_personal", lang),
        t("ref.note.prepared", lang, by=prepared_by, at=prepared_at),
        t("pub.hash_line", lang, hash=h),
    ]
    sheets = {
        t("ref.sheet.leads", lang): _lead_table(leads, lang),
        t("ref.sheet.companies", lang): _company_table(leads, lang),
        t("ref.sheet.senders", lang): _sender_table(leads, lang),
    }
    data = exports.xlsx_bytes(
        sheets,
        demo=demo,
        lang=lang,
        notes=notes,
        notes_title=t("pub.doc.notes", lang),
        timestamp=frozen.parse_ts(prepared_at),
    )
    name = f"{batch_id}_{code}.xlsx"
    return DepartmentFile(code, name, len(leads), int(leads["company_key"].nunique()), h, frozen.sha256(data), data)


# --------------------------------------------------------------------------------------------- batches


def prepare(
    db: Path,
    src: QuerySource,
    quarter: str,
    user: auth.User,
    *,
    lang: str = "zh",
    today: dt.date | None = None,
    now: str | None = None,
) -> Batch:
    """Prepare and record the quarter's batch (see the module docstring)."""
    if user is None or not auth.can(user.role, "prepare_referral"):
        raise PermissionError(f"{getattr(user, 'name', '?')} may not prepare referrals")
    q = quarters.label(*quarters.parse(quarter))
    si = info.store_info(src, today)
    if si.rollups_only:
        raise ReferralError(
            "this store serves rollups computed elsewhere and holds no individual complaints; "
            "prepare referrals on the loader's store (docs/scale-out.md)"
        )
    if q not in si.quarters:
        raise ReferralError(f"no complaints loaded for {q}")
    if not si.is_complete(q):
        raise ReferralError(f"{q} is not complete (data to {si.data_as_of}); refer a quarter once it is over")
    bid = batch_id_for(q)
    if info.has_table(src, "referral_batches") and not batches(src).query("batch_id == @bid").empty:
        raise ReferralError(f"{q} was already referred in batch {bid}")
    at = (frozen.parse_ts(now) if now else frozen.utc_now()).isoformat()
    leads = src.query("referral_leads", {"quarter": q})
    if leads.empty:
        raise ReferralError(f"no leads in {q}")
    files = tuple(
        build_file(
            bid,
            q,
            str(code),
            grp.reset_index(drop=True),
            demo=si.demo,
            lang=lang,
            prepared_by=user.name,
            prepared_at=at,
        )
        for code, grp in leads.groupby("department_code", sort=True)
    )
    summary = {
        "batch_id": bid,
        "quarter": q,
        "files": [
            {"department": f.department_code, "leads": f.leads, "companies": f.companies, "rows_hash": f.rows_hash}
            for f in files
        ],
    }
    h = frozen.content_hash(summary)
    context = {"data_as_of": str(si.data_as_of), "demo": si.demo, "lang": lang, "data_version": si.version}
    companies = int(leads["company_key"].nunique())

    def _write(con: duckdb.DuckDBPyConnection) -> None:
        done = sql.run(con, "referral_batches_all")
        if bid in set(done["batch_id"]):
            raise ReferralError(f"{q} was already referred in batch {bid}")
        sql.execute(
            con,
            "referral_batch_insert",
            {
                "batch_id": bid,
                "quarter": q,
                "leads": len(leads),
                "companies": companies,
                "departments": len(files),
                "content_hash": h,
                "context": json.dumps(context, sort_keys=True),
                "prepared_by": user.name,
                "prepared_at": frozen.parse_ts(at),
            },
        )
        for f in files:
            sql.execute(
                con,
                "referral_file_insert",
                {
                    "batch_id": bid,
                    "department_code": f.department_code,
                    "quarter": q,
                    "file_name": f.file_name,
                    "leads": f.leads,
                    "companies": f.companies,
                    "rows_hash": f.rows_hash,
                    "content_hash": f.content_hash,
                },
            )
        sql.execute(
            con,
            "audit_append",
            {
                "user": user.name,
                "action": "referral_prepare",
                "detail": json.dumps({"batch": bid, "leads": len(leads), "hash": h}),
            },
        )

    store.write_work(db, _write)
    return Batch(bid, q, len(leads), companies, h, user.name, at, files)


def batches(src: QuerySource) -> pd.DataFrame:
    """Recorded batches, newest first."""
    return info.query_if_table(src, "referral_batches_all", "referral_batches")


def files(src: QuerySource) -> pd.DataFrame:
    """Recorded department files of every batch."""
    return info.query_if_table(src, "referral_files_all", "referral_files")


def year_totals(src: QuerySource) -> pd.DataFrame:
    """Batches, leads, companies and departments per year (newest first)."""
    return info.query_if_table(src, "referral_year_totals", "referral_files")


def log_table(src: QuerySource, lang: str) -> pd.DataFrame:
    """Yearly totals with the 2020 bulletin figure beside the year it describes."""
    yt = year_totals(src)
    rows = []
    for r in yt.itertuples():
        bulletin = BULLETIN_2020 if int(r.year) == BULLETIN_2020["year"] else None
        rows.append(
            {
                t("ref.col.year", lang): int(r.year),
                t("ref.col.batches", lang): int(r.batches),
                t("ref.col.leads", lang): int(r.leads),
                t("ref.col.departments", lang): int(r.departments),
                t("ref.col.bulletin", lang): t(
                    "ref.bulletin_value", lang, batches=bulletin["batches"], leads=f"{bulletin['leads']:,}"
                )
                if bulletin
                else "",
            }
        )
    return pd.DataFrame(rows)


def recorded(src: QuerySource, batch_id: str) -> dict[str, Any]:
    """A recorded batch and its files, as plain values."""
    b = batches(src)
    b = b[b["batch_id"] == batch_id]
    if b.empty:
        raise ReferralError(f"no batch {batch_id}")
    f = files(src)
    return {
        "batch": frozen.plain(b.iloc[0].to_dict()),
        "files": [frozen.plain(r) for r in f[f["batch_id"] == batch_id].to_dict("records")],
    }


def department_file(src: QuerySource, batch_id: str, code: str) -> tuple[DepartmentFile, str]:
    """Rebuild a recorded department file (in the batch's language, with its time and preparer), and say how
    it compares with the record: ``identical`` (same file hash), ``same_leads`` (the same lead rows, the file
    laid out by a newer release) or ``changed`` (the quarter's data changed since it was referred)."""
    rec = recorded(src, batch_id)
    meta = next((f for f in rec["files"] if f["department_code"] == code), None)
    if meta is None:
        raise ReferralError(f"batch {batch_id} has no file for {code}")
    b = rec["batch"]
    leads = src.query("referral_leads", {"quarter": b["quarter"]})
    mine = leads[leads["department_code"] == code].reset_index(drop=True)
    ctx = json.loads(b.get("context") or "{}")
    f = build_file(
        batch_id,
        b["quarter"],
        code,
        mine,
        demo=bool(ctx.get("demo")),
        lang=str(ctx.get("lang", "zh")),
        prepared_by=b["prepared_by"],
        prepared_at=str(b["prepared_at"]).replace(" ", "T"),
    )
    if f.content_hash == meta["content_hash"]:
        return f, "identical"
    return f, "same_leads" if f.rows_hash == meta["rows_hash"] else "changed"
