"""Translations: the methodology and glossary page (definitions; the terms' labels are in ``terms``)."""

TABLE: dict[str, tuple[str, str]] = {
    "gl.intro": (
        "What every figure in Anning counts, and the one name each term has on every page, export and document.",
        "安宁中各项数字的统计口径，以及各术语在所有页面、导出文件和文件中统一使用的名称。",
    ),
    "gl.search": ("Find a term", "查找术语"),
    "gl.no_match": ("No term matches the search.", "没有匹配的术语。"),
    "gl.col.term": ("Term", "术语"),
    "gl.col.definition": ("Definition", "释义"),
    "gl.col.en": ("In English", "英文名称"),
    "gl.col.zh": ("In Chinese", "中文名称"),
    "gl.sec.method": ("Methods", "统计方法"),
    "gl.method.forecast": (
        "Forecasts: each forecast is, period by period, the median of five models (Theta with adaptive seasonal "
        "factors, the dynamic optimised Theta model, damped-trend ETS, the standard Theta method and the seasonal "
        "naive method), each fitted on the complete periods "
        "only. Each series is backtested from several origins, and the 80% and 95% intervals are set from those "
        "backtest errors. A past quarter is unusual when it falls outside the 95% interval of the forecast made "
        "just before it.",
        "预测：每期预测值为五个模型（季节因子随时间调整的 Theta 法、动态优化 Theta 法、阻尼趋势 ETS、标准 Theta 法和"
        "季节朴素法）预测值的中位数，"
        "各模型仅用已结束的各期数据拟合；每个序列从多个起点滚动回测，80%和95%预测区间依据回测误差确定；"
        "某一历史季度超出其事前预测95%区间的，标注为异常。",
    ),
    "gl.sec.complaints": ("Complaints and who they are about", "投诉及其涉及对象"),
    "gl.sec.actions": ("Takedowns and enforcement", "关停处置与执法"),
    "gl.sec.measures": ("Measures and methods", "指标与方法"),
    "gl.sec.roles": ("Who may do what", "角色与权限"),
    "gl.complaint": ("Complaint", "投诉"),
    "gl.def.complaint": (
        "A report by a user to the 12321 Reporting Center or to an operator about one spam message or harassing "
        "call. Complaints are unverified: a rise can mean more spam or easier reporting. No complainant's number "
        "is ever stored.",
        "用户向12321举报中心或电信企业就一条垃圾短信或一次骚扰电话提交的举报。投诉未经逐一核实，投诉量上升既可能反映垃圾信息增多，"
        "也可能反映举报更加便利。系统不存储任何举报人号码。",
    ),
    "gl.def.channel.sms": (
        "Unsolicited text messages, mostly sent in bulk through SMS ports (106 numbers).",
        "未经用户同意发送的短信息，多经短信端口（106号段）批量发送。",
    ),
    "gl.def.channel.call": (
        "Unwanted voice calls: marketing calls, malicious harassment and fraud calls.",
        "用户不愿接听的语音呼叫，包括营销电话、恶意骚扰电话和诈骗电话。",
    ),
    "gl.def.category.marketing": (
        "Advertising and sales messages or calls sent without the user's consent.",
        "未经用户同意发送的商业广告、推销类短信或电话。",
    ),
    "gl.def.category.harassment": (
        "Messages or calls meant to disturb, threaten or insult, including repeated calls.",
        "以扰乱、威胁、辱骂为目的的短信或电话，包括反复呼叫。",
    ),
    "gl.def.category.fraud": (
        "Messages or calls suspected of fraud, extortion or other crime: what the 12321 centre classes as "
        "违法犯罪类. A category describes the message; it is not an industry.",
        "涉嫌诈骗、敲诈勒索等违法犯罪的短信或电话，即12321举报中心所称违法犯罪类。类别描述信息内容，不是行业。",
    ),
    "gl.def.category.unknown": (
        "The complaint names no category; counted in totals, never in a category's share.",
        "投诉未标明类别；计入总量，不计入任何类别的占比。",
    ),
    "gl.industry": ("Source industry", "源头行业"),
    "gl.def.industry": (
        "The line of business of the company behind a message or call, from the ministry's reference list of "
        "industries (for example loans and wealth management). An industry says who sends; a category says what "
        "kind of message it is.",
        "发送短信或拨打电话的企业所属行业，依据主管部门行业参考表（如贷款理财）。行业说明谁发送，类别说明信息属于哪一类。",
    ),
    "gl.def.chain_role.source_company": (
        "The company whose business the message or call promotes, identified by its Unified Social Credit Code, "
        "else by its normalised name.",
        "短信或电话所推广业务的企业，按统一社会信用代码识别，无有效代码时按规范化名称识别。",
    ),
    "gl.def.chain_role.port_company": (
        "A company that holds SMS ports (106 numbers) and sends messages for its clients: “who sends, answers”.",
        "持有短信端口（106号段）并为客户发送短信的企业，“谁发送、谁负责”。",
    ),
    "gl.def.chain_role.operator": (
        "China Mobile, China Unicom, China Telecom or China Broadnet: they connect ports and numbers and answer "
        "for the access they grant (“who connects, answers”).",
        "中国移动、中国联通、中国电信、中国广电，负责接入端口和号码，“谁接入、谁负责”。",
    ),
    "gl.def.chain_role.mvno": (
        "A mobile virtual network operator: it resells a basic operator's network under its own brand and must "
        "register its users' real names.",
        "移动通信转售企业：以自有品牌转售基础电信企业的网络服务，须落实用户实名登记。",
    ),
    "gl.number_range": ("Number range", "号段"),
    "gl.def.number_range": (
        "The first digits of the number that sent the message or made the call (for example 170), which tell the "
        "operator and the kind of line.",
        "发送短信或拨打电话号码的前几位（如170），据此可知所属运营商和号码类型。",
    ),
    "gl.def.target.port": (
        "An SMS port (a 106 number) closed so it can no longer send.",
        "被关停、不能再发送的短信端口（106号码）。",
    ),
    "gl.def.target.number": ("A mobile or fixed number closed by its operator.", "被运营商关停的移动或固定电话号码。"),
    "gl.def.target.line": ("A voice line (trunk) closed by its operator.", "被运营商关停的语音线路（中继线）。"),
    "gl.def.action.notice": ("A written notice of the problem to the company.", "以书面形式向企业通报问题。"),
    "gl.def.action.interview": (
        "The company's management is summoned to explain and correct.",
        "约见企业负责人，要求说明情况并整改。",
    ),
    "gl.def.action.rectification": ("An order to correct within a set time.", "责令在规定期限内改正。"),
    "gl.def.action.fine": (
        "A fine; under the SMS regulation at most 3 × the illegal gains and never above ¥30,000, or ¥10,000 "
        "without illegal gains. Fines above the cap are flagged for a check of their legal basis.",
        "罚款。依《通信短信息服务管理规定》，有违法所得的不超过违法所得3倍且最高3万元，无违法所得的不超过1万元；超过上限的罚款予以标注，须核查法律依据。",
    ),
    "gl.def.action.credit_listing": (
        "Entry on the list of telecom businesses with bad credit.",
        "列入电信业务经营不良名单。",
    ),
    "gl.def.action.suspension": ("A suspension of the business concerned.", "暂停相关业务。"),
    "gl.def.action.accountability": (
        "An operator holds its own staff or branch to account.",
        "电信企业对内部人员或分支机构进行问责。",
    ),
    "gl.def.measure.complaints": (
        "The number of complaints in the quarter and scope shown.",
        "所示季度和统计范围内的投诉件数。",
    ),
    "gl.def.measure.share": (
        "Complaints of one entity as a percentage of the complaints in scope whose value of that dimension is "
        "known; one decimal.",
        "某一对象的投诉量占统计范围内该维度有记录投诉的百分比，保留一位小数。",
    ),
    "gl.def.measure.qoq": (
        "The change on the previous quarter, in per cent. Shown as a rise or fall only when an exact binomial "
        "test gives p < 0.05; otherwise marked “not significant”.",
        "与上一季度相比的变化百分比。仅当精确二项检验p < 0.05时表述为上升或下降，否则标注“变化不显著”。",
    ),
    "gl.def.measure.yoy": (
        "The change on the same quarter a year earlier, in per cent, tested the same way as quarter on quarter.",
        "与上年同期相比的变化百分比，检验方法与环比相同。",
    ),
    "gl.def.measure.rank": (
        "Order by complaints; equal counts share a rank (1, 2, 2, 4). Entities below the minimum count are left "
        "out, so that 1 → 3 never tops a list.",
        "按投诉量排序，投诉量相同者名次相同（1、2、2、4）；低于最低投诉量的对象不列入，避免1件变3件排在前列。",
    ),
    "gl.def.rate.residents": (
        "For provinces: complaints per 100,000 residents (Seventh National Population Census, 2020). A province "
        "with fewer complaints than the minimum count gets no rate: a handful of complaints in a small "
        "population would rank first by chance.",
        "用于省份：每十万常住人口投诉量（第七次全国人口普查，2020年）。投诉量低于最低件数的省份不计算比率，以免人口少的省份因少量投诉偶然排在前列。",
    ),
    "gl.def.rate.subscribers": (
        "For operators and resellers: complaints per million subscribers of the quarter's year (else the latest "
        "earlier year).",
        "用于电信企业和转售企业：每百万用户投诉量，用户数取当年数据（无当年数据时取此前最近一年）。",
    ),
    "gl.running": ("Running quarter", "当季（未结束）"),
    "gl.def.running": (
        "A quarter not over yet: its counts are partial, so no change is computed for it and charts mark it, "
        "lest it read as a fall.",
        "尚未结束的季度：数据不完整，不计算变化，图表中予以标注，以免被误读为下降。",
    ),
    "gl.as_of": ("Data as of", "数据截至"),
    "gl.def.as_of": (
        "The date of the latest complaint loaded; figures for recent quarters can change when late complaints arrive.",
        "已导入的最近一条投诉的日期；如有补录投诉，近期季度的数据可能调整。",
    ),
    "gl.def.role.analyst": (
        "Loads data, prepares inventories, candidate lists and referrals.",
        "导入数据，编制盘点、候选名单和线索移交。",
    ),
    "gl.def.role.approver": (
        "Approves and publishes lists and inventories, never one they prepared.",
        "审批并发布名单和盘点，但不得审批本人编制的。",
    ),
    "gl.def.role.press": (
        "Reads and exports what has been published: the inventory, the lists and the published rankings.",
        "查看和导出已发布内容：投诉情况盘点、曝光名单和已发布的排行。",
    ),
    "gl.def.role.leadership": (
        "Reads every analysis page and the one-page brief; changes nothing.",
        "查看各分析页面和一页纸简报，不作任何修改。",
    ),
}

