-- name: archive_join
-- Joins the parts of one archive partition DuckDB wrote as several files ($files) into the one file ($path)
-- the archive layout names.
-- returns: nothing
copy (select * from read_parquet($files)) to $path (format parquet, compression zstd);
