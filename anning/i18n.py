"""The one translation table: every user-visible string, in English and Chinese.

Keys are dotted (``page.overview``, ``err.required``); values are ``(en, zh)``.
:func:`t` formats ``{placeholders}``. A test checks that every key has both
languages and the same placeholders in each, and that code asks only for keys
that exist.
"""

from __future__ import annotations

import string

LANGS = ("en", "zh")

TABLE: dict[str, tuple[str, str]] = {
    # App shell
    "app.title": ("Anning", "安宁"),
    "app.tagline": ("Spam SMS and harassing-call analytics", "垃圾短信与骚扰电话治理分析"),
    "nav.overview": ("Overview", "概览"),
    "nav.analysis": ("Analysis", "分析"),
    "nav.publications": ("Publications", "发布"),
    "nav.data": ("Data", "数据"),
    "page.overview": ("Overview", "总体情况"),
    "page.rankings": ("Rankings", "排行"),
    "page.map": ("Province map", "省份地图"),
    "page.company": ("Company profile", "企业画像"),
    "page.forecast": ("Forecast", "趋势预测"),
    "page.enforcement": ("Enforcement", "执法处置"),
    "page.inventory": ("Complaint inventory", "投诉情况盘点"),
    "page.exposure": ("Exposure lists", "曝光名单"),
    "page.referrals": ("Lead referrals", "线索移交"),
    "page.data": ("Data loads", "数据加载"),
    "sidebar.quarter": ("Quarter", "季度"),
    "sidebar.language": ("Language", "语言"),
    "sidebar.incomplete": ("{quarter} is incomplete (data to {as_of})", "{quarter}数据不完整（截至{as_of}）"),
    "sidebar.as_of": ("Data as of {as_of}", "数据截至{as_of}"),
    "banner.demo": (
        "Synthetic demo data: every company and reseller name is invented. Not for publication.",
        "合成演示数据：所有企业和转售企业名称均为虚构，不得对外发布。",
    ),
    "banner.building": ("Building the demo store on first start…", "首次启动，正在生成演示数据库……"),
    "banner.empty": (
        "The store is empty. Load complaint, takedown and enforcement files on the Data page.",
        "数据库为空，请在“数据加载”页面导入投诉、处置和执法数据。",
    ),
    "auth.refused": ("Your role may not open this page.", "您的角色无权打开此页面。"),
    "placeholder": ("This page arrives with a later release.", "该页面将在后续版本中提供。"),
    "watermark.demo": ("SYNTHETIC DEMO DATA - NOT FOR PUBLICATION", "合成演示数据，不得对外发布"),
    # Data page
    "data.batches": ("Loaded batches", "已加载批次"),
    "data.warnings": ("Warnings recorded with the batches", "批次警告"),
    "data.upload": ("Upload files (CSV or XLSX)", "上传文件（CSV 或 XLSX）"),
    "data.kind": ("File kind", "文件类型"),
    "data.kind_auto": ("Detect from headers", "根据表头自动识别"),
    "data.validate": ("Validate", "校验"),
    "data.commit": ("Load into the store", "导入数据库"),
    "data.report": ("Validation report", "校验报告"),
    "data.ok": ("No errors: {rows} rows ready to load.", "未发现错误：{rows}行可导入。"),
    "data.loaded": ("Loaded batch {batch}: {rows} rows in {seconds:.1f} s.", "已导入批次{batch}：{rows}行，用时{seconds:.1f}秒。"),
    "data.already": ("Already loaded: identical content is in batch {batch}.", "已导入过：相同内容见批次{batch}。"),
    "data.failed": ("Nothing was loaded: {n} errors.", "未导入任何数据：发现{n}个错误。"),
    "data.no_batches": ("No batches yet.", "尚无批次。"),
    "data.no_warnings": ("No warnings.", "无警告。"),
    "data.progress": ("{step}: {rows} rows, {rate} rows/s", "{step}：{rows}行，每秒{rate}行"),
    "data.dropped": ("Personal-data columns dropped: {cols}", "已丢弃个人信息列：{cols}"),
    "data.ignored": ("Columns ignored: {cols}", "已忽略的列：{cols}"),
    "data.too_large": ("{name} is {size} MB; the limit is {limit} MB.", "{name}大小为{size} MB，超过{limit} MB上限。"),
    "col.batch_id": ("Batch", "批次"),
    "col.loaded_at": ("Loaded at", "加载时间"),
    "col.loaded_by": ("Loaded by", "加载人"),
    "col.source": ("Source", "来源"),
    "col.files": ("Files", "文件"),
    "col.rows_complaints": ("Complaints", "投诉"),
    "col.rows_takedowns": ("Takedowns", "处置"),
    "col.rows_enforcement": ("Enforcement", "执法"),
    "col.rows_replaced": ("Replaced", "替换"),
    "col.n_warnings": ("Warnings", "警告"),
    "col.file_name": ("File", "文件"),
    "col.line": ("Line", "行"),
    "col.column_name": ("Column", "列"),
    "col.value": ("Value", "值"),
    "col.message": ("Message", "说明"),
    "col.kind": ("Kind", "类型"),
    "col.encoding": ("Encoding", "编码"),
    "col.rows": ("Rows", "行数"),
    "col.dropped_columns": ("Personal data dropped", "已丢弃个人信息列"),
    "col.ignored_columns": ("Ignored columns", "已忽略列"),
    "col.already_in_batch": ("Already in batch", "已在批次"),
    "col.seconds": ("Seconds", "耗时（秒）"),
    "data.tab_batches": ("Batches", "批次"),
    "data.tab_upload": ("Upload", "上传"),
    "data.files": ("Files in the batches", "批次文件"),
    "data.errors": ("Errors", "错误"),
    "data.upload_help": (
        "Complaints, takedowns or enforcement files (CSV in UTF-8 or GB18030, or XLSX). "
        "All files load together or not at all.",
        "投诉、处置或执法数据文件（UTF-8 或 GB18030 编码的 CSV，或 XLSX），所有文件一并导入，任一出错则全部不导入。",
    ),
    "data.validate_first": ("Validate the files before loading them.", "请先校验文件再导入。"),
    # Loader steps
    "step.read": ("Reading", "读取"),
    "step.validate": ("Validating", "校验"),
    "step.write": ("Writing", "写入"),
    "step.rollup": ("Building rollups", "生成汇总"),
    "step.done": ("Done", "完成"),
    # Loader errors (file-level)
    "err.empty": ("the file is empty", "文件为空"),
    "err.binary": ("the file is not a readable CSV or XLSX (binary content)", "文件不是可读的 CSV 或 XLSX（二进制内容）"),
    "err.old_xls": ("old .xls workbooks are not supported; save it as .xlsx", "不支持旧版 .xls 文件，请另存为 .xlsx"),
    "err.bad_xlsx": ("the workbook cannot be read ({reason})", "无法读取工作簿（{reason}）"),
    "err.encoding": ("the text is neither UTF-8 nor GB18030/GBK", "文本编码既非 UTF-8 也非 GB18030/GBK"),
    "err.no_header": ("no header row found", "未找到表头行"),
    "err.unknown_kind": (
        "cannot tell whether this is a complaints, takedowns or enforcement file; give --kind",
        "无法判断文件类型（投诉、处置或执法），请指定 --kind",
    ),
    "err.missing_column": ("required column missing; accepted headers: {aliases}", "缺少必填列，可用表头：{aliases}"),
    "err.duplicate_header": ("two columns map to {column}", "有两列都对应{column}"),
    "err.malformed": ("malformed CSV: {reason}", "CSV 格式错误：{reason}"),
    "err.too_large": ("the file is larger than the {limit} MB upload limit", "文件超过{limit} MB的上传上限"),
    "err.unreadable": ("the file cannot be read ({reason})", "无法读取文件（{reason}）"),
    "err.too_many_columns": ("more than {limit} columns", "列数超过{limit}"),
    # Loader errors (row-level)
    "err.required": ("a value is required", "必填项为空"),
    "err.bad_date": ("not a date (use e.g. 2024-03-05 or 2024年3月5日)", "无法识别的日期（如 2024-03-05 或 2024年3月5日）"),
    "err.absurd_date": ("date outside 2000–2099", "日期不在2000—2099年之间"),
    "err.bad_channel": ("channel must be sms/短信 or call/电话", "类型应为短信或电话"),
    "err.bad_category": ("category must be marketing, harassment or fraud (商业营销/恶意骚扰/违法犯罪)", "类别应为商业营销、恶意骚扰或违法犯罪"),
    "err.bad_number": ("not a phone number or port (digits, optional leading +)", "不是有效号码（数字，可带前缀+）"),
    "err.unknown_operator": ("unknown operator; use a name or alias from the operator reference (e.g. 中国移动, 移动, CMCC)", "未知运营商，请使用运营商参考表中的名称或简称（如中国移动、移动、CMCC）"),
    "err.unknown_industry": ("unknown industry; use a code, Chinese or English name from the industry reference", "未知行业，请使用行业参考表中的代码、中文或英文名称"),
    "err.unknown_province": ("unknown province", "未知省份"),
    "err.bad_count": ("count must be a positive whole number", "数量应为正整数"),
    "err.bad_target_type": ("target type must be port, number or line (端口/号码/线路)", "对象类型应为端口、号码或线路"),
    "err.bad_role": ("role must be source_company, port_company, operator or mvno", "单位类型应为源头企业、端口企业、基础电信企业或转售企业"),
    "err.bad_action": ("unknown action (notice, interview, rectification, fine, credit_listing, suspension, accountability)", "未知措施（通报、约谈、责令整改、罚款、列入不良名单、暂停业务、问责）"),
    "err.fine_required": ("a fine needs an amount", "罚款措施须填写罚款金额"),
    "err.bad_amount": ("not a number", "不是数字"),
    "err.negative_amount": ("must not be negative", "不能为负数"),
    "err.duplicate_id": ("duplicate id in this load (also at {other})", "本次导入中编号重复（另见{other}）"),
    # Loader warnings
    "warn.bad_credit_code": ("credit code fails its GB 32100 check character", "统一社会信用代码校验位错误"),
    "warn.future_date": ("date is in the future", "日期晚于今天"),
    "warn.fine_over_cap": ("fine above the statutory cap; check its legal basis", "罚款超过法定上限，请核查法律依据"),
    "load.summary": (
        "{errors} errors, {warnings} warnings in {files} files ({rows} rows)",
        "{files}个文件（{rows}行）中有{errors}个错误、{warnings}个警告",
    ),
    "load.more_errors": ("… and {n} more errors", "……另有{n}个错误"),
    "load.skipped": ("{name}: identical to a file already loaded in batch {batch}; skipped", "{name}：与批次{batch}中已导入的文件相同，已跳过"),
    "kind.complaints": ("complaints", "投诉"),
    "kind.takedowns": ("takedowns", "处置"),
    "kind.enforcement": ("enforcement", "执法"),
    # ---- overview, rankings, map, company profile ----
    # ---- forecasting ----
    # ---- enforcement ----
    # ---- publications ----
    # ---- access and sign-in ----
    "auth.signin_title": ("Sign in", "登录"),
    "auth.signin_intro": ("Anning holds unpublished enforcement data: sign in to continue.", "安宁含未发布的执法数据，请登录后继续。"),
    "auth.signin_required": ("Sign in to continue.", "请先登录。"),
    "auth.name": ("User name", "用户名"),
    "auth.password": ("Password", "密码"),
    "auth.submit": ("Sign in", "登录"),
    "auth.failed": ("Wrong user name or password.", "用户名或密码错误。"),
    "auth.throttled": ("Too many failed attempts for this name; try again in a few minutes.", "该用户名登录失败次数过多，请几分钟后再试。"),
    "auth.no_users": (
        "No users are set up yet. An administrator adds them with: python -m anning users add NAME --role analyst",
        "尚未设置用户。管理员可用以下命令添加：python -m anning users add NAME --role analyst",
    ),
    "auth.signed_in_as": ("Signed in as {name} ({role})", "当前用户：{name}（{role}）"),
    "auth.signout": ("Sign out", "退出登录"),
    "auth.demo_user": ("Demo mode: signed in as the demo analyst.", "演示模式：已以演示分析员身份登录。"),
    "auth.demo_banner": (
        "You are signed in as the demo analyst; sign in from the sidebar to try another role.",
        "您当前以演示分析员身份登录，可在侧边栏以其他用户登录以体验其他角色。",
    ),
    "auth.other_user": ("Sign in as another user", "以其他用户登录"),
    "auth.sso_button": ("Sign in with the ministry account", "使用部统一身份认证登录"),
    "auth.sso_no_role": ("{email} has no role in Anning. Ask an administrator to assign one.", "{email}在安宁中没有角色，请联系管理员分配。"),
    "auth.read_only": ("Your role can read this page but not load data.", "您的角色只能查看本页，不能导入数据。"),
    "role.analyst": ("analyst", "分析员"),
    "role.approver": ("approver", "审批人"),
    "role.press": ("press", "新闻发布"),
    "role.leadership": ("leadership", "领导"),
    "audit.title": ("Audit log", "审计日志"),
    "audit.caption": ("Loads, publications, approvals, exports and sign-ins: the latest {n}.", "数据导入、发布、审批、导出和登录记录：最近{n}条。"),
    "audit.empty": ("No entries yet.", "暂无记录。"),
    "col.ts": ("Time", "时间"),
    "col.user_name": ("User", "用户"),
    "col.action": ("Action", "操作"),
    "col.detail": ("Detail", "详情"),
}


def t(key: str, lang: str = "en", /, **kwargs: object) -> str:
    """The text for ``key`` in ``lang`` with ``kwargs`` filled in; unknown keys raise ``KeyError``."""
    en, zh = TABLE[key]
    text = zh if lang == "zh" else en
    return text.format(**kwargs) if kwargs else text


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a template uses (for the table's consistency test)."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}
