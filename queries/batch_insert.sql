-- name: batch_insert
-- Records a committed batch: who loaded it, when, from where, its files, row counts and warnings.
-- returns: nothing
insert into batches values (
    $batch_id, current_timestamp::timestamp, $loaded_by, $source, $content_hash, $files,
    $rows_complaints, $rows_takedowns, $rows_enforcement, $rows_replaced, $n_warnings, $seconds
);
