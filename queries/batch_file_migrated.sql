-- name: batch_file_migrated
-- Records that a file's raw archive copy ($old_name) was migrated: where the batch's rows are archived now,
-- and a note saying how.
-- returns: nothing
update batch_files
set archive_name = $archive_name, note = $note
where batch_id = $batch_id and archive_name = $old_name;
