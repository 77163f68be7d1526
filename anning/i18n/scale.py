"""Translations: scale-out, a store attached from rollups computed elsewhere (docs/scale-out.md)."""

TABLE: dict[str, tuple[str, str]] = {
    "err.rollups_only": (
        "this store serves rollups computed elsewhere and holds no individual complaints; load files into the "
        "loader's store, then compute and attach the rollups again",
        "本库为外部计算的汇总结果，不含逐条投诉数据；请将文件导入原始数据库，再重新计算并挂载汇总结果",
    ),
}
