-- name: referral_batches_all
-- Every recorded lead-referral batch (one per quarter), newest first. Reads the workflow file.
-- returns: batch_id, quarter, leads, companies, departments, content_hash, context, prepared_by, prepared_at
with final as (
    select batch_id, quarter, leads, companies, departments, content_hash, context, prepared_by, prepared_at
    from referral_batches
    order by quarter desc
)

select * from final
