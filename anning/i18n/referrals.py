"""Translations: lead referrals to other departments."""

TABLE: dict[str, tuple[str, str]] = {
    "ref.col.complaint_id": ("Complaint id", "投诉编号"),
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
    "ref.note.prepared": ("Prepared by {by} at {at} (UTC).", "由{by}于{at}（UTC）编制。"),
}
