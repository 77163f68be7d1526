"""Lead referrals (线索移交): a quarter's complaint leads, grouped by the department that supervises
each industry, one file and one covering letter per department, every batch recorded, sent only on
confirmation, and the departments' feedback loaded back ("件件有处置，事事有回音").

Two kinds of lead:

* a **company lead** is a complaint of the quarter attributed to a source company whose industry another
  department supervises (``ref_industry.department_code`` not empty and not ``miit``): the market
  regulator, the education ministry, the financial regulator, the housing ministry and so on. In the demo
  data, 2020's leads prepared quarter by quarter give the bulletin's figure: 4 batches, 38,000 leads;
* a **number lead** is a complaint of suspected fraud or gambling that names no company
  (``queries/referral_number_leads.sql``): the only lead is the sender's number, so it goes to public
  security (公安部) as a **number list**: one row per sender number, with its own lead id
  (``REF-2024Q2-N00001``), the complaints about it, first and last, and a sample of the message. Only
  sender numbers: complainants' numbers are never stored.

**Departments are valid in time.** A batch is addressed to the bodies that existed when it was due, the
day after its quarter ended (:func:`due_on`): a 2020 batch goes to 银保监会, a 2024 one to 国家金融监督管理
总局 (``data/reference/departments.csv``, :func:`anning.store.reference.department_at`).

* :func:`prepare` (analyst, ``prepare_referral``) reads the quarter's leads, builds one XLSX per department
  (lead rows with the message when the data has it, complaints per company, sender numbers or the number
  list, a feedback form with every lead id, notes) and one covering letter (DOCX) naming the feedback
  deadline, and records the batch (id, quarter, totals, deadline, hash), each file and every lead id.
  A quarter is prepared once, and only when its data is complete.
* :func:`mark_referred` records that the batch was sent: only with an explicit confirmation, once, audited.
* :func:`load_feedback` loads a department's answers (a small contract: lead id, outcome, date), all or
  nothing, and :func:`feedback_summary` says per batch and department how many leads were answered and how.
* :func:`department_file` rebuilds a recorded file for download and says whether it still matches the
  recorded hash (a later load may have replaced rows of that quarter).

Complainant data never reaches a file: the store holds none (the loader drops it), the lead queries
select named columns only, and a test greps every file for complainant numbers. No username is written
into a file that leaves the building; the record keeps who prepared and sent each batch.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from anning.core import auth, fmt, frozen, quarters
from anning.core.escape import inert
from anning.core.text import norm_key
from anning.enforcement import exposure
from anning.i18n import name_column, t, terms
from anning.publish import documents, exports
from anning.store import db as store
from anning.store import info, reference, sql
from anning.store.info import QuerySource

PREFIX = "REF"
TOP_SENDERS = 50
PUBLIC_SECURITY = "mps"
FEEDBACK_DAYS = 30  # the default time a department has to answer, from the day the batch is prepared
# The regulator's published comparison figure (2020): lead batches and leads referred that year.
BULLETIN_2020 = {"year": 2020, "batches": 4, "leads": 38_000}
# Feedback outcomes and the spellings a department's file may use (matched case- and width-insensitively).
OUTCOMES: dict[str, tuple[str, ...]] = {
    "handled": ("handled", "已处理", "已查处", "已处罚", "已约谈", "已整改", "已办结", "已立案"),
    "no_violation": ("no_violation", "no violation", "未发现违法违规", "未发现违规", "查无违规", "不构成违法"),
    "transferred": ("transferred", "已转交", "已转办", "已转交其他部门", "已移送"),
    "unverifiable": ("unverifiable", "无法核实", "无法联系", "查无此企业", "查无此号码"),
    "pending": ("pending", "处理中", "核查中", "办理中"),
}
FEEDBACK_COLUMNS: dict[str, tuple[str, ...]] = {
    "lead_id": ("lead_id", "lead id", "线索编号", "编号"),
    "outcome": ("outcome", "处理结果", "结果"),
    "answered_on": ("date", "answered_on", "处理日期", "反馈日期", "日期"),
}
MAX_FEEDBACK_ROWS = 1_000_000


class ReferralError(ValueError):
    """A batch that cannot be prepared or sent, or feedback that cannot be loaded (a user error)."""


def batch_id_for(quarter: str) -> str:
    """One batch per quarter: ``REF-2020Q1``."""
    return f"{PREFIX}-{quarters.label(*quarters.parse(quarter))}"


def due_on(quarter: str) -> dt.date:
    """When a quarter's batch is due: the day after the quarter ends (the departments of that day receive it)."""
    return quarters.end(quarters.label(*quarters.parse(quarter))) + dt.timedelta(days=1)


