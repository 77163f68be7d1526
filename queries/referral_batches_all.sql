-- name: referral_batches_all
-- Every recorded lead-referral batch (one per quarter), newest first, with when it was marked as sent and by
-- whom (null until then). Reads the workflow file.
-- returns: batch_id, quarter, leads, number_leads, companies, departments, content_hash, context, prepared_by, prepared_at, feedback_due, referred_on, referred_by
with final as (
    select
        b.batch_id, b.quarter, b.leads, coalesce(b.number_leads, 0)::bigint as number_leads, b.companies,
        b.departments, b.content_hash, b.context, b.prepared_by, b.prepared_at, b.feedback_due, s.referred_on,
        s.referred_by
    from referral_batches as b
    left join referral_sent as s using (batch_id)
    order by b.quarter desc
)

select * from final
