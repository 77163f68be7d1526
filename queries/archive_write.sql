-- name: archive_write
-- Writes the stored rows of {{norm}} (a kind's validated rows, less those set aside) as Parquet (zstd) into
-- the directory $path, one directory per quarter (Hive style: quarter=2024Q1/), under batch $batch_id:
-- exactly the store table's columns, quarter being the partition. Personal data never reaches {{norm}}.
-- returns: nothing
copy (
    select * exclude (_file, _r, _line, _set_aside, errors, warnings), $batch_id::integer as batch_id
    from {{norm}}
    where not _set_aside
) to $path (format parquet, compression zstd, partition_by (quarter), overwrite);
