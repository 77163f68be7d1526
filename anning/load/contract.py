"""The input data contract: file kinds, their columns, Chinese aliases and enumerated values.

This module is the single source of truth for what a file may contain. The loader
maps headers through :func:`match_header`, the SQL validation joins enumerated
values through :func:`enum_rows`, and ``docs/data-contract.md`` describes the same
tables for the analysts who prepare the files.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from anning.core.escape import visible_text
from anning.core.text import norm_key


@dataclass(frozen=True)
class Column:
    """One contract column: canonical name, accepted header aliases, and whether it is required."""

    name: str
    aliases: tuple[str, ...]
    required: bool
    help_en: str
    help_zh: str


def _c(name: str, aliases: str, required: bool, help_en: str, help_zh: str) -> Column:
    return Column(name, tuple(a for a in aliases.split("|") if a), required, help_en, help_zh)


KINDS: dict[str, tuple[Column, ...]] = {
    "complaints": (
        _c("complaint_id", "举报编号|投诉编号", True, "unique complaint id", "举报编号，唯一"),
        _c("received_at", "受理时间|举报时间", True, "date or date-time received", "受理日期或时间"),
        _c("channel", "类型|举报类型", True, "sms or call", "短信或电话"),
        _c("category", "举报类别|类别", False, "marketing, harassment or fraud", "商业营销、恶意骚扰或违法犯罪"),
        _c("sender_number", "被举报号码", True, "reported number, kept as text", "被举报号码（按文本保存）"),
        _c("operator", "运营商|所属运营商", True, "operator name or alias", "运营商名称或简称"),
        _c("industry", "行业|所属行业", False, "industry code or name", "行业代码或名称"),
        _c("company", "源头企业|企业名称", False, "source company (merchant)", "源头企业（商家）"),
        _c("company_id", "统一社会信用代码|信用代码", False, "18-character credit code", "18位统一社会信用代码"),
        _c("province", "省份|举报人省份", False, "complainant's province", "举报人所在省份"),
        _c("port", "端口号|短信端口", False, "SMS port number", "短信端口号"),
        _c("port_company", "端口企业|端口类企业", False, "SMS port company", "短信端口企业"),
        _c("count", "数量|投诉量", False, "positive integer, default 1", "正整数，缺省为1"),
        # Issue 17: what the operator did with the forwarded report, and when.
        _c(
            "handling_status",
            "处理状态|办理状态|处理结果",
            False,
            "handled, pending or not_actionable",
            "已处理、处理中或不予处理",
        ),
        _c(
            "handled_on",
            "处理日期|办结日期|处理时间",
            False,
            "date handled (not before received)",
            "处理日期，不早于受理时间",
        ),
        # Issue 12: the message as reported, so a lead referral carries what was sent.
        _c("content", "短信内容|信息内容|举报内容|内容", False, "the reported message's text", "被举报信息内容"),
    ),
    "takedowns": (
        _c("takedown_id", "处置编号", True, "unique takedown id", "处置编号，唯一"),
        _c("taken_at", "处置日期|关停日期", True, "date shut down", "处置日期"),
        _c("target_type", "对象类型", True, "port, number or line", "端口、号码或线路"),
        _c("target", "处置对象", True, "the port, number or line", "被处置的端口、号码或线路"),
        _c("operator", "运营商|所属运营商", True, "operator name or alias", "运营商名称或简称"),
        _c("holder", "使用单位", False, "company holding it", "使用单位"),
        _c("industry", "行业|所属行业", False, "industry code or name", "行业代码或名称"),
        _c("reason", "处置原因", False, "free text", "处置原因"),
    ),
    "enforcement": (
        _c("case_id", "案件编号", True, "unique case id", "案件编号，唯一"),
        _c("decided_on", "决定日期", True, "date of decision", "决定日期"),
        _c("target_name", "被处置单位", True, "name of the target", "被处置单位名称"),
        _c("target_id", "统一社会信用代码|信用代码", False, "18-character credit code", "18位统一社会信用代码"),
        _c(
            "target_role",
            "单位类型",
            True,
            "source_company, port_company, operator or mvno",
            "源头企业、端口企业、基础电信企业或转售企业",
        ),
        _c(
            "action",
            "措施|处置措施",
            True,
            "notice, interview, rectification, fine, credit_listing, suspension, accountability",
            "通报、约谈、责令整改、罚款、列入不良名单、暂停业务、问责",
        ),
        _c("fine_yuan", "罚款金额|罚款金额(元)", False, "required for a fine; yuan", "罚款时必填，单位元"),
        _c("illegal_gains_yuan", "违法所得|违法所得(元)", False, "yuan", "单位元"),
        _c("authority", "处置机关", False, "deciding authority", "处置机关"),
        _c("province", "省份", False, "province", "省份"),
        # Extension: what the action was for (e.g. 实名登记违规); the MVNO scorecard reads it.
        _c(
            "reason",
            "处置事由|违法事由",
            False,
            "what the action was for, e.g. real-name violation",
            "处置事由，如实名登记违规",
        ),
    ),
}

ID_COLUMN = {"complaints": "complaint_id", "takedowns": "takedown_id", "enforcement": "case_id"}

# Personal data: never stored, shown or exported. Any header matching these is dropped on read.
PII_ALIASES = (
    "complainant_number",
    "举报人号码",
    "投诉人号码",
    "举报人电话",
    "投诉人电话",
    "来电号码",
    "主叫号码",
    # The number a harassing call or message reached is the complainant's own.
    "被叫号码",
    "被叫电话",
    "called_number",
    "called number",
    # Issue 15 #10: a subscriber's own number under a generic name is personal data too.
    "手机号",
    "手机号码",
    "联系电话",
    "联系方式",
    "用户号码",
    "用户手机号",
    "phone",
    "phone_number",
    "phone number",
    "mobile",
    "mobile_number",
    "telephone",
    "tel",
)
_PII_HINTS = (
    ("举报人", "投诉人", "complainant", "reporter", "caller"),
    ("号码", "电话", "手机", "联系方式", "number", "phone", "tel", "mobile", "contact"),
)

# Enumerated values: field -> code -> accepted spellings (matched with norm_key).
ENUMS: dict[str, dict[str, tuple[str, ...]]] = {
    "channel": {"sms": ("sms", "短信", "垃圾短信", "短消息"), "call": ("call", "电话", "语音", "骚扰电话", "voice")},
    "category": {
        "marketing": ("marketing", "商业营销", "商业营销类", "营销"),
        "harassment": ("harassment", "恶意骚扰", "恶意骚扰类", "骚扰"),
        "fraud": ("fraud", "违法犯罪", "违法犯罪类", "涉嫌诈骗", "诈骗"),
    },
    # A complaint category written in the industry column, as files from the field do (涉嫌诈骗 is not an
    # industry): the row is kept, counted under that category and an unclassified industry, with a warning.
    "industry_as_category": {
        "fraud": ("涉嫌诈骗", "诈骗", "涉诈", "电信诈骗", "fraud", "suspected fraud"),
    },
    "target_type": {"port": ("port", "端口"), "number": ("number", "号码"), "line": ("line", "线路")},
    "target_role": {
        "source_company": ("source_company", "源头企业", "商家"),
        "port_company": ("port_company", "端口企业", "短信端口企业"),
        "operator": ("operator", "基础电信企业", "运营商"),
        "mvno": ("mvno", "转售企业", "移动转售企业", "虚拟运营商"),
    },
    "action": {
        "notice": ("notice", "通报", "通报批评"),
        "interview": ("interview", "约谈"),
        "rectification": ("rectification", "责令整改", "整改"),
        "fine": ("fine", "罚款", "行政处罚"),
        "credit_listing": ("credit_listing", "列入不良名单", "不良名单", "失信名单"),
        "suspension": ("suspension", "暂停业务", "暂停"),
        # Internal accountability inside operators (问责考核), reported in the 2020 reply.
        "accountability": ("accountability", "问责", "内部问责", "问责考核"),
    },
    # 12321 forwards every report to the carrying operator; this is what the operator reported back.
    "handling_status": {
        "handled": ("handled", "已处理", "已办结", "办结", "已处置"),
        "pending": ("pending", "处理中", "未处理", "待处理"),
        "not_actionable": ("not_actionable", "not actionable", "不予处理", "无效举报", "信息不全"),
    },
}


def enum_rows() -> list[tuple[str, str, str]]:
    """``(field, alias_key, code)`` rows for the SQL lookup table."""
    rows = []
    for field, codes in ENUMS.items():
        for code, spellings in codes.items():
            for s in {code, *spellings}:
                rows.append((field, norm_key(s), code))
    return rows


def header_index(kind: str) -> dict[str, str]:
    """Normalised header spelling -> canonical column name for one kind."""
    return dict(_header_index(kind))


# Cached: a load matches every file's header against every kind, and the tables never change.
@functools.cache
def _header_index(kind: str) -> dict[str, str]:
    idx: dict[str, str] = {}
    for col in KINDS[kind]:
        for spelling in (col.name, *col.aliases):
            idx[norm_key(spelling)] = col.name
    return idx


@functools.cache
def _pii_keys() -> frozenset[str]:
    return frozenset(norm_key(a) for a in PII_ALIASES)


def header_label(name: object, lang: str) -> str:
    """A contract column as a person names it: its first Chinese header, or the canonical name in words.

    Load warnings store the canonical name (``fine_yuan``); a reader sees 罚款金额 or "Fine yuan".
    A name that is not a contract column (or none) is returned as it is, as text.
    """
    text = "" if name is None or (isinstance(name, float) and name != name) else str(name)
    for cols in KINDS.values():
        for col in cols:
            if col.name == text:
                if lang == "zh" and col.aliases:
                    return col.aliases[0]
                return text.replace("_", " ").capitalize()
    return text


def is_pii_header(header: str) -> bool:
    """True for a column that holds a complainant's number (by name or by obvious hint).

    Invisible characters do not hide one: ``举报人\\u200b号码`` is ``举报人号码``.
    """
    key = norm_key(visible_text(header))
    if key in _pii_keys():
        return True
    who, what = _PII_HINTS
    return any(w in key for w in who) and any(x in key for x in what)


def match_header(kind: str, headers: list[str]) -> dict[int, str]:
    """Map header positions to canonical names for ``kind`` (unknown and PII columns are left out)."""
    idx = _header_index(kind)
    out: dict[int, str] = {}
    for i, h in enumerate(headers):
        if is_pii_header(h):
            continue
        name = idx.get(norm_key(visible_text(h)))  # as is_pii_header reads it: "投诉\u200b时间" is 投诉时间
        if name:
            out[i] = name
    return out


def detect_kind(headers: list[str]) -> str | None:
    """The one kind whose required columns all appear in ``headers``, else ``None``."""
    hits = []
    for kind, cols in KINDS.items():
        found = set(match_header(kind, headers).values())
        if all(c.name in found for c in cols if c.required):
            hits.append(kind)
    return hits[0] if len(hits) == 1 else None


def best_guess_kind(headers: list[str]) -> str:
    """The kind sharing most required columns with ``headers`` (for a helpful error)."""

    def score(kind: str) -> int:
        found = set(match_header(kind, headers).values())
        return sum(1 for c in KINDS[kind] if c.required and c.name in found)

    return max(KINDS, key=score)
