-- name: archive_write_stored
-- Writes the rows batch $batch_id stored in {{table}} (complaints, takedowns or enforcement) for one quarter
-- ($quarter) as one Parquet file (zstd) at $path: exactly the store table's columns minus the quarter, which
-- the archive keeps in the file's directory name (Hive style). The loader runs it on writer threads' own cursors
-- right after its upsert, beside the batch records and rollups, so it reads the committed store table rather than
-- the load's temporary tables (which only the loading connection sees); after the upsert the batch's rows
-- there are exactly its validated rows less those set aside.
-- returns: nothing
copy (
    select * exclude (quarter)
    from {{table}}
    where batch_id = $batch_id and quarter = $quarter
) to $path (format parquet, compression zstd);
