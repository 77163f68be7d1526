-- name: batch_file_insert
-- Records one file of a batch: its name, kind, hash, encoding, row count, archive name and dropped columns.
-- returns: nothing
insert into batch_files values ($batch_id, $file_name, $kind, $content_hash, $encoding, $rows, $archive_name, $dropped);