def department_name(code: str, lang: str) -> str:
    """A department's name from the reference table (the code when unknown)."""
    return reference.department_name(code, lang)


def addressed(leads: pd.DataFrame, quarter: str) -> pd.DataFrame:
    """``leads`` with ``department_code`` replaced by the body of that line that existed when the batch was due
    (银保监会 for 2020's financial leads; the predecessor whose scope covers the industry when work was split)."""
    due = due_on(quarter)
    codes = [
        reference.department_at(str(c), due, str(i) if isinstance(i, str) else None)
        for c, i in zip(leads["department_code"], leads["industry"], strict=True)
    ]
    return leads.assign(department_code=codes)


@dataclass(frozen=True)
class DepartmentFile:
    """One department's file of a batch, with its covering letter."""

    department_code: str
    file_name: str
    leads: int  # company leads (complaints)
    number_leads: int  # number leads (complaints) on public security's number list
    numbers: int  # distinct sender numbers on the number list
    companies: int
    rows_hash: str
    content_hash: str
    data: bytes
    letter_name: str
    letter: bytes


@dataclass(frozen=True)
class Batch:
    """A prepared batch: its record and the files (so the UI can offer them at once)."""

    batch_id: str
    quarter: str
    leads: int
    number_leads: int
    companies: int
    content_hash: str
    prepared_by: str
    prepared_at: str
    feedback_due: dt.date
    files: tuple[DepartmentFile, ...]


# --------------------------------------------------------------------------------------------- files


def _names(table: str, key: str, lang: str) -> dict[str, str]:
    """Code -> display name from a shipped reference table (industries, operators, provinces)."""
    ref = reference.table(table)
    return dict(zip(ref[key], ref[name_column(lang)], strict=True))


def _text(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), "").astype(str)


def _lead_table(leads: pd.DataFrame, lang: str) -> pd.DataFrame:
    ind = _names("industry", "code", lang)
    ops = _names("operator", "code", lang)
    prov = _names("province", "adcode", lang)
    return pd.DataFrame(
        {
            t("ref.col.lead_id", lang): leads["complaint_id"].astype(str),
            t("ref.col.received_at", lang): pd.to_datetime(leads["received_at"]).dt.strftime("%Y-%m-%d %H:%M:%S"),
            t("ref.col.channel", lang): [terms.channel(c, lang) for c in leads["channel"]],
            t("ref.col.category", lang): [terms.category(c, lang) for c in leads["category"]],
            t("ref.col.industry", lang): [ind.get(c, c) for c in leads["industry"]],
            t("ref.col.company", lang): _text(leads["company"]) if "company" in leads else "",
            t("ref.col.company_id", lang): _text(leads["company_id"]) if "company_id" in leads else "",
            t("ref.col.sender", lang): _text(leads["sender_number"]),
            t("ref.col.content", lang): _text(leads["content"]),
            t("ref.col.port", lang): _text(leads["port"]) if "port" in leads else "",
            t("ref.col.port_company", lang): _text(leads["port_company"]) if "port_company" in leads else "",
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


NUMBER_COLUMNS = (
    "lead_id",
    "sender_number",
    "number_family",
    "operator",
    "leads",
    "complaints",
    "first",
    "last",
    "categories",
    "content",
)


def number_list(numbers: pd.DataFrame, batch_id: str) -> pd.DataFrame:
    """Public security's number list: one row per sender number (most complained-about first), with its lead
    id (``<batch>-N00001``), number range, operator, complaints, first and last, categories and one message
    as reported (the latest with text)."""
    if numbers.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in NUMBER_COLUMNS})
    n = numbers.sort_values(["received_at", "complaint_id"])
    with_text = n[n["content"].notna()].drop_duplicates("sender_number", keep="last").set_index("sender_number")
    g = n.groupby("sender_number", as_index=False).agg(
        number_family=("number_family", "first"),
        operator=("operator", "first"),
        leads=("complaint_id", "size"),
        complaints=("count", "sum"),
        first=("received_at", "min"),
        last=("received_at", "max"),
        categories=("category", lambda s: "|".join(sorted(set(map(str, s))))),
    )
    g = g.sort_values(["leads", "sender_number"], ascending=[False, True]).reset_index(drop=True)
    g["content"] = [with_text["content"].get(x) if x in with_text.index else None for x in g["sender_number"]]
    g.insert(0, "lead_id", [f"{batch_id}-N{i + 1:05d}" for i in range(len(g))])
    return g[list(NUMBER_COLUMNS)]


