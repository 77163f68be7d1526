"""Translations: lead referrals to other departments."""

TABLE: dict[str, tuple[str, str]] = {
    "ref.col.lead_id": ("Lead id", "线索编号"),
    "ref.col.content": ("Message", "信息内容"),
    "ref.col.number_family": ("Number range", "号段类型"),
    "ref.col.outcome": ("Outcome", "处理结果"),
    "ref.col.answered_on": ("Date", "处理日期"),
    "ref.col.answered": ("Answered", "已反馈"),
    "ref.col.feedback_due": ("Feedback due", "反馈期限"),
    "ref.col.status": ("Status", "状态"),
    "ref.col.received_at": ("Received", "投诉时间"),
    "ref.col.channel": ("Channel", "类型"),
    "ref.col.category": ("Category", "类别"),
    "ref.col.industry": ("Industry", "行业"),
    "ref.col.company": ("Company", "企业名称"),
    "ref.col.company_id": ("Credit code", "统一社会信用代码"),
    "ref.col.sender": ("Sender number", "发送号码"),
    "ref.col.port": ("Port", "端口号"),
    "ref.col.port_company": ("Port company", "端口企业"),
    "ref.col.operator": ("Operator", "电信企业"),
    "ref.col.province": ("Province", "省份"),
    "ref.col.count": ("Count", "件数"),
    "ref.col.leads": ("Leads", "线索数"),
    "ref.col.complaints": ("Complaints", "投诉量"),
    "ref.col.first": ("First", "最早"),
    "ref.col.last": ("Last", "最晚"),
    "ref.col.year": ("Year", "年份"),
    "ref.col.batches": ("Batches", "批次"),
    "ref.col.departments": ("Departments", "部门数"),
    "ref.col.bulletin": ("Published figure", "公开数据"),
    # Lead totals by kind (the log), and the feedback table's outcome headers (ref.outcome.* run inside sentences).
    "ref.col.company_leads": ("Leads about companies", "涉企线索数"),
    "ref.col.numbers": ("Sender numbers for public security", "移交公安部号码数"),
    "ref.col.outcome_handled": ("Handled", "已处理"),
    "ref.col.outcome_no_violation": ("No violation found", "未发现违法违规"),
    "ref.col.outcome_transferred": ("Transferred to another department", "已转交其他部门"),
    "ref.col.outcome_unverifiable": ("Could not be verified", "无法核实"),
    "ref.col.outcome_pending": ("In progress", "处理中"),
    "ref.bulletin_value": ("{batches} batches, {leads} leads", "{batches}批次{leads}条"),
    "ref.sheet.leads": ("Leads", "线索明细"),
    "ref.sheet.companies": ("Companies", "企业投诉量"),
    "ref.sheet.senders": ("Top sender numbers", "高频发送号码"),
    "ref.note.batch": (
        "Batch {batch}, {quarter}, for {department}.",
        "移交批次{batch}（{quarter}），移交单位：{department}。",
    ),
    "ref.note.rows": ("{leads} leads about {companies} companies.", "共{leads}条线索，涉及{companies}家企业。"),
    "ref.note.definition": (
        "A lead is a user complaint attributed to a source company in an industry the receiving department "
        "supervises. Complaints are unverified reports.",
        "线索为归属于接收部门主管行业源头企业的用户投诉，投诉内容未经逐一核实。",
    ),
    "ref.note.no_personal": (
        "No complainant data: reporters' numbers and other personal data are never stored or referred.",
        "不含举报人信息：举报人号码等个人信息不存储、不移交。",
    ),
    "ref.note.prepared_at": ("Prepared at {at} (UTC).", "编制时间{at}（UTC）。"),
    "ref.note.numbers": (
        "{numbers} sender numbers ({leads} complaints) on the number list for public security.",
        "号码清单共{numbers}个被举报发送号码（对应投诉{leads}件）。",
    ),
    "ref.note.feedback": (
        "Feedback due by {due}: fill in the sheet “Feedback” for each lead (lead id; outcome: {outcomes}; date).",
        "请于{due}前逐条填写“反馈表”（线索编号；处理结果：{outcomes}；处理日期）并反馈。",
    ),
    "ref.sheet.numbers": ("Number list", "号码清单"),
    "ref.sheet.number_leads": ("Number leads", "号码线索明细"),
    "ref.sheet.feedback": ("Feedback", "反馈表"),
    "ref.outcome.handled": ("handled", "已处理"),
    "ref.outcome.no_violation": ("no violation found", "未发现违法违规"),
    "ref.outcome.transferred": ("transferred to another department", "已转交其他部门"),
    "ref.outcome.unverifiable": ("could not be verified", "无法核实"),
    "ref.outcome.pending": ("in progress", "处理中"),
    "ref.status.prepared": ("Prepared, not sent", "已编制，未移交"),
    "ref.status.waiting": ("Sent, awaiting feedback", "已移交，待反馈"),
    "ref.status.overdue": ("Feedback overdue", "逾期未反馈"),
    "ref.status.answered": ("All answered", "已全部反馈"),
    # the covering letter (公函)
    "ref.letter.title": ("Referral of spam complaint leads, {quarter}", "关于移交{quarter}垃圾信息投诉问题线索的函"),
    "ref.letter.reference": ("Referral batch {batch}", "（移交批次：{batch}）"),
    "ref.letter.to": ("To: {department}", "{department}："),
    "ref.letter.intro": (
        "Under the interdepartmental mechanism for the governance of spam, we refer to you the leads from the "
        "user complaints of {quarter}, received by the 12321 Reporting Center and the telecom operators, that "
        "concern the industries you supervise, for verification and handling under the laws and regulations "
        "you apply.",
        "根据垃圾信息综合治理部门协同工作机制，现将{quarter}12321网络不良与垃圾信息举报受理中心及基础电信企业"
        "受理的、涉及贵单位主管行业的垃圾信息投诉问题线索移交贵单位，请依法依规核查处理。",
    ),
    "ref.letter.intro_numbers": (
        "Under the interdepartmental mechanism for the governance of spam, we refer to you the sender numbers "
        "reported in the user complaints of {quarter}, received by the 12321 Reporting Center and the telecom "
        "operators, for suspected fraud, gambling or other crimes, for investigation under the law.",
        "根据垃圾信息综合治理部门协同工作机制，现将{quarter}12321网络不良与垃圾信息举报受理中心及基础电信企业"
        "受理的、涉嫌诈骗、赌博等违法犯罪的被举报发送号码移交贵单位，请依法核查处理。",
    ),
    "ref.letter.numbers_only": (
        "This batch lists {numbers} sender numbers with no company identified ({leads} complaints; attachment, "
        "sheet “Number list”).",
        "本批次移交被举报发送号码{numbers}个（对应投诉{leads}件，未能确定源头企业），详见附件“号码清单”。",
    ),
    "ref.letter.leads": (
        "This batch contains {leads} leads about {companies} source companies (attachment, sheet “Leads”).",
        "本批次移交线索{leads}条，涉及源头企业{companies}家，详见附件“线索明细”。",
    ),
    "ref.letter.numbers": (
        "It also lists {numbers} sender numbers reported for suspected fraud or gambling, with no company "
        "identified ({leads} complaints; attachment, sheet “Number list”).",
        "另附涉嫌诈骗、赌博等违法犯罪的被举报发送号码{numbers}个（对应投诉{leads}件，未能确定源头企业），"
        "详见附件“号码清单”。",
    ),
    "ref.letter.feedback": (
        "Please report the outcome of each lead by {due}, in the attachment's sheet “Feedback”: the lead id, "
        "the outcome ({outcomes}) and the date, so that every report is dealt with and answered.",
        "请于{due}前将处理结果反馈我部。反馈时请使用附件中的“反馈表”，逐条填写线索编号、处理结果（{outcomes}）"
        "和处理日期，确保群众举报“件件有处置，事事有回音”。",
    ),
    "ref.letter.personal": (
        "The attachment contains no complainant data; the numbers listed are the reported senders' numbers.",
        "附件不含举报人个人信息，所列号码均为被举报的发送号码。",
    ),
    "ref.letter.attachments": ("Attachment: ", "附件："),
    "ref.letter.attachment": ("{file}", "{file}"),
    "ref.letter.signature": ("Ministry of Industry and Information Technology", "工业和信息化部"),
    # feedback files
    "ref.fb.problem": ("Line {line}, {column} “{value}”: {what}", "第{line}行{column}“{value}”：{what}"),
    "ref.fb.required": ("required", "不能为空"),
    "ref.fb.unknown_lead": ("not a lead of any prepared batch", "不是已编制批次的线索编号"),
    "ref.fb.duplicate": ("the lead appears twice in the file", "该线索在文件中重复出现"),
    "ref.fb.bad_outcome": ("not an outcome this form accepts", "处理结果不在反馈表规定的范围内"),
    "ref.fb.bad_date": ("not a date (YYYY-MM-DD)", "不是有效日期（年-月-日）"),
    "ref.fb.future_date": ("a date in the future", "日期晚于今天"),
    "ref.fb.not_sent": ("its batch has not been recorded as sent", "所属批次尚未登记移交"),
    "ref.fb.before_sent": ("a date before the batch was sent", "日期早于移交日期"),
    "ref.fb.none_sent": ("No batch has been recorded as sent yet.", "尚无已登记移交的批次。"),
    "ref.fb.sentence": (
        "Of {leads} leads referred, {answered} have been answered: {how}.",
        "已移交线索{leads}条，已反馈{answered}条：{how}。",
    ),
    # the page
    "ref.page.due": (
        "Of these, {leads} are complaints about {companies} source companies, for {n} departments, and {numbers} "
        "are sender numbers on public security's number list ({complaints} complaints). Feedback due by {due}.",
        "其中涉及{companies}家源头企业的投诉线索{leads}条（{n}个部门），公安部号码清单所列被举报号码{numbers}条"
        "（对应投诉{complaints}件）。反馈期限：{due}。",
    ),
    "ref.page.sent": ("Recorded as sent on {on} by {by}.", "已于{on}登记移交（登记人{by}）。"),
    "ref.page.send_help": (
        "When the files and covering letters of batch {batch} have gone to the {departments} departments, record "
        "it here. This cannot be undone, and the departments' feedback can only be loaded after it.",
        "批次{batch}的文件和函件送达{departments}个部门后，请在此登记移交。登记后不可撤销；登记后方可导入各部门的反馈。",
    ),
    "ref.page.send_date": ("Date sent", "移交日期"),
    "ref.page.confirm": (
        "I confirm that batch {batch} and its covering letters were sent to every department named.",
        "我确认批次{batch}及其函件已送达所列全部部门。",
    ),
    "ref.page.mark_sent": ("Record as sent", "登记移交"),
    "ref.page.sent_done": ("Batch {batch} recorded as sent.", "批次{batch}已登记移交。"),
    "ref.page.feedback_days": ("Days the departments have to answer", "反馈期限（天）"),
    "ref.page.feedback": ("Departments' feedback", "各部门反馈"),
    "ref.page.load_feedback": ("Load a feedback file", "导入反馈文件"),
    "ref.page.feedback_help": (
        "A CSV or XLSX file with the columns lead id (线索编号), outcome (处理结果: {outcomes}) and date (处理日期), "
        "such as the “Feedback” sheet of a batch file filled in. All rows are checked; if any is wrong, nothing is "
        "loaded.",
        "CSV或XLSX文件，含线索编号、处理结果（{outcomes}）和处理日期三列，如填写后的批次文件“反馈表”。"
        "逐行校验，任一行有误则不导入。",
    ),
    "ref.page.feedback_file": ("Feedback file", "反馈文件"),
    "ref.page.load": ("Load feedback", "导入反馈"),
    "ref.page.feedback_refused": (
        "Nothing was loaded: {n} problems in the file.",
        "未导入：文件中有{n}处问题。",
    ),
    "ref.page.feedback_done": ("{n} answers loaded.", "已导入{n}条反馈。"),
}
