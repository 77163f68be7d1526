-- name: archive_from_store
-- Migration fallback: writes the rows the store ({{table}}, attached as s) holds for batch $batch_id to Parquet
-- in the archive layout under $path (one directory per quarter).
-- returns: nothing
copy (
    select * from s.main.{{table}} where batch_id = $batch_id
) to $path (format parquet, compression zstd, partition_by (quarter), overwrite);
