-- name: batches_list
-- Every loaded batch, newest first: who, when, source, files, row counts, replaced rows, warnings.
-- returns: batch_id, loaded_at, loaded_by, source, files, rows_complaints, rows_takedowns, rows_enforcement, rows_replaced, n_warnings, seconds
with final as (
    select
        batch_id, loaded_at, loaded_by, source, files, rows_complaints, rows_takedowns, rows_enforcement,
        rows_replaced, n_warnings, round(seconds, 1) as seconds
    from batches
    order by batch_id desc
)

select * from final
