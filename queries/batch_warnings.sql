-- name: batch_warnings
-- Warnings recorded with the batches (newest batch first), capped at $limit rows.
-- returns: batch_id, file_name, line, column_name, value, code
with final as (
    select batch_id, file_name, line, column_name, value, code
    from load_warnings
    order by batch_id desc, file_name, line
    limit $limit
)

select * from final
