-- name: batch_insert
-- Records a committed batch: who loaded it, when, from where, its files, row counts (read, stored per kind,
-- replacing earlier rows, set aside) and warnings.
-- returns: nothing
insert into batches by name
select
    $batch_id::integer as batch_id,
    current_timestamp::timestamp as loaded_at,
    $loaded_by::varchar as loaded_by,
    $source::varchar as source,
    $content_hash::varchar as content_hash,
    $files::varchar as files,
    $rows_complaints::bigint as rows_complaints,
    $rows_takedowns::bigint as rows_takedowns,
    $rows_enforcement::bigint as rows_enforcement,
    $rows_replaced::bigint as rows_replaced,
    $n_warnings::integer as n_warnings,
    $seconds::double as seconds,
    $rows_read::bigint as rows_read,
    $rows_set_aside::bigint as rows_set_aside;
