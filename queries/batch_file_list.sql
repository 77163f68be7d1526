-- name: batch_file_list
-- Files of every batch with kind, encoding, row count and any personal-data columns dropped on read.
-- returns: batch_id, file_name, kind, encoding, rows, dropped_columns
with final as (
    select batch_id, file_name, kind, encoding, rows, dropped_columns
    from batch_files
    order by batch_id desc, file_name
)

select * from final
