"""Translations: name-and-shame lists: candidate rules, grounds, review columns, list exports."""

TABLE: dict[str, tuple[str, str]] = {
    "pub.sep": ("; ", "；"),
    "pub.list_sep": (", ", "、"),
    "pub.listing": ("{quarter} (v{version})", "{quarter}（第{version}版）"),
    "pub.hash_line": ("Content hash (SHA-256): {hash}", "内容哈希值（SHA-256）：{hash}"),
    "pub.supersedes_line": (
        "Supersedes version {version} (SHA-256 {hash}), which remains on record.",
        "本版替代第{version}版（SHA-256 {hash}），原版本仍予保留。",
    ),
    "pub.version_label": ("{list_id} version {version}", "{list_id} 第{version}版"),
    "pub.version_public": ("version {version}", "第{version}版"),
    "pub.list_title": (
        "Companies with prominent spam complaints, {quarter}",
        "{quarter}垃圾信息投诉问题突出企业名单",
    ),
    "pub.doc.notes": ("Notes", "说明"),
    "pub.sheet.list": ("List", "名单"),
    "pub.sheet.review": ("All candidates", "全部候选"),
    "pub.sheet.unidentified": ("Needs identification", "待核实身份"),
    "pub.foot.method": (
        "Method: candidates come from explicit rules and were reviewed one by one; an exclusion carries its reason.",
        "方法：候选企业依据明确规则产生，逐一审核，排除须注明理由。",
    ),
    "pub.foot.as_of": ("Data as of {as_of}.", "数据截至{as_of}。"),
    "pub.foot.published": ("Published on {date}.", "发布日期：{date}。"),
    "pub.foot.people": (
        "Prepared by {prepared}, approved by {approved}, published by {published} at {at} (UTC).",
        "编制：{prepared}；审批：{approved}；发布：{published}，发布时间{at}（UTC）。",
    ),
    "pub.foot.internal": (
        "Internal record {list_id}, not for publication.",
        "内部记录{list_id}，不对外发布。",
    ),
    "pub.foot.correction": ("Reason for the correction: {note}", "更正原因：{note}"),
    "pub.foot.grounds": (
        "Grounds are stated as they are literally true of each company: its rank in its industry, the quarters "
        "in a row it has been among the leaders, and earlier lists that named it.",
        "入选依据如实列明：所属行业投诉量排名、连续投诉居前的季度数、此前被通报曝光的情况。",
    ),
    "pub.foot.measure": (
        "Measure taken: this quarter's actions (else the latest earlier one), each with its date, the deciding "
        "authority as named on that date, and any fine.",
        "已采取措施：本季度作出的处置（本季度无处置的，列最近一次），注明日期、当时的决定机关及罚款金额。",
    ),
    # candidate rules (methodology)
    "pub.rule.threshold": ("At least {n} complaints in the quarter.", "本季度投诉量不少于{n}件。"),
    "pub.rule.top_industry": (
        "Among the {k} most complained-about companies of its main industry (ties kept); “other”, "
        "“unclassified” and the fraud and gambling categories are not ranked.",
        "位列所属主要行业投诉量前{k}名（并列均计入）；“其他”“未分类”及涉嫌诈骗、赌博类别不参与行业排名。",
    ),
    "pub.rule.repeat": (
        "A candidate that met one of the volume rules in each of the last {m} or more consecutive quarters is "
        "marked so; this never selects a company on its own.",
        "连续{m}个及以上季度符合投诉量条件的，在入选依据中注明，但不单独作为入选条件。",
    ),
    "pub.rule.listed_before": (
        "A candidate named on an earlier published list is marked so; this never selects a company on its own.",
        "此前已在公开发布的名单中被通报曝光的，在入选依据中注明，但不单独作为入选条件。",
    ),
    "pub.rule.ports_shut": (
        "At least {p} of the SMS ports its messages came through were shut this quarter.",
        "本季度其使用的短信端口被关停不少于{p}个。",
    ),
    "pub.rule.fined": ("Fined this quarter.", "本季度受到罚款处罚。"),
    "pub.rule.floor": (
        "Every candidate has at least {n} complaints in the quarter.",
        "候选企业本季度投诉量均不少于{n}件。",
    ),
    "pub.rule.floor_share": (
        "Every candidate has at least {n} complaints in the quarter and at least {share}% of all complaints "
        "attributed to source companies.",
        "候选企业本季度投诉量均不少于{n}件，且占全部源头企业投诉量的{share}%以上。",
    ),
    "pub.rule.channel": ("Complaints counted: {channel}.", "统计范围：{channel}投诉。"),
    "pub.rule.identified": (
        "Only companies with a valid unified social credit code are named; the others are held until identified.",
        "仅列入具有有效统一社会信用代码的企业，其余企业待核实身份后再行处理。",
    ),
    # grounds, as printed for each company
    "pub.ground.top_industry": ("No. {rank} in {industry} by complaints", "{industry}行业投诉量第{rank}名"),
    "pub.ground.threshold": ("{n} or more complaints this quarter", "本季度投诉量{n}件以上"),
    "pub.ground.repeat": (
        "among the most complained-about for {n} consecutive quarters",
        "连续{n}个季度投诉居前",
    ),
    "pub.ground.listed_before": ("named on an earlier list ({quarters})", "曾被通报曝光（{quarters}）"),
    "pub.ground.ports_shut": ("{p} of its SMS ports shut this quarter", "本季度{p}个所用短信端口被关停"),
    "pub.ground.fined": ("fined this quarter", "本季度受到罚款处罚"),
    "pub.paren": (" ({text})", "（{text}）"),
    "pub.measure.item": ("{date}: {action} by {authority}{amount}", "{date}，{authority}{action}{amount}"),
    "pub.measure.amount": (", {amount}", "{amount}"),
    "pub.measure.under_review": (
        " (amount above the statutory cap, under legal review)",
        "（罚款金额超出法定限额，正在法律审核）",
    ),
    "pub.measure.no_authority": ("authority not recorded", "决定机关未记录"),
    "pub.id_problem.no_credit_code": (
        "no unified social credit code in the complaints",
        "投诉数据中无统一社会信用代码",
    ),
    "pub.id_problem.bad_credit_code": (
        "the credit code in the complaints fails its check character",
        "投诉数据中的统一社会信用代码校验未通过",
    ),
    "pub.reason.appeal": ("under appeal", "申诉中"),
    "pub.reason.attribution": ("attribution disputed", "归属存疑"),
    "pub.reason.rectified": ("rectified and verified", "已整改核实"),
    "pub.reason.insufficient": ("evidence insufficient", "证据不足"),
    "pub.reason.other": ("other (see note)", "其他（见备注）"),
    "pub.err.reason_required": ("an exclusion needs a reason", "排除须注明理由"),
    "pub.err.note_required": ("the reason “other (see note)” needs a note", "理由为“其他（见备注）”时须填写备注"),
    # list and review columns
    "pub.col.no": ("No.", "序号"),
    "pub.col.company": ("Company", "企业名称"),
    "pub.col.company_id": ("Credit code", "统一社会信用代码"),
    "pub.col.industry": ("Industry", "行业"),
    "pub.col.complaints": ("Complaints", "投诉量"),
    "pub.col.ports_shut": ("Ports shut", "关停端口"),
    "pub.col.grounds": ("Grounds", "入选依据"),
    "pub.col.include": ("Include", "列入"),
    "pub.col.reason": ("Reason for exclusion", "排除理由"),
    "pub.col.note": ("Note", "备注"),
    "pub.col.industry_rank": ("Rank in industry", "行业排名"),
    "pub.col.industry_share": ("Share of industry %", "行业占比%"),
    "pub.col.streak": ("Quarters in a row", "连续季度"),
    "pub.col.fined": ("Fined this quarter (yuan)", "本季度罚款（元）"),
    "pub.col.enforcement": ("Enforcement history", "执法记录"),
    "pub.col.earlier": ("Earlier lists", "此前上榜"),
    "pub.col.key": ("Key", "标识"),
    "pub.page.nothing_to_save": ("Nothing changed since the last save.", "自上次保存以来无改动。"),
    "pub.page.problems_first": (
        "Complete every exclusion first: a reason, and a note where the reason is “other”.",
        "请先补全每项排除：注明理由；理由为“其他”的，须填写备注。",
    ),
    "pub.page.unidentified": ("Needs identification ({n})", "待核实身份（{n}家）"),
    "pub.page.unidentified_help": (
        "These companies meet the rules but have no valid unified social credit code, so they cannot be named. "
        "Identify them (a credit code in the complaint data) before a later list.",
        "以下企业符合入选条件，但无有效统一社会信用代码，不能列入名单。请先核实身份（在投诉数据中补充信用代码）。",
    ),
    "pub.page.rule_floor_share": ("Floor: share of all (%)", "下限：占全部比例（%）"),
    "pub.col.share": ("Share of all %", "占全部%"),
    "pub.col.measure": ("Measure taken", "已采取措施"),
    "pub.col.port_company": ("Port company used", "所用端口企业"),
    "pub.col.id_problem": ("Why it cannot be named yet", "暂不列入原因"),
}
