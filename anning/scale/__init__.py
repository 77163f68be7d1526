"""Scale-out: the store's rollups computed from the Parquet archive by DuckDB or by Apache Spark.

The app only ever reads small tables (rollups, reference, takedowns, enforcement), so it can
stay on one machine while the rollups are computed elsewhere. This package runs the very same
named queries of ``queries/`` on either engine: DuckDB runs them as written, Spark runs them as
transpiled by ``sqlglot`` (:mod:`anning.scale.transpile`). :mod:`anning.scale.attach` then
builds a store the app serves from that output. See ``docs/scale-out.md``.
"""
