"""Translations: the loader: steps, file-level and row-level errors, warnings, file kinds."""

TABLE: dict[str, tuple[str, str]] = {
    "step.read": ("Reading", "读取"),
    "step.validate": ("Validating", "校验"),
    "step.write": ("Writing", "写入"),
    "step.rollup": ("Building rollups and the archive", "生成汇总并写入归档"),
    "step.done": ("Done", "完成"),
    # Loader errors (file-level)
    "err.empty": ("the file is empty", "文件为空"),
    "err.binary": (
        "the file is not a readable CSV or XLSX (binary content)",
        "文件不是可读的 CSV 或 XLSX（二进制内容）",
    ),
    "err.old_xls": ("old .xls workbooks are not supported; save it as .xlsx", "不支持旧版 .xls 文件，请另存为 .xlsx"),
    "err.bad_xlsx": ("the workbook cannot be read ({reason})", "无法读取工作簿（{reason}）"),
    "err.encoding": (
        "the text is not in an accepted encoding (UTF-8, GB18030/GBK, UTF-16 or UTF-32)",
        "文本编码不受支持（应为 UTF-8、GB18030/GBK、UTF-16 或 UTF-32）",
    ),
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
    "err.too_many_rows": ("more than {limit} rows", "行数超过{limit}"),
    "err.mostly_empty": (
        "the file is mostly empty rows ({n} lines without any value); remove them and load again",
        "文件大部分为空行（{n}行无任何内容），请删除后重新导入",
    ),
    "err.rows_unaccounted": (
        "the file has {lines} data lines but {rows} rows were read; nothing was loaded",
        "文件有{lines}行数据，但只读取了{rows}行；未导入任何数据",
    ),
    "err.shift_jis": (
        "the text is Japanese Shift-JIS; save it as UTF-8 or GB18030",
        "文本为日文 Shift-JIS 编码，请另存为 UTF-8 或 GB18030",
    ),
    "err.load_failed": (
        "the load stopped unexpectedly ({reason}); nothing was changed",
        "导入意外中止（{reason}），未作任何更改",
    ),
    "err.busy": (
        "another load or rebuild is still running; try again when it has finished",
        "另一导入或重建仍在进行，请稍后再试",
    ),
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
    "err.bad_count": (
        "count must be a whole number from 1 to 2,147,483,647",
        "数量应为1至2,147,483,647之间的整数",
    ),
    "err.after_load_date": ("date is after the load date", "日期晚于导入日期"),
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
    "warn.future_date": (
        "dated after the load date: row set aside, not loaded",
        "日期晚于导入日期：该行已搁置，未导入",
    ),
    "warn.category_in_industry": (
        "a complaint category, not an industry: counted under that category with no industry",
        "填写的是投诉类别而非行业：按该类别统计，行业记为未分类",
    ),
    "warn.control_chars": (
        "control, bidi or zero-width characters removed from {n} rows (tabs and line breaks became spaces)",
        "已从{n}行中删除控制字符、双向控制符或零宽字符（制表符和换行改为空格）",
    ),
    "warn.name_too_long": (
        "names longer than 200 characters shortened in {n} rows",
        "{n}行中超过200个字符的名称已截短",
    ),
    "warn.handled_without_date": ("handled, but no handling date", "状态为已处理，但缺少处理日期"),
    "warn.fine_over_cap": ("fine above the statutory cap; check its legal basis", "罚款超过法定上限，请核查法律依据"),
    "load.summary": (
        "{errors} errors, {warnings} warnings in {files} files ({rows} rows)",
        "{files}个文件（{rows}行）中有{errors}个错误、{warnings}个警告",
    ),
    "load.accounting": (
        "{read} rows read: {stored} stored ({replaced} of them replacing rows loaded before), {set_aside} set aside",
        "读取{read}行：存储{stored}行（其中{replaced}行替换了此前导入的行），搁置{set_aside}行",
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
