-- name: archive_write
-- Writes the stored rows of one quarter ($quarter) of {{norm}} (a kind's validated rows, less those set aside)
-- as one Parquet file (zstd) at $path, under batch $batch_id: exactly the store table's columns minus the
-- quarter, which the archive keeps in the file's directory name (Hive style). One statement per quarter is
-- cheaper than DuckDB's partitioned writer here, because a load's rows arrive grouped by quarter and each
-- quarter's scan skips the others' row groups. Personal data never reaches {{norm}}.
-- returns: nothing
copy (
    select * exclude (_file, _r, _line, _set_aside, errors, warnings, quarter), $batch_id::integer as batch_id
    from {{norm}}
    where not _set_aside and quarter = $quarter
) to $path (format parquet, compression zstd);
