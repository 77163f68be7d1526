-- name: referral_lead_lookup
-- The referred leads whose ids are in $lead_ids, with their batch, department, the batch's send date and
-- feedback deadline (for checking a feedback file). Reads the workflow file.
-- returns: lead_id, batch_id, department_code, referred_on, feedback_due
with final as (
    select l.lead_id, l.batch_id, l.department_code, s.referred_on, b.feedback_due
    from referral_lead_ids as l
    join referral_batches as b using (batch_id)
    left join referral_sent as s using (batch_id)
    where l.lead_id in (select unnest($lead_ids))
    order by l.lead_id, l.batch_id
)

select * from final
