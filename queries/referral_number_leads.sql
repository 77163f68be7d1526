-- name: referral_number_leads
-- Number-based leads for public security: complaints of $quarter about suspected fraud or gambling (the fraud
-- category, or a fraud or gambling industry) that name no company, so the only lead is the sender's number.
-- Sender numbers only: complainants' numbers are never stored. With the reported message when the data has
-- it. Reads raw complaints (when a batch is prepared or re-exported only).
-- returns: complaint_id, received_at, channel, category, industry, sender_number, number_family, operator, province, count, content
with final as (
    select
        complaint_id, received_at, channel, coalesce(category, 'unknown') as category, industry, sender_number,
        number_family, operator, province, "count", content
    from complaints
    where quarter = $quarter
        and company_key is null
        and sender_number is not null
        and (category = 'fraud' or industry in ('fraud', 'gambling'))
    order by received_at, complaint_id
)

select * from final