# The page's entries, section by section: (section key, term label key, definition key). Terms from the
# shared vocabulary use their ``term.*`` label, so the glossary can never name a term differently from the
# pages.
SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "gl.sec.complaints",
        (
            ("gl.complaint", "gl.def.complaint"),
            ("term.channel.sms", "gl.def.channel.sms"),
            ("term.channel.call", "gl.def.channel.call"),
            ("term.category.marketing", "gl.def.category.marketing"),
            ("term.category.harassment", "gl.def.category.harassment"),
            ("term.category.fraud", "gl.def.category.fraud"),
            ("term.category.unknown", "gl.def.category.unknown"),
            ("gl.industry", "gl.def.industry"),
            ("term.chain_role.source_company", "gl.def.chain_role.source_company"),
            ("term.chain_role.port_company", "gl.def.chain_role.port_company"),
            ("term.chain_role.operator", "gl.def.chain_role.operator"),
            ("term.chain_role.mvno", "gl.def.chain_role.mvno"),
            ("gl.number_range", "gl.def.number_range"),
        ),
    ),
    (
        "gl.sec.actions",
        (
            ("term.target.port", "gl.def.target.port"),
            ("term.target.number", "gl.def.target.number"),
            ("term.target.line", "gl.def.target.line"),
            ("term.action.notice", "gl.def.action.notice"),
            ("term.action.interview", "gl.def.action.interview"),
            ("term.action.rectification", "gl.def.action.rectification"),
            ("term.action.fine", "gl.def.action.fine"),
            ("term.action.credit_listing", "gl.def.action.credit_listing"),
            ("term.action.suspension", "gl.def.action.suspension"),
            ("term.action.accountability", "gl.def.action.accountability"),
        ),
    ),
    (
        "gl.sec.measures",
        (
            ("term.measure.complaints", "gl.def.measure.complaints"),
            ("term.measure.share", "gl.def.measure.share"),
            ("term.measure.qoq", "gl.def.measure.qoq"),
            ("term.measure.yoy", "gl.def.measure.yoy"),
            ("term.measure.rank", "gl.def.measure.rank"),
            ("term.rate.residents", "gl.def.rate.residents"),
            ("term.rate.subscribers", "gl.def.rate.subscribers"),
            ("gl.running", "gl.def.running"),
            ("gl.as_of", "gl.def.as_of"),
        ),
    ),
    (
        "gl.sec.roles",
        (
            ("term.role.analyst", "gl.def.role.analyst"),
            ("term.role.approver", "gl.def.role.approver"),
            ("term.role.press", "gl.def.role.press"),
            ("term.role.leadership", "gl.def.role.leadership"),
        ),
    ),
)


def entries(lang: str) -> list[tuple[str, str, str, str]]:
    """Every glossary entry as (section, term, the term in the other language, definition), in ``lang``."""
    from anning.i18n import t

    other = "en" if lang == "zh" else "zh"
    return [
        (t(section, lang), t(term, lang), t(term, other), t(definition, lang))
        for section, items in SECTIONS
        for term, definition in items
    ]
