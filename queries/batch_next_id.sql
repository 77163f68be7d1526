-- name: batch_next_id
-- The id the next batch gets.
-- returns: batch_id
with final as (
    select coalesce(max(batch_id), 0) + 1 as batch_id from batches
)

select * from final
