"""Translations: the loader: steps, file-level and row-level errors, warnings, file kinds."""

TABLE: dict[str, tuple[str, str]] = {
    "step.read": ("Reading", "读取"),
    "step.validate": ("Validating", "校验"),
    "step.write": ("Writing", "写入"),
    "step.rollup": ("Building rollups", "生成汇总"),
    "step.done": ("Done", "完成"),
    # Loader errors (file-level)
    "err.empty": ("the file is empty", "文件为空"),
    "err.binary": (
        "the file is not a readable CSV or XLSX (binary content)",
        "文件不是可读的 CSV 或 XLSX（二进制内容）",
    ),
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
    "err.bad_date": (
        "not a date (use e.g. 2024-03-05 or 2024年3月5日)",
        "无法识别的日期（如 2024-03-05 或 2024年3月5日）",
    ),
    "err.absurd_date": ("date outside 2000–2099", "日期不在2000—2099年之间"),
    "err.bad_channel": ("channel must be sms/短信 or call/电话", "类型应为短信或电话"),
    "err.bad_category": (
        "category must be marketing, harassment or fraud (商业营销/恶意骚扰/违法犯罪)",
        "类别应为商业营销、恶意骚扰或违法犯罪",
    ),
    "err.bad_number": ("not a phone number or port (digits, optional leading +)", "不是有效号码（数字，可带前缀+）"),
    "err.unknown_operator": (
        "unknown operator; use a name or alias from the operator reference (e.g. 中国移动, 移动, CMCC)",
        "未知运营商，请使用运营商参考表中的名称或简称（如中国移动、移动、CMCC）",
    ),
    "err.unknown_industry": (
        "unknown industry; use a code, Chinese or English name from the industry reference",
        "未知行业，请使用行业参考表中的代码、中文或英文名称",
    ),
    "err.unknown_province": ("unknown province", "未知省份"),
    "err.bad_count": ("count must be a positive whole number", "数量应为正整数"),
    "err.bad_target_type": (
        "target type must be port, number or line (端口/号码/线路)",
        "对象类型应为端口、号码或线路",
    ),
    "err.bad_role": (
        "role must be source_company, port_company, operator or mvno",
        "单位类型应为源头企业、端口企业、基础电信企业或转售企业",
    ),
    "err.bad_action": (
        "unknown action (notice, interview, rectification, fine, credit_listing, suspension, accountability)",
        "未知措施（通报、约谈、责令整改、罚款、列入不良名单、暂停业务、问责）",
    ),
    "err.fine_required": ("a fine needs an amount", "罚款措施须填写罚款金额"),
    "err.bad_amount": ("not a number", "不是数字"),
    "err.negative_amount": ("must not be negative", "不能为负数"),
    "err.bad_handling_status": (
        "handling status must be handled, pending or not_actionable (已处理/处理中/不予处理)",
        "处理状态应为已处理、处理中或不予处理",
    ),
    "err.handled_before_received": ("handled before the complaint was received", "处理日期早于受理时间"),
    "err.duplicate_id": ("duplicate id in this load (also at {other})", "本次导入中编号重复（另见{other}）"),
    # Loader warnings
    "warn.bad_credit_code": ("credit code fails its GB 32100 check character", "统一社会信用代码校验位错误"),
    "warn.future_date": ("date is in the future", "日期晚于今天"),
    "warn.category_in_industry": (
        "a complaint category, not an industry: counted under that category with no industry",
        "填写的是投诉类别而非行业：按该类别统计，行业记为未分类",
    ),
    "warn.handled_without_date": ("handled, but no handling date", "状态为已处理，但缺少处理日期"),
    "warn.fine_over_cap": ("fine above the statutory cap; check its legal basis", "罚款超过法定上限，请核查法律依据"),
    "load.summary": (
        "{errors} errors, {warnings} warnings in {files} files ({rows} rows)",
        "{files}个文件（{rows}行）中有{errors}个错误、{warnings}个警告",
    ),
    "load.more_errors": ("… and {n} more errors", "……另有{n}个错误"),
    "load.skipped": (
        "{name}: identical to a file already loaded in batch {batch}; skipped",
        "{name}：与批次{batch}中已导入的文件相同，已跳过",
    ),
    "kind.complaints": ("complaints", "投诉"),
    "kind.takedowns": ("takedowns", "处置"),
    "kind.enforcement": ("enforcement", "执法"),
}