def _number_table(nl: pd.DataFrame, lang: str) -> pd.DataFrame:
    ops = _names("operator", "code", lang)
    return pd.DataFrame(
        {
            t("ref.col.lead_id", lang): nl["lead_id"].astype(str),
            t("ref.col.sender", lang): nl["sender_number"].astype(str),
            t("ref.col.number_family", lang): _text(nl["number_family"]),
            t("ref.col.operator", lang): [ops.get(c, c) if isinstance(c, str) else "" for c in nl["operator"]],
            t("ref.col.leads", lang): nl["leads"].astype("int64"),
            t("ref.col.complaints", lang): nl["complaints"].astype("int64"),
            t("ref.col.first", lang): pd.to_datetime(nl["first"]).dt.strftime("%Y-%m-%d"),
            t("ref.col.last", lang): pd.to_datetime(nl["last"]).dt.strftime("%Y-%m-%d"),
            t("ref.col.category", lang): [
                t("pub.list_sep", lang).join(terms.category(c, lang) for c in str(x).split("|"))
                for x in nl["categories"]
            ],
            t("ref.col.content", lang): _text(nl["content"]),
        }
    )


def _feedback_form(lead_ids: list[str], lang: str) -> pd.DataFrame:
    """The form a department fills in: every lead id, with outcome and date left blank."""
    return pd.DataFrame(
        {
            t("ref.col.lead_id", lang): lead_ids,
            t("ref.col.outcome", lang): [""] * len(lead_ids),
            t("ref.col.answered_on", lang): [""] * len(lead_ids),
        }
    )


LEAD_HASH_COLUMNS = [
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
    "content",
]


def rows_hash(leads: pd.DataFrame, numbers: pd.DataFrame | None = None) -> str:
    """SHA-256 of a department's lead rows (canonical JSON, in order): the data the file carries."""
    body: dict[str, Any] = {"leads": frozen.frame_to_json(leads[LEAD_HASH_COLUMNS].astype(object))}
    if numbers is not None and len(numbers):
        cols = [c for c in LEAD_HASH_COLUMNS if c in numbers.columns]
        body["numbers"] = frozen.frame_to_json(numbers[cols].astype(object))
    return frozen.content_hash(body)


def outcome_words(lang: str) -> str:
    """The accepted outcomes, as the feedback form's note lists them."""
    return t("pub.list_sep", lang).join(t(f"ref.outcome.{o}", lang) for o in OUTCOMES)


def build_file(
    batch_id: str,
    quarter: str,
    code: str,
    leads: pd.DataFrame,
    *,
    demo: bool,
    lang: str,
    prepared_at: str,
    feedback_due: dt.date,
    numbers: pd.DataFrame | None = None,
) -> DepartmentFile:
    """One department's XLSX (lead rows, companies, senders or the number list, the feedback form, notes) and
    its covering letter (DOCX)."""
    numbers = numbers if numbers is not None else leads.iloc[0:0]
    nl = number_list(numbers, batch_id)
    h = rows_hash(leads, numbers)
    dept = department_name(code, lang)
    companies = int(leads["company_key"].nunique()) if len(leads) else 0
    notes = [
        t("ref.note.batch", lang, batch=batch_id, quarter=quarter, department=dept),
        t("ref.note.rows", lang, leads=f"{len(leads):,}", companies=f"{companies:,}"),
    ]
    if len(nl):
        notes.append(t("ref.note.numbers", lang, numbers=f"{len(nl):,}", leads=f"{len(numbers):,}"))
    notes += [
        t("ref.note.definition", lang),
        t("ref.note.no_personal", lang),
        t(
            "ref.note.feedback",
            lang,
            due=fmt.date_words(feedback_due.isoformat(), lang),
            outcomes=outcome_words(lang),
        ),
        t("ref.note.prepared_at", lang, at=prepared_at),
        t("pub.hash_line", lang, hash=h),
    ]
    sheets: dict[str, pd.DataFrame] = {}
    if len(leads):
        sheets[t("ref.sheet.leads", lang)] = _lead_table(leads, lang)
        sheets[t("ref.sheet.companies", lang)] = _company_table(leads, lang)
        sheets[t("ref.sheet.senders", lang)] = _sender_table(leads, lang)
    if len(nl):
        sheets[t("ref.sheet.numbers", lang)] = _number_table(nl, lang)
        sheets[t("ref.sheet.number_leads", lang)] = _lead_table(numbers, lang)
    lead_ids = list(leads["complaint_id"].astype(str)) + list(nl["lead_id"])
    sheets[t("ref.sheet.feedback", lang)] = _feedback_form(lead_ids, lang)
    when = frozen.parse_ts(prepared_at)
    data = exports.xlsx_bytes(
        sheets, demo=demo, lang=lang, notes=notes, notes_title=t("pub.doc.notes", lang), timestamp=when
    )
    name = f"{batch_id}_{code}.xlsx"
    letter = documents.letter_to_docx(
        covering_letter(
            batch_id,
            quarter,
            code,
            leads=len(leads),
            companies=companies,
            numbers=len(nl),
            number_leads=len(numbers),
            feedback_due=feedback_due,
            file_name=name,
            demo=demo,
            lang=lang,
            prepared_at=prepared_at,
        )
    )
    return DepartmentFile(
        code,
        name,
        len(leads),
        len(numbers),
        len(nl),
        companies,
        h,
        frozen.sha256(data),
        data,
        f"{batch_id}_{code}_letter.docx",
        letter,
    )


