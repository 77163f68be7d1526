"""The DuckDB store: named queries from queries/, connections and the swap-by-file-identity writer, store info, reference tables, the audit log and the users file."""
