-- name: referral_feedback_summary
-- Feedback per batch and department: leads referred, leads answered, and the answered leads by outcome (each
-- lead's latest load counts), with the batch's deadline and send date. Reads the workflow file.
-- returns: batch_id, quarter, department_code, leads, answered, handled, no_violation, transferred, unverifiable, pending, feedback_due, referred_on
with latest as (
    select batch_id, lead_id, arg_max(outcome, load_seq) as outcome
    from referral_feedback
    group by all
),

per_department as (
    select
        l.batch_id,
        l.department_code,
        count(*)::bigint as leads,
        count(f.outcome)::bigint as answered,
        count(*) filter (where f.outcome = 'handled')::bigint as handled,
        count(*) filter (where f.outcome = 'no_violation')::bigint as no_violation,
        count(*) filter (where f.outcome = 'transferred')::bigint as transferred,
        count(*) filter (where f.outcome = 'unverifiable')::bigint as unverifiable,
        count(*) filter (where f.outcome = 'pending')::bigint as pending
    from referral_lead_ids as l
    left join latest as f using (batch_id, lead_id)
    group by all
),

final as (
    select
        p.batch_id, b.quarter, p.department_code, p.leads, p.answered, p.handled, p.no_violation, p.transferred,
        p.unverifiable, p.pending, b.feedback_due, s.referred_on
    from per_department as p
    join referral_batches as b using (batch_id)
    left join referral_sent as s using (batch_id)
    order by b.quarter desc, p.department_code
)

select * from final