def covering_letter(
    batch_id: str,
    quarter: str,
    code: str,
    *,
    leads: int,
    companies: int,
    numbers: int,
    number_leads: int,
    feedback_due: dt.date,
    file_name: str,
    demo: bool,
    lang: str,
    prepared_at: str,
) -> documents.Letter:
    """The covering letter of one department's file: what is referred, and the feedback deadline."""
    qw = exposure.quarter_words(quarter, lang)
    body = [t("ref.letter.intro" if leads else "ref.letter.intro_numbers", lang, quarter=qw)]
    if leads:
        body.append(t("ref.letter.leads", lang, leads=f"{leads:,}", companies=f"{companies:,}"))
    if numbers:
        key = "ref.letter.numbers" if leads else "ref.letter.numbers_only"
        body.append(t(key, lang, numbers=f"{numbers:,}", leads=f"{number_leads:,}"))
    body.append(
        t(
            "ref.letter.feedback",
            lang,
            due=fmt.date_words(feedback_due.isoformat(), lang),
            outcomes=outcome_words(lang),
        )
    )
    body.append(t("ref.letter.personal", lang))
    return documents.Letter(
        title=t("ref.letter.title", lang, quarter=qw),
        reference=t("ref.letter.reference", lang, batch=batch_id),
        addressee=t("ref.letter.to", lang, department=department_name(code, lang)),
        paragraphs=tuple(body),
        attachments=(t("ref.letter.attachment", lang, file=file_name),),
        attachments_label=t("ref.letter.attachments", lang),
        signature=t("ref.letter.signature", lang),
        date=fmt.date_words(prepared_at[:10], lang),
        lang=lang,
        timestamp=prepared_at,
        watermark=t("watermark.demo", lang) if demo else "",
    )


# --------------------------------------------------------------------------------------------- batches


