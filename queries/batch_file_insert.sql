-- name: batch_file_insert
-- Records one file of a batch: its name, kind, SHA-256 of the original bytes, encoding, size, rows read, where
-- the batch's rows of that kind are archived (kind=<kind>/quarter=*/b<batch>.parquet), the personal-data
-- columns dropped on read, and a note.
-- returns: nothing
insert into batch_files by name
select
    $batch_id::integer as batch_id,
    $file_name::varchar as file_name,
    $kind::varchar as kind,
    $content_hash::varchar as content_hash,
    $encoding::varchar as encoding,
    $rows::bigint as rows,
    $archive_name::varchar as archive_name,
    $dropped::varchar as dropped_columns,
    $bytes::bigint as bytes,
    $note::varchar as note;
