-- name: referral_batches_all
-- Every recorded lead-referral batch (one per quarter), newest first, with when it was marked as sent and by
-- whom (null until then). leads counts the complaints about companies, number_leads the complaints behind public
-- security's number list, numbers the sender numbers on that list (its lead ids); leads + numbers is every lead id
-- the batch referred, the total the feedback summary counts. Reads the workflow file.
-- returns: batch_id, quarter, leads, number_leads, numbers, companies, departments, content_hash, context, prepared_by, prepared_at, feedback_due, referred_on, referred_by
with numbers as (
    select batch_id, count(*)::bigint as numbers
    from referral_lead_ids
    where department_code = 'mps'
    group by all
),

final as (
    select
        b.batch_id, b.quarter, b.leads, coalesce(b.number_leads, 0)::bigint as number_leads,
        coalesce(n.numbers, 0)::bigint as numbers, b.companies, b.departments, b.content_hash, b.context,
        b.prepared_by, b.prepared_at, b.feedback_due, s.referred_on, s.referred_by
    from referral_batches as b
    left join numbers as n using (batch_id)
    left join referral_sent as s using (batch_id)
    order by b.quarter desc
)

select * from final