def _leads_of(src: QuerySource, quarter: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The quarter's company leads (addressed to the departments of the time) and number leads."""
    leads = addressed(src.query("referral_leads", {"quarter": quarter}), quarter)
    numbers = src.query("referral_number_leads", {"quarter": quarter})
    return leads, numbers


def prepare(
    db: Path,
    src: QuerySource,
    quarter: str,
    user: auth.User,
    *,
    lang: str = "zh",
    today: dt.date | None = None,
    now: str | None = None,
    feedback_days: int = FEEDBACK_DAYS,
) -> Batch:
    """Prepare and record the quarter's batch (see the module docstring). The feedback deadline is
    ``feedback_days`` after the day it is prepared."""
    if user is None or not auth.can(user.role, "prepare_referral"):
        raise PermissionError(f"{getattr(user, 'name', '?')} may not prepare referrals")
    if not 1 <= int(feedback_days) <= 365:
        raise ReferralError("the feedback period must be 1 to 365 days")
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
        raise ReferralError(f"{q} was already prepared in batch {bid}")
    at = (frozen.parse_ts(now) if now else frozen.utc_now()).isoformat()
    due = frozen.parse_ts(at).date() + dt.timedelta(days=int(feedback_days))
    leads, numbers = _leads_of(src, q)
    if leads.empty and numbers.empty:
        raise ReferralError(f"no leads in {q}")
    codes = sorted(set(leads["department_code"]) | ({PUBLIC_SECURITY} if len(numbers) else set()))
    files = tuple(
        build_file(
            bid,
            q,
            code,
            leads[leads["department_code"] == code].reset_index(drop=True),
            demo=si.demo,
            lang=lang,
            prepared_at=at,
            feedback_due=due,
            numbers=numbers if code == PUBLIC_SECURITY else None,
        )
        for code in codes
    )
    summary = {
        "batch_id": bid,
        "quarter": q,
        "feedback_due": due.isoformat(),
        "files": [
            {
                "department": f.department_code,
                "leads": f.leads,
                "number_leads": f.number_leads,
                "companies": f.companies,
                "rows_hash": f.rows_hash,
            }
            for f in files
        ],
    }
    h = frozen.content_hash(summary)
    context = {"data_as_of": str(si.data_as_of), "demo": si.demo, "lang": lang, "data_version": si.version}
    companies = int(leads["company_key"].nunique())
    nl = number_list(numbers, bid)
    ids = pd.DataFrame(
        {
            "batch_id": bid,
            "department_code": list(leads["department_code"]) + [PUBLIC_SECURITY] * len(nl),
            "lead_id": list(leads["complaint_id"].astype(str)) + list(nl["lead_id"]),
        }
    )

    def _write(con: duckdb.DuckDBPyConnection) -> None:
        done = sql.run(con, "referral_batches_all")
        if bid in set(done["batch_id"]):
            raise ReferralError(f"{q} was already prepared in batch {bid}")
        sql.execute(
            con,
            "referral_batch_insert",
            {
                "batch_id": bid,
                "quarter": q,
                "leads": len(leads),
                "number_leads": len(numbers),
                "companies": companies,
                "departments": len(files),
                "content_hash": h,
                "context": json.dumps(context, sort_keys=True),
                "prepared_by": user.name,
                "prepared_at": frozen.parse_ts(at),
                "feedback_due": due,
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
        con.register("referral_lead_ids_frame", ids)
        try:
            sql.execute(con, "referral_lead_ids_insert")
        finally:
            con.unregister("referral_lead_ids_frame")
        sql.execute(
            con,
            "audit_append",
            {
                "user": user.name,
                "action": "referral_prepare",
                "detail": json.dumps(
                    {"batch": bid, "leads": len(leads), "number_leads": len(numbers), "due": due.isoformat(), "hash": h}
                ),
            },
        )

    store.write_work(db, _write)
    return Batch(bid, q, len(leads), len(numbers), companies, h, user.name, at, due, files)


def mark_referred(
    db: Path,
    src: QuerySource,
    batch_id: str,
    user: auth.User,
    *,
    confirmed: bool,
    referred_on: dt.date | None = None,
    today: dt.date | None = None,
) -> dt.date:
    """Record that a prepared batch was sent to its departments, on ``referred_on`` (default today). Refused
    without ``confirmed`` (the page asks first), for a batch already sent, and for a date in the future or
    before the batch was prepared. Audited (``referral_sent``)."""
    if user is None or not auth.can(user.role, "prepare_referral"):
        raise PermissionError(f"{getattr(user, 'name', '?')} may not refer batches")
    if not confirmed:
        raise ReferralError("confirm that the batch's files and letters were sent before recording it")
    today = today or dt.date.today()
    on = referred_on or today
    b = batches(src)
    b = b[b["batch_id"] == batch_id]
    if b.empty:
        raise ReferralError(f"no batch {batch_id}")
    prepared = pd.Timestamp(b["prepared_at"].iloc[0]).date()
    if on > today or on < prepared:
        raise ReferralError(f"the send date must be between {prepared} (prepared) and today ({today})")

    def _write(con: duckdb.DuckDBPyConnection) -> None:
        done = sql.run(con, "referral_batches_all")
        row = done[done["batch_id"] == batch_id]
        if not row.empty and pd.notna(row["referred_on"].iloc[0]):
            raise ReferralError(f"{batch_id} was already recorded as sent on {row['referred_on'].iloc[0]}")
        sql.execute(
            con,
            "referral_sent_insert",
            {"batch_id": batch_id, "referred_on": on, "referred_by": user.name, "recorded_at": frozen.utc_now()},
        )
        sql.execute(
            con,
            "audit_append",
            {
                "user": user.name,
                "action": "referral_sent",
                "detail": json.dumps({"batch": batch_id, "referred_on": on.isoformat(), "confirmed": True}),
            },
        )

    store.write_work(db, _write)
    return on


def batches(src: QuerySource) -> pd.DataFrame:
    """Recorded batches, newest first, with when each was sent (null until then)."""
    return info.query_if_table(src, "referral_batches_all", "referral_batches")


def files(src: QuerySource) -> pd.DataFrame:
    """Recorded department files of every batch."""
    return info.query_if_table(src, "referral_files_all", "referral_files")


def year_totals(src: QuerySource) -> pd.DataFrame:
    """Batches, leads, number leads, companies and departments per year (newest first)."""
    return info.query_if_table(src, "referral_year_totals", "referral_files")


def log_table(src: QuerySource, lang: str) -> pd.DataFrame:
    """Yearly totals with the 2020 bulletin figure beside the year it describes. Leads are lead ids, as in the
    files and the feedback (complaints about companies, plus public security's sender numbers); the two kinds
    have columns of their own, since the published figure counts the first."""
    yt = year_totals(src)
    rows = []
    for r in yt.itertuples():
        bulletin = BULLETIN_2020 if int(r.year) == BULLETIN_2020["year"] else None
        rows.append(
            {
                t("ref.col.year", lang): int(r.year),
                t("ref.col.batches", lang): int(r.batches),
                t("ref.col.leads", lang): int(r.leads) + int(r.numbers),
                t("ref.col.company_leads", lang): int(r.leads),
                t("ref.col.numbers", lang): int(r.numbers),
                t("ref.col.departments", lang): int(r.departments),
                t("ref.col.bulletin", lang): t(
                    "ref.bulletin_value", lang, batches=bulletin["batches"], leads=f"{bulletin['leads']:,}"
                )
                if bulletin
                else "",
            }
        )
    return pd.DataFrame(rows)


def prepared_text(batch: Mapping[str, Any], lang: str) -> tuple[str, str]:
    """What the page says about a recorded batch (a row of :func:`batches`): the headline, whose lead total is
    the one the files and the feedback add up to (complaints about companies plus public security's sender
    numbers), and the line that splits it into the two kinds and gives the deadline."""
    leads, numbers = int(batch["leads"]), int(batch["numbers"])
    departments = int(batch["departments"])
    due = batch.get("feedback_due")
    headline = t(
        "pub.page.ref_done",
        lang,
        batch=batch["batch_id"],
        leads=f"{leads + numbers:,}",
        departments=departments,
        by=inert(batch["prepared_by"]),  # a user name, shown in Markdown
        at=fmt.timestamp(batch["prepared_at"]),
    )
    detail = t(
        "ref.page.due",
        lang,
        leads=f"{leads:,}",
        companies=f"{int(batch['companies']):,}",
        # Public security's file holds the number list only, so it is no industry department.
        n=departments - (1 if numbers or int(batch["number_leads"]) else 0),
        numbers=f"{numbers:,}",
        complaints=f"{int(batch['number_leads']):,}",
        due="–" if due is None or pd.isna(due) else fmt.date_words(str(due)[:10], lang),
    )
    return headline, detail


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
    """Rebuild a recorded department file and its letter (in the batch's language, with its time and
    deadline), and say how it compares with the record: ``identical`` (same file hash), ``same_leads`` (the
    same lead rows, the file laid out by a newer release) or ``changed`` (the quarter's data changed since)."""
    rec = recorded(src, batch_id)
    meta = next((f for f in rec["files"] if f["department_code"] == code), None)
    if meta is None:
        raise ReferralError(f"batch {batch_id} has no file for {code}")
    b = rec["batch"]
    leads, numbers = _leads_of(src, b["quarter"])
    mine = leads[leads["department_code"] == code].reset_index(drop=True)
    ctx = json.loads(b.get("context") or "{}")
    due = b.get("feedback_due")
    f = build_file(
        batch_id,
        b["quarter"],
        code,
        mine,
        demo=bool(ctx.get("demo")),
        lang=str(ctx.get("lang", "zh")),
        prepared_at=str(b["prepared_at"]).replace(" ", "T"),
        feedback_due=dt.date.fromisoformat(str(due)[:10]) if due else due_on(b["quarter"]),
        numbers=numbers if code == PUBLIC_SECURITY else None,
    )
    if f.content_hash == meta["content_hash"]:
        return f, "identical"
    return f, "same_leads" if f.rows_hash == meta["rows_hash"] else "changed"


# --------------------------------------------------------------------------------------------- feedback


@dataclass(frozen=True)
class FeedbackProblem:
    """One row of a feedback file that cannot be loaded: its line, column, value and what is wrong (i18n key)."""

    line: int
    column: str
    value: str
    code: str

    def render(self, lang: str) -> str:
        """The problem in words."""
        return t("ref.fb.problem", lang, line=self.line, column=self.column, value=self.value, what=t(self.code, lang))


@dataclass(frozen=True)
class FeedbackReport:
    """What :func:`load_feedback` loaded: rows, the batches they answer, and the count per outcome."""

    rows: int
    batches: tuple[str, ...]
    outcomes: dict[str, int]
    file_hash: str


class FeedbackError(ReferralError):
    """A feedback file refused as a whole, with every problem found."""

    def __init__(self, problems: list[FeedbackProblem], message: str = "") -> None:
        self.problems = problems
        super().__init__(message or f"{len(problems)} problems in the feedback file; nothing was loaded")


def _outcome_index() -> dict[str, str]:
    # The words the form and the covering letter ask for (``ref.outcome.*`` in either language) are accepted
    # as written: "no violation found" was refused while the form asked for it.
    labels = ((code, t(f"ref.outcome.{code}", lang)) for code in OUTCOMES for lang in ("en", "zh"))
    spelled = ((code, s) for code, spellings in OUTCOMES.items() for s in (code, *spellings))
    return {norm_key(s): code for code, s in (*spelled, *labels)}


def read_feedback(data: bytes, file_name: str) -> pd.DataFrame:
    """A feedback file (CSV in UTF-8 or GB18030, or XLSX) as text columns ``lead_id, outcome, answered_on``
    and ``_line`` (the file's line, header = 1). Headers may be the English codes or the form's Chinese."""
    if file_name.lower().endswith((".xlsx", ".xlsm")):
        raw = pd.read_excel(io.BytesIO(data), dtype=str, keep_default_na=False)
        # The form a department returns carries the demo watermark or a title above the header: find it.
        wanted = {norm_key(a) for names in FEEDBACK_COLUMNS.values() for a in names}
        if not any(norm_key(c) in wanted for c in raw.columns):
            for i in range(min(len(raw), 5)):
                if any(norm_key(v) in wanted for v in raw.iloc[i]):
                    raw.columns = list(raw.iloc[i])
                    raw = raw.iloc[i + 1 :].reset_index(drop=True)
                    raw.index = raw.index + i + 1  # keep the file's line numbers
                    break
        first_line = 2
    else:
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ReferralError("the feedback file is neither UTF-8 nor GB18030 text")
        lines = text.splitlines()
        comment = [i for i, line in enumerate(lines) if line.startswith("#")]
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, comment=None, skiprows=comment)
        first_line = 2
    if len(raw) > MAX_FEEDBACK_ROWS:
        raise ReferralError(f"the feedback file has more than {MAX_FEEDBACK_ROWS:,} rows")
    index = {norm_key(a): canon for canon, names in FEEDBACK_COLUMNS.items() for a in names}
    found = {index[norm_key(c)]: c for c in raw.columns if norm_key(c) in index}
    missing = [c for c in FEEDBACK_COLUMNS if c not in found]
    if missing:
        raise ReferralError(
            "the feedback file needs the columns lead_id (线索编号), outcome (处理结果) and date (处理日期); missing: "
            + ", ".join(missing)
        )
    out = pd.DataFrame({canon: raw[col].astype(str).str.strip() for canon, col in found.items()})
    out["_line"] = [int(i) + first_line for i in raw.index]
    # Rows the department left blank (the form lists every lead) are not answers.
    return out[(out["outcome"] != "") | (out["answered_on"] != "")].reset_index(drop=True)


def _parse_date(s: str) -> dt.date | None:
    for fmt_ in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(s, fmt_).date()
        except ValueError:
            continue
    return None


def check_feedback(
    rows: pd.DataFrame, leads: pd.DataFrame, today: dt.date
) -> tuple[pd.DataFrame, list[FeedbackProblem]]:
    """Check feedback rows against the referred leads (``referral_lead_lookup``): the rows to store
    (``batch_id, department_code, lead_id, outcome, answered_on``) and every problem found."""
    outcomes = _outcome_index()
    known = leads.drop_duplicates("lead_id").set_index("lead_id")
    seen: dict[str, int] = {}
    good, problems = [], []
    for r in rows.to_dict("records"):
        line, lead = int(r["_line"]), str(r["lead_id"])
        bad = len(problems)
        if not lead:
            problems.append(FeedbackProblem(line, "lead_id", "", "ref.fb.required"))
        elif lead not in known.index:
            problems.append(FeedbackProblem(line, "lead_id", lead, "ref.fb.unknown_lead"))
        elif lead in seen:
            problems.append(FeedbackProblem(line, "lead_id", lead, "ref.fb.duplicate"))
        outcome = outcomes.get(norm_key(r["outcome"]))
        if outcome is None:
            problems.append(FeedbackProblem(line, "outcome", str(r["outcome"]), "ref.fb.bad_outcome"))
        on = _parse_date(str(r["answered_on"]))
        if on is None:
            problems.append(FeedbackProblem(line, "answered_on", str(r["answered_on"]), "ref.fb.bad_date"))
        elif on > today:
            problems.append(FeedbackProblem(line, "answered_on", str(r["answered_on"]), "ref.fb.future_date"))
        if lead in known.index:
            sent = known.loc[lead, "referred_on"]
            if sent is None or pd.isna(sent):
                problems.append(FeedbackProblem(line, "lead_id", lead, "ref.fb.not_sent"))
            elif on is not None and on < pd.Timestamp(sent).date():
                problems.append(FeedbackProblem(line, "answered_on", str(r["answered_on"]), "ref.fb.before_sent"))
        seen[lead] = line
        if len(problems) == bad:
            good.append(
                {
                    "batch_id": str(known.loc[lead, "batch_id"]),
                    "department_code": str(known.loc[lead, "department_code"]),
                    "lead_id": lead,
                    "outcome": outcome,
                    "answered_on": on,
                }
            )
    cols = ["batch_id", "department_code", "lead_id", "outcome", "answered_on"]
    return pd.DataFrame(good, columns=cols), problems


def load_feedback(
    db: Path,
    src: QuerySource,
    data: bytes,
    file_name: str,
    user: auth.User,
    *,
    today: dt.date | None = None,
    now: str | None = None,
) -> FeedbackReport:
    """Load a department's feedback file, all or nothing: every row must name a lead of a batch that was sent,
    a known outcome and a date between the send date and today (:class:`FeedbackError` lists every problem
    otherwise). A later answer for the same lead supersedes an earlier one. Audited (``referral_feedback``)."""
    if user is None or not auth.can(user.role, "prepare_referral"):
        raise PermissionError(f"{getattr(user, 'name', '?')} may not load referral feedback")
    rows = read_feedback(data, file_name)
    if rows.empty:
        raise ReferralError("the feedback file has no answers (fill in outcome and date for the leads answered)")
    ids = sorted(set(rows["lead_id"]) - {""})
    leads = (
        src.query("referral_lead_lookup", {"lead_ids": ids})
        if info.has_table(src, "referral_lead_ids")
        else info.empty_result("referral_lead_lookup")
    )
    good, problems = check_feedback(rows, leads, today or dt.date.today())
    if problems:
        raise FeedbackError(problems)
    h = frozen.sha256(data)
    at = frozen.parse_ts(now) if now else frozen.utc_now()

    def _write(con: duckdb.DuckDBPyConnection) -> None:
        con.register("referral_feedback_frame", good)
        try:
            sql.execute(
                con,
                "referral_feedback_insert",
                {"file_name": file_name, "file_hash": h, "loaded_by": user.name, "loaded_at": at},
            )
        finally:
            con.unregister("referral_feedback_frame")
        sql.execute(
            con,
            "audit_append",
            {
                "user": user.name,
                "action": "referral_feedback",
                "detail": json.dumps(
                    {"file": file_name, "hash": h, "rows": len(good), "batches": sorted(set(good["batch_id"]))},
                    ensure_ascii=False,
                ),
            },
        )

    store.write_work(db, _write)
    counts = {o: int((good["outcome"] == o).sum()) for o in OUTCOMES}
    return FeedbackReport(len(good), tuple(sorted(set(good["batch_id"]))), counts, h)


def feedback_summary(src: QuerySource) -> pd.DataFrame:
    """Per batch and department: leads referred, answered, by outcome, deadline and send date (newest first)."""
    return info.query_if_table(src, "referral_feedback_summary", "referral_lead_ids")


def feedback_table(src: QuerySource, lang: str, today: dt.date | None = None) -> pd.DataFrame:
    """:func:`feedback_summary` as the page shows it: department names, answered share, and whether the
    deadline has passed with leads unanswered."""
    fs = feedback_summary(src)
    today = today or dt.date.today()
    rows = []
    for r in fs.itertuples():
        due = None if r.feedback_due is None or pd.isna(r.feedback_due) else pd.Timestamp(r.feedback_due).date()
        sent = r.referred_on is not None and not pd.isna(r.referred_on)
        if not sent:
            status = t("ref.status.prepared", lang)
        elif r.answered >= r.leads:
            status = t("ref.status.answered", lang)
        elif due is not None and today > due:
            status = t("ref.status.overdue", lang)
        else:
            status = t("ref.status.waiting", lang)
        row = {
            t("pub.page.ref_col_batch", lang): r.batch_id,
            t("pub.page.ref_col_department", lang): department_name(str(r.department_code), lang),
            t("ref.col.leads", lang): int(r.leads),
            t("ref.col.answered", lang): int(r.answered),
        }
        for o in OUTCOMES:
            # A header of its own: the outcome's label is written to run inside a sentence (lowercase in English).
            row[t(f"ref.col.outcome_{o}", lang)] = int(getattr(r, o))
        row[t("ref.col.feedback_due", lang)] = "" if due is None else fmt.date_words(due, lang)
        row[t("ref.col.status", lang)] = status
        rows.append(row)
    return pd.DataFrame(rows)


def answered_sentence(src: QuerySource, lang: str) -> str:
    """One sentence: leads referred in sent batches, how many were answered, and how."""
    fs = feedback_summary(src)
    fs = fs[fs["referred_on"].notna()] if len(fs) else fs
    if fs.empty:
        return t("ref.fb.none_sent", lang)
    leads, answered = int(fs["leads"].sum()), int(fs["answered"].sum())
    how = t("pub.list_sep", lang).join(
        f"{t(f'ref.outcome.{o}', lang)} {int(fs[o].sum()):,}" for o in OUTCOMES if int(fs[o].sum())
    )
    return t("ref.fb.sentence", lang, leads=f"{leads:,}", answered=f"{answered:,}", how=how or "–")


def summary_of(batch: Mapping[str, Any]) -> dict[str, Any]:
    """A recorded batch row as plain values (for the page's messages)."""
    return frozen.plain(dict(batch))
