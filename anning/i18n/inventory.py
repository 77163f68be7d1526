"""Translations: the quarterly complaint inventory (垃圾信息投诉情况盘点) and the export notes.

Every sentence of the document is a whole sentence in each language, written as the ministry's
bulletins are (公文 in Chinese, an official register in English); the inventory fills in numbers
and names only. Counts, dates and quarters come already worded (:mod:`anning.publish.wording`).
"""

TABLE: dict[str, tuple[str, str]] = {
    # ---- words (anning.publish.wording)
    "pub.inv.w.up": ("up {pct}", "上升{pct}"),
    "pub.inv.w.down": ("down {pct}", "下降{pct}"),
    "pub.inv.w.flat": ("unchanged", "持平"),
    "pub.inv.w.pp_up": ("up {pp} percentage points", "上升{pp}个百分点"),
    "pub.inv.w.pp_down": ("down {pp} percentage points", "下降{pp}个百分点"),
    # ---- the frame of the document
    "pub.inv.title": ("Spam Complaint Inventory: {quarter}", "{quarter}垃圾信息投诉情况盘点"),
    "pub.inv.issuer": (
        "12321 Network Harmful Information and Spam Reporting Center",
        "12321网络不良与垃圾信息举报受理中心",
    ),
    "pub.inv.section_no": ("{n}. {title}", "{n}、{title}"),
    "pub.inv.table_no": ("Table {n}. {title}", "表{n} {title}"),
    "pub.inv.figure_no": ("Figure {n}. {title}", "图{n} {title}"),
    "pub.inv.s.headline": ("Overview", "总体情况"),
    "pub.inv.s.categories": ("Complaint categories", "投诉类别"),
    "pub.inv.s.sms_routes": ("Spam SMS by sending route", "垃圾短信发送渠道"),
    "pub.inv.s.industries": ("Source industries", "源头行业"),
    "pub.inv.s.operators": ("Telecom operators", "电信企业"),
    "pub.inv.s.mvnos": ("Mobile virtual network operators", "移动转售企业"),
    "pub.inv.s.handling": ("Handling of forwarded reports", "转办举报处理情况"),
    "pub.inv.s.number_ranges": ("Number ranges", "被投诉号段"),
    "pub.inv.s.provinces": ("Regional distribution", "地区分布"),
    "pub.inv.s.companies": ("Companies with prominent complaint problems", "投诉问题突出的典型企业"),
    "pub.inv.s.enforcement": ("Takedowns and enforcement", "处置和执法情况"),
    "pub.inv.s.referrals": ("Leads referred and feedback", "问题线索移交和反馈"),
    "pub.inv.s.cases": ("Typical cases", "典型案例"),
    "pub.inv.s.next_steps": ("Next steps", "下一步工作"),
    "pub.inv.s.advice": ("Advice to users", "用户防范提示"),
    "pub.inv.s.annex": ("Annex: Definitions and methods", "附件：统计口径与方法"),
    # ---- 1. overview
    "pub.inv.lead": (
        "In {quarter}, the 12321 Network Harmful Information and Spam Reporting Center (the 12321 Reporting "
        "Center) received {total} complaints about spam SMS and harassing calls{cmp}.",
        "{quarter}，12321网络不良与垃圾信息举报受理中心（以下简称12321举报中心）共受理垃圾短信和骚扰电话投诉{total}{cmp}。",
    ),
    "pub.inv.cmp.both": (
        ", {qoq} on the previous quarter and {yoy} on the same quarter of the previous year",
        "，环比{qoq}，同比{yoy}",
    ),
    "pub.inv.cmp.qoq": (", {qoq} on the previous quarter", "，环比{qoq}"),
    "pub.inv.cmp.yoy": (", {yoy} on the same quarter of the previous year", "，同比{yoy}"),
    "pub.inv.channels": (
        "Of these, {sms} concerned spam SMS, {sms_share} of the total{sms_cmp}; {call} concerned "
        "harassing calls, {call_share} of the total{call_cmp}.",
        "其中，垃圾短信投诉{sms}，占投诉总量的{sms_share}{sms_cmp}；骚扰电话投诉{call}，占投诉总量的{call_share}{call_cmp}。",
    ),
    "pub.inv.ch_cmp.both": (" ({qoq} on the previous quarter, {yoy} year on year)", "，环比{qoq}，同比{yoy}"),
    "pub.inv.ch_cmp.qoq": (" ({qoq} on the previous quarter)", "，环比{qoq}"),
    "pub.inv.ch_cmp.yoy": (" ({yoy} year on year)", "，同比{yoy}"),
    "pub.inv.record.low_since": (
        "Complaints about {channel} were the fewest in any quarter since {since}.",
        "{channel}投诉量为{since}以来最低。",
    ),
    "pub.inv.record.high_since": (
        "Complaints about {channel} were the most in any quarter since {since}.",
        "{channel}投诉量为{since}以来最高。",
    ),
    "pub.inv.record.low_all": (
        "Complaints about {channel} were the fewest of any quarter since records began in {first}.",
        "{channel}投诉量为{first}有统计以来最低。",
    ),
    "pub.inv.record.high_all": (
        "Complaints about {channel} were the most of any quarter since records began in {first}.",
        "{channel}投诉量为{first}有统计以来最高。",
    ),
    "pub.inv.partial": (
        "The data for this quarter run only to {as_of}. The quarter is not yet complete, so no comparison with "
        "earlier quarters is made, and the figures will change as data are added.",
        "本季度数据截至{as_of}，尚不完整，暂不作环比、同比比较，相关数字将随数据补充而调整。",
    ),
    "pub.inv.tab.headline": ("Complaints by type", "分类型投诉量"),
    "pub.inv.fig.trend": ("Complaints per quarter", "各季度投诉量"),
    "pub.inv.axis_complaints": ("Complaints", "投诉量（件）"),
    # ---- 2. categories
    "pub.inv.cat.sentence": (
        "Of complaints about {channel}, {parts}{unknown}.",
        "{channel}投诉中，{parts}{unknown}。",
    ),
    "pub.inv.cat.part": ("{share} were classed as {category}", "{category}占{share}"),
    "pub.inv.cat.unknown": ("; {share} gave no category", "，另有{share}未标明类别"),
    "pub.inv.cat.shift": (
        "The share classed as {category} was {points} on the previous quarter.",
        "与上季度相比，{category}占比{points}。",
    ),
    "pub.inv.tab.categories": ("Complaints by category", "分类别投诉量"),
    "pub.inv.fig.categories": ("Categories within each type of complaint", "各类型投诉的类别构成"),
    # ---- 3. SMS routes and port companies
    "pub.inv.route.sentence": (
        "By sending route, {port} complaints concerned messages sent through SMS ports, {port_share} of spam "
        "SMS complaints{port_cmp}; {p2p} concerned messages sent point to point from mobile numbers, "
        "{p2p_share} of spam SMS complaints{other}.",
        "从发送渠道看，端口类垃圾短信投诉{port}，占垃圾短信投诉的{port_share}{port_cmp}；点对点垃圾短信投诉{p2p}，"
        "占垃圾短信投诉的{p2p_share}{other}。",
    ),
    "pub.inv.route.cmp": (", a share {points} on the previous quarter", "，占比较上季度{points}"),
    "pub.inv.route.other": (
        "; the remaining {share} came from fixed lines, 400 numbers and other numbers",
        "；其余{share}来自固定电话、400号码等其他号码",
    ),
    "pub.inv.route.port": ("Through SMS ports", "端口类"),
    "pub.inv.route.p2p": ("Point to point", "点对点"),
    "pub.inv.route.other_label": ("Other numbers", "其他号码"),
    "pub.inv.ports.sentence": (
        "The SMS port companies drawing the most complaints were {names}; together they account for {share} of "
        "the spam SMS complaints that name a port company.",
        "被投诉较多的短信端口企业依次为{names}，合计占涉及端口企业的垃圾短信投诉的{share}。",
    ),
    "pub.inv.ports.none": (
        "No spam SMS complaint this quarter names an SMS port company.",
        "本季度垃圾短信投诉均未涉及短信端口企业。",
    ),
    "pub.inv.tab.routes": ("Spam SMS complaints by sending route", "分发送渠道垃圾短信投诉量"),
    "pub.inv.tab.port_companies": ("SMS port companies with the most complaints", "被投诉较多的短信端口企业"),
    # ---- 4. industries
    "pub.inv.ind.sentence": (
        "By the industry of the source company, the industries with the most complaints were {names}, with "
        "{shares} of all complaints respectively.",
        "从被投诉源头企业所属行业看，投诉量居前的行业依次为{names}，分别占投诉总量的{shares}。",
    ),
    "pub.inv.ind.remained": ("{name} remained the industry with the most complaints.", "{name}仍是投诉量最多的行业。"),
    "pub.inv.ind.became": (
        "{name} replaced {previous} as the industry with the most complaints.",
        "{name}取代{previous}成为投诉量最多的行业。",
    ),
    "pub.inv.ind.riser": (
        "Complaints about {name} rose by {pct} on the previous quarter, a notable rise.",
        "{name}行业投诉环比上升{pct}，升幅明显。",
    ),
    "pub.inv.op.move_up": (
        "Complaints about numbers of {name} rose by {pct} on the previous quarter, a notable rise.",
        "{name}号码投诉环比上升{pct}，升幅明显。",
    ),
    "pub.inv.op.move_down": (
        "Complaints about numbers of {name} fell by {pct} on the previous quarter, a notable fall.",
        "{name}号码投诉环比下降{pct}，降幅明显。",
    ),
    "pub.inv.ind.unranked": (
        "Complaints that could not be assigned to an industry made up {unclassified} of all complaints, and "
        "complaints assigned to other industries {other}; neither is an industry and neither is ranked.",
        "未能归入具体行业的投诉占投诉总量的{unclassified}，归入其他行业的投诉占{other}，二者均不参与行业排名。",
    ),
    "pub.inv.tab.industries": ("Industries with the most complaints", "投诉量居前的行业"),
    "pub.inv.fig.industries": ("Industry shares of all complaints", "各行业投诉占投诉总量的比例"),
    "pub.inv.tab.unranked": ("Complaints not assigned to an industry", "未归入具体行业的投诉"),
    "pub.inv.unranked.unclassified": ("Not assigned to an industry", "未能归入具体行业"),
    "pub.inv.unranked.other": ("Other industries", "其他行业"),
    # ---- 5. operators
    "pub.inv.op.sentence": (
        "By the operator of the reported number, {lead} drew {n} complaints, {share} of the total; {others} "
        "accounted for {shares} respectively, and the mobile virtual network operators together for {mvno}.",
        "从被投诉号码所属电信企业看，{lead}投诉{n}，占投诉总量的{share}；{others}分别占{shares}；移动转售企业合计占{mvno}。",
    ),
    "pub.inv.op.rate": (
        "Relative to their subscribers, {name} had the most complaints among the basic operators, {rate} per "
        "million subscribers.",
        "按用户规模计算，各基础电信企业中，{name}每百万用户投诉量最高，为{rate}件。",
    ),
    "pub.inv.mvno_all": ("Mobile virtual network operators together", "移动转售企业合计"),
    "pub.inv.tab.operators": ("Complaints by operator", "各电信企业投诉情况"),
    "pub.inv.fig.operators": ("Operator shares of all complaints", "各电信企业投诉占投诉总量的比例"),
    # ---- 6. MVNOs
    "pub.inv.mvno.sentence": (
        "The {n} mobile virtual network operators drew {total} complaints, {share} of the total. Those with the "
        "most complaints were {names}.",
        "{n}家移动转售企业共被投诉{total}，占投诉总量的{share}。被投诉较多的转售企业依次为{names}。",
    ),
    "pub.inv.mvno.tests": (
        "Against the three requirements of lawful operation, real-name registration in place and a good public "
        "response, {green} of them met all three and {fail} did not meet at least one{incomplete}.",
        "对照依法合规经营、实名登记落实到位、社会反响良好三项要求，{green}家企业三项均符合，{fail}家企业有一项及以上不符合{incomplete}。",
    ),
    "pub.inv.mvno.incomplete": (
        "; {n} could not be assessed for want of subscriber figures",
        "，{n}家企业因缺少用户数据暂无法评估",
    ),
    "pub.inv.mvno.none": ("No mobile virtual network operator is on record.", "暂无移动转售企业数据。"),
    "pub.inv.tab.mvnos": (
        "Mobile virtual network operators with the most complaints, against the three requirements",
        "被投诉较多的移动转售企业及三项要求落实情况",
    ),
    "pub.inv.test.pass": ("Met", "符合"),
    "pub.inv.test.fail": ("Not met", "不符合"),
    "pub.inv.test.unknown": ("Not assessed", "暂无法评估"),
    "pub.inv.status.green": ("Meets all three", "三项均符合"),
    "pub.inv.status.fail": ("Falls short", "存在不符合项"),
    "pub.inv.status.incomplete": ("Not assessed", "暂无法评估"),
    # ---- 7. handling of forwarded reports (issue 17; the measures of anning.analysis.handling)
    "pub.inv.hd.forwarded": (
        "This quarter the 12321 Reporting Center forwarded {forwarded} reports to the operators that carry the "
        "reported numbers. Of these, {handled} have been handled, {pending} are still being handled and "
        "{not_actionable} could not be acted on.",
        "本季度，12321举报中心向被举报号码所属电信企业转办举报{forwarded}，其中已处理{handled}，正在处理{pending}，"
        "因信息不全等原因不予处理{not_actionable}。",
    ),
    "pub.inv.hd.basic": (
        "The basic telecom operators handled {rate} of the reports forwarded to them{timing}.",
        "各基础电信企业对转办举报的处理率为{rate}{timing}。",
    ),
    "pub.inv.hd.mvno": (
        "The mobile virtual network operators handled {rate} of the reports forwarded to them{timing}.",
        "移动转售企业对转办举报的处理率为{rate}{timing}。",
    ),
    "pub.inv.hd.all": (
        "The operators handled {rate} of the reports forwarded to them{timing}.",
        "各电信企业对转办举报的处理率为{rate}{timing}。",
    ),
    "pub.inv.hd.timing": ("; {half}, and {sla}", "，{half}，{sla}"),
    "pub.inv.hd.half_days": (
        "half of the reports handled were dealt with within {d} days",
        "已处理举报中半数在{d}天内处理完毕",
    ),
    "pub.inv.hd.half_one_day": (
        "half of the reports handled were dealt with within a day",
        "已处理举报中半数在1天内处理完毕",
    ),
    "pub.inv.hd.half_same_day": (
        "half of the reports handled were dealt with on the day they were received",
        "已处理举报中半数在受理当日处理完毕",
    ),
    "pub.inv.hd.sla": ("{share} within {n} days", "{share}在{n}日内处理完毕"),
    "pub.inv.hd.below": (
        "{names} handled fewer than {threshold} of the reports they could act on.",
        "{names}的处理率低于{threshold}。",
    ),
    "pub.inv.hd.below_many": (
        "{total} operators, among them {names}, handled fewer than {threshold} of the reports they could act on.",
        "{names}等{total}家企业的处理率低于{threshold}。",
    ),
    "pub.inv.hd.name_rate": ("{name} ({rate})", "{name}（{rate}）"),
    "pub.inv.hd.below_none": (
        "No operator handled fewer than {threshold} of the reports it could act on.",
        "各电信企业的处理率均不低于{threshold}。",
    ),
    "pub.inv.hd.partial": (
        "The quarter is not yet over: reports received late in it are still being handled, and these "
        "figures will change.",
        "本季度尚未结束，季度末受理的举报仍在处理中，上述数据将有所变化。",
    ),
    "pub.inv.hd.no_status": (
        "The reports of this quarter carry no handling status, so no handling rate is given for it.",
        "本季度转办举报未记录处理状态，暂不统计处理率。",
    ),
    "pub.inv.tab.handling": ("Handling of forwarded reports by operator", "各电信企业转办举报处理情况"),
    "pub.inv.col.forwarded": ("Reports forwarded", "转办举报（件）"),
    "pub.inv.col.handled": ("Handled", "已处理（件）"),
    "pub.inv.col.pending": ("Being handled", "处理中（件）"),
    "pub.inv.col.not_actionable": ("Could not be acted on", "不予处理（件）"),
    "pub.inv.col.handling_rate": ("Handling rate (%)", "处理率（%）"),
    "pub.inv.col.half_days": ("Days within which half were handled", "半数办结用时（天）"),
    "pub.inv.col.within_sla": ("Handled within {n} days (%)", "{n}日内处理完毕（%）"),
    # ---- 7. number ranges
    "pub.inv.range.sentence": (
        "By number range, the ranges drawing the most complaints were {names}, with {shares} of all complaints "
        "respectively.",
        "从被投诉号码所属号段看，投诉较多的号段依次为{names}，分别占投诉总量的{shares}。",
    ),
    "pub.inv.tab.number_ranges": ("Number ranges with the most complaints", "被投诉较多的号段"),
    # ---- 8. provinces
    "pub.inv.prov.sentence": (
        "By the complainant's province, the five provinces with the most complaints were {names}, together "
        "{share} of the complaints with a known province.",
        "从举报用户所在地看，投诉量居前五位的省份依次为{names}，合计占有地区信息投诉的{share}。",
    ),
    "pub.inv.prov.unlocated": (
        "A further {n} complaints ({share} of the total) carry no province and are not included in the regional "
        "figures.",
        "另有{n}件投诉（占投诉总量的{share}）无地区信息，未计入地区分布。",
    ),
    "pub.inv.prov.no_data": (
        "There are no data for {names}; they are shown in grey on the map.",
        "{names}暂无数据，图中以灰色表示。",
    ),
    "pub.inv.tab.provinces": ("Provinces with the most complaints", "投诉量居前的省份"),
    "pub.inv.fig.map": ("Complaints by province", "各省投诉量分布"),
    # ---- 9. companies
    "pub.inv.list.sentence": (
        "After review, {n} companies with prominent complaint problems are named this quarter (version {version} "
        "of the list, published on {published}).",
        "经审核，本季度公布投诉问题突出的典型企业{n}家（第{version}版名单，{published}发布）。",
    ),
    "pub.inv.list.none": (
        "The list of companies with prominent complaint problems for this quarter has not yet been published.",
        "本季度投诉问题突出的典型企业名单尚未发布。",
    ),
    "pub.inv.tab.companies": ("Typical companies with prominent complaint problems", "投诉问题突出的典型企业"),
    # ---- 10. enforcement
    "pub.inv.enf.takedowns": (
        "This quarter, the basic operators shut down {ports} SMS ports and {numbers} numbers{cmp}.",
        "本季度，各基础电信企业共关停违规短信端口{ports}个、号码{numbers}个{cmp}。",
    ),
    "pub.inv.enf.takedowns_cmp": (
        " (ports {ports_qoq} and numbers {numbers_qoq} on the previous quarter)",
        "，环比分别{ports_qoq}、{numbers_qoq}",
    ),
    "pub.inv.enf.telecom": (
        "The telecom regulators took {actions} measures, such as notices, interviews and fines, against {targets} "
        "companies and operators; they imposed {fines} fines within the statutory limits, totalling {total}.",
        "电信管理机构对{targets}家企业和单位采取通报、约谈、罚款等措施{actions}次，其中依法罚款{fines}笔，合计{total}。",
    ),
    "pub.inv.enf.review": (
        "A further {n} fines, totalling {total}, exceed the limit set by the Provisions on the Administration of "
        "Short Message Services; they are under legal review and are not included in that total.",
        "另有{n}笔罚款（合计{total}）超过《通信短信息服务管理规定》罚款限额，正在进行法律审核，未计入上述合计。",
    ),
    "pub.inv.enf.internal": (
        "The basic operators held their own staff and units to account in {n} cases (internal criticism, "
        "performance deductions and the like).",
        "各基础电信企业开展内部通报批评、绩效扣罚等问责考核{n}次。",
    ),
    "pub.inv.enf.other": (
        "Departments with responsibility for the industries concerned, including {departments}, took {actions} "
        "measures against {targets} companies under their own laws, with fines totalling {total}; these are "
        "reported separately.",
        "{departments}等行业主管部门依据本部门法律法规对{targets}家企业采取处置措施{actions}次，罚款合计{total}，单独统计。",
    ),
    "pub.inv.enf.no_actions": (
        "No enforcement action is on record for this quarter.",
        "本季度暂无执法处置记录。",
    ),
    "pub.inv.tab.takedowns": ("Ports and numbers shut down", "端口和号码关停情况"),
    "pub.inv.tab.authorities": ("Measures by deciding authority", "分决定机关处置情况"),
    "pub.inv.tab.actions": ("Measures taken by the telecom regulators, by target", "电信管理机构执法措施分对象统计"),
    "pub.inv.tab.departments": ("Measures taken by other departments", "其他行业主管部门处置情况"),
    "pub.inv.kpi.ports": ("SMS ports shut down", "关停短信端口"),
    "pub.inv.kpi.numbers": ("Numbers shut down", "关停号码"),
    # ---- 11. referrals
    "pub.inv.ref.sentence": (
        "This quarter, {leads} leads concerning {companies} source companies were referred to {n} departments "
        "with responsibility for the industries concerned, including {departments}.",
        "本季度向{departments}等{n}个行业主管部门移交问题线索{leads}条，涉及源头企业{companies}家。",
    ),
    "pub.inv.ref.none": (
        "The leads of this quarter have not yet been referred to the departments concerned.",
        "本季度问题线索尚未移交相关行业主管部门。",
    ),
    "pub.inv.ref.numbers": (
        "A further {n} leads on the reported numbers were passed to the Ministry of Public Security.",
        "另向公安部移交号码类线索{n}条。",
    ),
    "pub.inv.ref.year_one": (
        "So far in {year}, one batch of leads, {leads} leads in all, has been referred.",
        "{year}年以来累计移交问题线索1批次{leads}条。",
    ),
    "pub.inv.ref.year": (
        "So far in {year}, {batches} batches of leads, {leads} leads in all, have been referred.",
        "{year}年以来累计移交问题线索{batches}批次{leads}条。",
    ),
    "pub.inv.ref.fb_sentence": (
        "Of the {leads} leads referred so far, the departments have reported back on {answered} ({share}): {how}.",
        "已移交的{leads}条线索中，相关部门已反馈处理结果{answered}条，占{share}，其中{how}。",
    ),
    "pub.inv.ref.fb_waiting": (
        "The departments have not yet reported back on the {leads} leads referred so far.",
        "已移交的{leads}条线索，相关部门尚未反馈处理结果。",
    ),
    # One phrase per feedback outcome (referrals.OUTCOMES), whole in each language.
    "pub.inv.ref.fb.handled": ("{n} have been dealt with", "已处理{n}条"),
    "pub.inv.ref.fb.no_violation": ("in {n} no violation was found", "未发现违法违规{n}条"),
    "pub.inv.ref.fb.transferred": ("{n} have been passed to another department", "已转交其他部门{n}条"),
    "pub.inv.ref.fb.unverifiable": ("{n} could not be verified", "无法核实{n}条"),
    "pub.inv.ref.fb.pending": ("{n} are still being dealt with", "仍在处理中{n}条"),
    "pub.inv.ref.fb_none": (
        "The leads have not yet been recorded as sent, so no feedback is expected yet.",
        "相关线索尚未登记送达，暂无处理结果反馈。",
    ),
    "pub.inv.ref.due": (
        "The departments are asked to report back on this quarter's leads by {date}.",
        "本季度移交线索的反馈期限为{date}。",
    ),
    "pub.inv.col.answered": ("Reported back", "已反馈（条）"),
    "pub.inv.tab.referrals": ("Leads referred by department", "分部门问题线索移交情况"),
    # ---- 12–14. narrative (editable; these are the generated drafts)
    "pub.inv.case.sentence": (
        "A source company in the {industry} industry drew {n} complaints this quarter. {authority} {action}.",
        "某{industry}行业源头企业本季度被投诉{n}件，{authority}依法{action}。",
    ),
    "pub.inv.case.act.fine": ("imposed a fine of {amount} on it", "对其处以罚款{amount}"),
    "pub.inv.case.act.interview": ("summoned it for an interview", "对其进行约谈"),
    "pub.inv.case.act.notice": ("issued a notice of criticism against it", "对其予以通报批评"),
    "pub.inv.case.port": (
        "An SMS port company drew {n} complaints about spam SMS sent through its ports this quarter; "
        "the operators shut down {ports} of its ports.",
        "某短信端口企业本季度因所接入端口发送垃圾短信被投诉{n}件，基础电信企业关停其违规端口{ports}个。",
    ),
    "pub.inv.case.none": (
        "No typical case has been selected for this quarter.",
        "本季度暂无典型案例。",
    ),
    "pub.inv.case.authority": ("The communications administration", "电信管理机构"),
    "pub.inv.case.authority_miit": ("The Ministry of Industry and Information Technology", "工业和信息化部"),
    "pub.inv.next.1": (
        "{lead} we will keep up the campaign against spam SMS and harassing calls, and hold the basic "
        "operators to their responsibility for the SMS ports and voice lines they connect.",
        "{lead}持续开展垃圾短信和骚扰电话综合治理，督促基础电信企业落实“谁接入谁负责”要求，加强短信端口和语音线路接入管理。",
    ),
    "pub.inv.next.2": (
        "{lead} in the industries with the most complaints ({industries}), we will work with {departments} on "
        "the source companies, refer leads promptly and follow up on how they are handled.",
        "{lead}针对{industries}等投诉较多的行业，会同{departments}加强源头治理，及时移交问题线索并跟踪处理结果。",
    ),
    "pub.inv.next.3": (
        "{lead} we will require the mobile virtual network operators to carry out real-name registration in full, "
        "and deal with those that fall short according to law.",
        "{lead}督促移动转售企业严格落实电话用户实名登记要求，对存在问题的企业依法依规处理。",
    ),
    "pub.inv.next.4": (
        "{lead} we will keep the 12321 reporting channels open, publish the complaint figures every quarter and "
        "name the companies with prominent problems.",
        "{lead}持续畅通12321举报渠道，定期向社会发布垃圾信息投诉情况，曝光问题突出的企业。",
    ),
    "pub.inv.advice.1": (
        "{lead} do not trust or answer text messages and calls of unknown origin, do not open links in such "
        "messages, and never give a stranger a verification code, a bank card number or other personal details.",
        "{lead}不轻信、不回复来历不明的短信和电话，不点击短信中的陌生链接，不向陌生人透露验证码、银行卡号等个人信息。",
    ),
    "pub.inv.advice.2": (
        "{lead} unsubscribe from unwanted marketing messages as the message explains, and tell marketing callers "
        "clearly that you do not wish to be called.",
        "{lead}对不需要的商业营销短信，可按提示退订；接到营销电话，可明确表示拒绝。",
    ),
    "pub.inv.advice.3": (
        "{lead} use the blocking and number-labelling features of your phone or of security apps to cut down "
        "unwanted messages and calls.",
        "{lead}可使用手机或安全软件提供的骚扰拦截、号码标注功能，减少垃圾信息骚扰。",
    ),
    "pub.inv.advice.4": (
        "{lead} report spam SMS and harassing calls to the 12321 Reporting Center through its website "
        "(www.12321.cn), its WeChat account or a text message to 12321; report suspected fraud to the police "
        "at once.",
        "{lead}遇到垃圾短信、骚扰电话，可通过12321网站（www.12321.cn）、“12321举报中心”微信公众号或发送短信至12321进行举报；"
        "涉嫌诈骗的，请及时向公安机关报案。",
    ),
    # ---- annex: definitions and methods
    "pub.inv.m.scope": (
        "Scope. The figures count complaints made by users to the 12321 Reporting Center and the operators. "
        "Complaints are not verified one by one and are not a count of verified spam; a change in complaints "
        "can reflect easier reporting as well as more or less spam.",
        "统计对象。本盘点统计用户向12321举报中心和电信企业提交的投诉。投诉未经逐一核实，不等同于经核实的垃圾信息数量；"
        "投诉量变化既可能反映垃圾信息增减，也可能反映举报便利程度的变化。",
    ),
    "pub.inv.m.time": (
        'Periods. Complaints are assigned to quarters by the date received. "On the previous quarter" compares '
        'with the quarter before; "year on year" with the same quarter a year earlier. The data run to {as_of}; '
        "figures for {quarter} may be revised if late complaints are added.",
        "时间口径。投诉按受理日期归入季度。环比指与上一季度相比，同比指与上年同一季度相比。数据截至{as_of}；如有补录，"
        "{quarter}数据可能调整。",
    ),
    "pub.inv.m.shares": (
        "Shares. Each share is stated with its base: all complaints, the complaints of one type, or the "
        "complaints that carry the information concerned. A change of a share is given in percentage points.",
        "占比口径。各项占比均注明计算基数：投诉总量、某类投诉，或有相应信息的投诉。占比的变化以百分点表示。",
    ),
    "pub.inv.m.routes": (
        "Sending routes. Port messages are those sent from 106 SMS ports and 95 or 96 short numbers; "
        "point-to-point messages are those sent from mobile numbers, resellers' number ranges included; the "
        "route is read from the number range of the reported number.",
        "发送渠道。端口类短信指由106短信端口及95、96短号码发送的短信；点对点短信指由手机号码（含移动转售号段）发送的短信；"
        "按被投诉号码所属号段划分。",
    ),
    "pub.inv.m.industries": (
        "Industries. A complaint is assigned to the industry of the source company named in it. Complaints "
        "without an industry, including those whose industry field names suspected fraud (counted in the "
        "illegal or criminal category), and complaints assigned to other industries are reported as shares of "
        "their own and are not ranked.",
        "行业归属。投诉按所涉源头企业所属行业归类。未标明行业的投诉（含行业栏填写“涉嫌诈骗”等内容的投诉，此类投诉计入违法犯罪类）"
        "和归入其他行业的投诉单独列示占比，不参与行业排名。",
    ),
    "pub.inv.m.companies": (
        "Companies. A company is identified by its Unified Social Credit Code when the code is valid, and "
        "otherwise by its normalised name; complaints that name no company count in the totals only.",
        "企业识别。统一社会信用代码有效的按代码识别，否则按规范化后的名称识别；未标明企业的投诉只计入总量。",
    ),
    "pub.inv.m.ranks": (
        "Ranks. Ranks follow complaint counts; equal counts share a rank and the next rank is skipped (1, 2, 2, "
        "4), and a tie at the last place of a table keeps every tied entry. Tables list at most the first {n} "
        "places.",
        "排名规则。排名依据投诉量；投诉量相同的并列同一名次，其后名次顺延（如1、2、2、4）；表格末位并列的全部列入。"
        "各排名表最多列出前{n}位。",
    ),
    "pub.inv.m.tests": (
        "Notable changes. A rise or fall on the previous quarter is called notable in the text only when an "
        "exact binomial test of the two quarters' counts finds it significant at the 5% level, and only for a "
        "base of at least {min} complaints; other changes are given as figures without comment.",
        "明显变化。正文称“升幅明显”“降幅明显”的，均经两个季度投诉量的精确二项检验，在5%的显著性水平下显著，且上季度投诉量不少于{min}件；"
        "其他变化只列数字，不作评价。",
    ),
    "pub.inv.m.rates": (
        "Complaints per million subscribers use the operator's subscribers in the year of the quarter, or the "
        "latest earlier year when that year's figure is not yet available.",
        "用户规模。每百万用户投诉量按电信企业当年用户数计算，无当年数据的采用此前最近一年数据。",
    ),
    "pub.inv.m.mvno": (
        "Mobile virtual network operators. Lawful operation: no fine, suspension or credit listing in the last "
        "{window} quarters. Real-name registration in place: no measure for a real-name registration failure in "
        "the same period. Good public response: complaints per subscriber this quarter below the rate of all "
        "mobile subscribers. An operator without a subscriber figure is not assessed on the third requirement.",
        "移动转售企业评估。依法合规经营：近{window}个季度内未受到罚款、暂停业务、列入不良名单等处理；实名登记落实到位："
        "同期未因实名登记问题受到处理；社会反响良好：本季度户均投诉量低于全部移动用户平均水平。缺少用户数据的企业暂无法评估第三项。",
    ),
    "pub.inv.m.handling": (
        "Report handling. Every report is forwarded to the operator that carries the reported number. The "
        "handling rate is the number of reports handled as a share of those handled and those still being "
        "handled; reports that could not be acted on (invalid or incomplete) are left out of both. Time to "
        "handle counts whole days from the date received to the date handled, over handled reports with a "
        "handling date; {n} days is an assumed time limit. Operators are named as handling fewer than "
        "{threshold} only with at least {min} reports they could act on. A quarter whose data carry no "
        "handling status is given no rate (not a rate of nil).",
        "举报处理。每件举报转交被举报号码所属电信企业处理。处理率为已处理举报占已处理和处理中举报之和的比例，"
        "因无效、信息不全等原因不予处理的举报不计入。处理用时为自受理之日至处理之日的整天数，按填有处理日期的已处理举报计算，"
        "“半数办结用时”即其中位数；{n}日为假定的处理时限。处理率低于{threshold}的企业，仅在可处理举报不少于{min}件时列出。"
        "未记录处理状态的季度不统计处理率（并非处理率为零）。",
    ),
    "pub.inv.m.demo": (
        "Synthetic demo data: every company and reseller name is invented; not for publication.",
        "合成演示数据：所有企业和转售企业名称均为虚构，不得对外发布。",
    ),
    # ---- table headers
    "pub.inv.col.type": ("Type", "类型"),
    "pub.inv.col.category": ("Category", "类别"),
    "pub.inv.col.route": ("Sending route", "发送渠道"),
    "pub.inv.col.complaints": ("Complaints", "投诉量（件）"),
    "pub.inv.col.previous": ("Previous quarter", "上季度（件）"),
    "pub.inv.col.year_ago": ("Same quarter last year", "上年同期（件）"),
    "pub.inv.col.qoq": ("On previous quarter (%)", "环比（%）"),
    "pub.inv.col.yoy": ("Year on year (%)", "同比（%）"),
    "pub.inv.col.share_all": ("Share of all complaints (%)", "占投诉总量（%）"),
    "pub.inv.col.share_channel": ("Share of its type (%)", "占本类型投诉（%）"),
    "pub.inv.col.share_sms": ("Share of spam SMS complaints (%)", "占垃圾短信投诉（%）"),
    "pub.inv.col.share_ports": ("Share of complaints naming a port company (%)", "占涉及端口企业投诉（%）"),
    "pub.inv.col.share_located": ("Share of complaints with a province (%)", "占有地区信息投诉（%）"),
    "pub.inv.col.points": ("Change in share (percentage points)", "占比变化（百分点）"),
    "pub.inv.col.rank": ("Rank", "排名"),
    "pub.inv.col.industry": ("Industry", "行业"),
    "pub.inv.col.port_company": ("SMS port company", "短信端口企业"),
    "pub.inv.col.operator": ("Operator", "电信企业"),
    "pub.inv.col.kind": ("Kind", "企业类型"),
    "pub.inv.col.rate_million": ("Complaints per million subscribers", "每百万用户投诉量（件）"),
    "pub.inv.col.mvno": ("Mobile virtual network operator", "移动转售企业"),
    "pub.inv.col.host": ("Host network", "承载网络"),
    "pub.inv.col.lawful": ("Lawful operation", "依法合规经营"),
    "pub.inv.col.real_name": ("Real-name registration", "实名登记落实"),
    "pub.inv.col.response": ("Public response", "社会反响"),
    "pub.inv.col.assessment": ("Assessment", "评估结果"),
    "pub.inv.col.number_range": ("Number range", "号段"),
    "pub.inv.col.province": ("Province", "省份"),
    "pub.inv.col.rate_residents": ("Complaints per 100,000 residents", "每十万人投诉量（件）"),
    "pub.inv.col.measure": ("Measure", "处置措施"),
    "pub.inv.col.count": ("Number", "数量"),
    "pub.inv.col.department": ("Department", "部门"),
    "pub.inv.col.authority": ("Deciding authority", "决定机关"),
    "pub.inv.col.actions": ("Measures", "处置次数"),
    "pub.inv.col.targets": ("Targets", "处置对象（家）"),
    "pub.inv.col.fines": ("Fines", "罚款（笔）"),
    "pub.inv.col.fines_yuan": ("Fines (yuan)", "罚款金额（元）"),
    "pub.inv.col.under_review": ("Fines above the limit, under legal review", "超限额罚款（法律审核中）"),
    "pub.inv.col.leads": ("Leads", "线索（条）"),
    "pub.inv.col.companies": ("Companies", "涉及企业（家）"),
    "pub.inv.col.what": ("Industry", "投诉"),  # not "Complaints": the count column is called that in English
    "pub.inv.total": ("Total", "合计"),
    # ---- spreadsheet tab names (at most 31 characters)
    "pub.inv.sheet": ("T{n} {name}", "表{n} {name}"),
    "pub.inv.sheet.headline": ("Complaints by type", "分类型投诉量"),
    "pub.inv.sheet.categories": ("By category", "分类别投诉量"),
    "pub.inv.sheet.routes": ("SMS by sending route", "短信发送渠道"),
    "pub.inv.sheet.port_companies": ("SMS port companies", "短信端口企业"),
    "pub.inv.sheet.industries": ("Industries", "行业排名"),
    "pub.inv.sheet.unranked": ("Not assigned to an industry", "未归入行业的投诉"),
    "pub.inv.sheet.operators": ("Operators", "电信企业"),
    "pub.inv.sheet.mvnos": ("Resellers (MVNOs)", "移动转售企业"),
    "pub.inv.sheet.handling": ("Report handling", "转办举报处理"),
    "pub.inv.sheet.number_ranges": ("Number ranges", "号段"),
    "pub.inv.sheet.provinces": ("Provinces", "省份"),
    "pub.inv.sheet.companies": ("Named companies", "典型企业"),
    "pub.inv.sheet.takedowns": ("Takedowns", "端口和号码关停"),
    "pub.inv.sheet.authorities": ("By deciding authority", "分决定机关"),
    "pub.inv.sheet.actions": ("Telecom regulators' measures", "电信管理机构执法措施"),
    "pub.inv.sheet.departments": ("Other departments", "其他部门处置"),
    "pub.inv.sheet.referrals": ("Leads referred", "线索移交"),
    # ---- stamps
    "pub.inv.draft_line": ("Draft, not published.", "草稿，尚未发布。"),
    "pub.inv.draft_label": ("draft", "草稿"),
    "pub.inv.version_label": ("Version {version}", "第{version}版"),
    "pub.inv.published_line": ("Version {version}, published on {date}.", "第{version}版，{date}发布。"),
    "pub.inv.supersedes_line": (
        "This version replaces version {version} (content hash {hash}).",
        "本版替代第{version}版（内容哈希值{hash}）。",
    ),
    "pub.inv.none": ("No complaints in this quarter.", "本季度无投诉数据。"),
    # ---- the narrative editor
    "pub.inv.narr.heading": ("Narrative paragraphs", "叙述段落"),
    "pub.inv.narr.help": (
        "Typical cases, next steps and advice to users start from generated drafts. Edit them here: one "
        "paragraph per blank-line-separated block. Saved text goes into the draft, every export and the "
        "published version.",
        "典型案例、下一步工作和用户防范提示以自动生成的草稿为基础，可在此编辑：以空行分段。保存后的文字进入草稿、各格式导出文件和发布版本。",
    ),
    "pub.inv.narr.save": ("Save the narrative", "保存叙述段落"),
    "pub.inv.narr.reset": ("Back to the generated draft", "恢复自动生成的草稿"),
    "pub.inv.narr.saved": ("Narrative saved.", "叙述段落已保存。"),
    "pub.inv.narr.edited": (
        "Edited text is used for: {sections}.",
        "以下部分使用了编辑后的文字：{sections}。",
    ),
    "pub.inv.narr.generated": ("All narrative paragraphs are the generated drafts.", "叙述段落均为自动生成的草稿。"),
    "pub.inv.narr.too_long": ("{section}: at most {n} characters.", "{section}：不得超过{n}个字符。"),
    # ---- export notes (any export)
    "export.demo_col": ("Data status", "数据性质"),
    "export.readme_files": ("Files:", "文件："),
}
