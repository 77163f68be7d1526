"""The shared vocabulary: one label per language for every term several features use.

Channels, complaint categories, user roles, chain roles, enforcement actions, takedown targets,
operator kinds, rate bases and the common measures are named here once, and every page, export,
document and CLI output asks this module for them (``terms.channel("sms", lang)``), never a
feature's own key. The codes each family accepts are listed in :data:`FAMILIES`; a test checks
that every code has a label and that no two terms of a family, nor a category and an industry,
read the same.

Rates: each measure family has one base, named in every header that shows it:
complaints per 100,000 residents for provinces, per million subscribers for operators and
resellers (:data:`RATE_BASES`).
"""

from __future__ import annotations

CHANNELS = ("sms", "call")
# The 12321 centre's categories (综合整治骚扰电话专项行动方案: 商业营销类、恶意骚扰类、违法犯罪类), plus "not given".
CATEGORIES = ("marketing", "harassment", "fraud", "unknown")
USER_ROLES = ("analyst", "approver", "press", "leadership")
# Who an enforcement action or takedown lands on, along the chain of responsibility.
CHAIN_ROLES = ("source_company", "port_company", "operator", "mvno")
ACTIONS = ("notice", "interview", "rectification", "fine", "credit_listing", "suspension", "accountability")
TARGET_TYPES = ("port", "number", "line")
OPERATOR_KINDS = ("basic", "mvno")
MEASURES = ("complaints", "share", "qoq", "yoy", "rank")

# The base of each rate family: complaints per RATE_BASES[family] people or subscribers.
RATE_BASES: dict[str, int] = {"residents": 100_000, "subscribers": 1_000_000}

FAMILIES: dict[str, tuple[str, ...]] = {
    "channel": CHANNELS,
    "category": CATEGORIES,
    "role": USER_ROLES,
    "chain_role": CHAIN_ROLES,
    "action": ACTIONS,
    "target": TARGET_TYPES,
    "operator_kind": OPERATOR_KINDS,
    "rate": tuple(RATE_BASES),
    "measure": MEASURES,
}

TABLE: dict[str, tuple[str, str]] = {
    # channels
    "term.channel.sms": ("Spam SMS", "垃圾短信"),
    "term.channel.call": ("Harassing calls", "骚扰电话"),
    "term.channel.all": ("SMS and calls", "短信和电话"),
    # complaint categories (never an industry's name: 涉嫌诈骗 and 未分类 are industries)
    "term.category.marketing": ("Commercial marketing", "商业营销类"),
    "term.category.harassment": ("Malicious harassment", "恶意骚扰类"),
    "term.category.fraud": ("Illegal or criminal", "违法犯罪类"),
    "term.category.unknown": ("Category not given", "未标明类别"),
    "term.category.all": ("All categories", "全部类别"),
    # user roles
    "term.role.analyst": ("Analyst", "分析员"),
    "term.role.approver": ("Approver", "审批人"),
    "term.role.press": ("Press officer", "新闻发布"),
    "term.role.leadership": ("Leadership", "领导"),
    # chain roles: who an action lands on
    "term.chain_role.source_company": ("Source company", "源头企业"),
    "term.chain_role.port_company": ("SMS port company", "短信端口企业"),
    "term.chain_role.operator": ("Basic operator", "基础电信企业"),
    "term.chain_role.mvno": ("Reseller (MVNO)", "移动转售企业"),
    # enforcement actions, mildest first
    "term.action.notice": ("Notice", "通报"),
    "term.action.interview": ("Interview", "约谈"),
    "term.action.rectification": ("Rectification order", "责令整改"),
    "term.action.fine": ("Fine", "罚款"),
    "term.action.credit_listing": ("Credit listing", "列入不良名单"),
    "term.action.suspension": ("Suspension", "暂停业务"),
    "term.action.accountability": ("Internal accountability", "内部问责"),
    # takedown targets
    "term.target.port": ("SMS port", "短信端口"),
    "term.target.number": ("Number", "号码"),
    "term.target.line": ("Line", "线路"),
    # operator kinds
    "term.operator_kind.basic": ("Basic operator", "基础电信企业"),
    "term.operator_kind.mvno": ("Reseller (MVNO)", "移动转售企业"),
    "term.operator_kind.all": ("Basic operators and resellers", "基础电信企业和转售企业"),
    # rate bases: the header of every rate column names its base
    "term.rate.residents": ("Complaints per 100,000 residents", "每十万人投诉量"),
    "term.rate.subscribers": ("Complaints per million subscribers", "每百万用户投诉量"),
    # measures
    "term.measure.complaints": ("Complaints", "投诉量"),
    "term.measure.share": ("Share", "占比"),
    "term.measure.qoq": ("Quarter on quarter", "环比"),
    "term.measure.yoy": ("Year on year", "同比"),
    "term.measure.rank": ("Rank", "排名"),
    # list separators
    "term.sep": (", ", "、"),
}


def label(family: str, code: str | None, lang: str) -> str:
    """The label of ``code`` in ``family``; ``None`` is "all" where the family has an "all" label.

    An unknown code is a bug (codes are checked at load), so it raises ``ValueError`` rather than
    showing the raw code to a reader.
    """
    from anning.i18n import t

    if family not in FAMILIES:
        raise ValueError(f"unknown term family {family!r}")
    if code is None:
        return t(f"term.{family}.all", lang)
    if code not in FAMILIES[family]:
        raise ValueError(f"unknown {family} code {code!r}; known: {', '.join(FAMILIES[family])}")
    return t(f"term.{family}.{code}", lang)


def channel(code: str | None, lang: str) -> str:
    """``sms`` → Spam SMS / 垃圾短信; ``None`` → both channels."""
    return label("channel", code, lang)


def category(code: str | None, lang: str) -> str:
    """``fraud`` → Illegal or criminal / 违法犯罪类; ``None`` → all categories."""
    return label("category", code, lang)


def role(code: str, lang: str) -> str:
    """A user role."""
    return label("role", code, lang)


def chain_role(code: str, lang: str) -> str:
    """Who an action lands on: source company, port company, operator, reseller."""
    return label("chain_role", code, lang)


def action(code: str, lang: str) -> str:
    """An enforcement action."""
    return label("action", code, lang)


def target(code: str, lang: str) -> str:
    """A takedown target type: port, number, line."""
    return label("target", code, lang)


def operator_kind(code: str | None, lang: str) -> str:
    """Basic operator or reseller; ``None`` → both."""
    return label("operator_kind", code, lang)


def rate(family: str, lang: str) -> str:
    """The header of a rate column, naming its base (``residents`` or ``subscribers``)."""
    return label("rate", family, lang)


def measure(code: str, lang: str) -> str:
    """A common measure: complaints, share, QoQ, YoY, rank."""
    return label("measure", code, lang)


def inline(text: str, lang: str) -> str:
    """A label as it reads inside an English sentence ("Notice" -> "notice"; "SMS port" stays)."""
    if lang != "en" or not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]


def join(items: list[str] | tuple[str, ...], lang: str) -> str:
    """Items joined the way the language lists them (", " or "、")."""
    from anning.i18n import t

    return t("term.sep", lang).join(items)
