-- name: referral_leads
-- Lead rows for a referral batch: every complaint of $quarter attributed to a source company whose industry is
-- supervised by a department other than the ministry (ref_industry.department_code not empty and not 'miit'),
-- with that department as the reference names it today (the batch maps it to the body of that time) and the
-- reported message when the data has it. Reads raw complaints, so it runs only when a batch is prepared or
-- re-exported, never on a page render. Complainant data is never stored, and none is selected here.
-- returns: department_code, complaint_id, received_at, channel, category, industry, company, company_id, company_key, sender_number, port, port_company, operator, province, count, content
with final as (
    select
        i.department_code, c.complaint_id, c.received_at, c.channel, coalesce(c.category, 'unknown') as category,
        c.industry, c.company, c.company_id, c.company_key, c.sender_number, c.port, c.port_company, c.operator,
        c.province, c."count", c.content
    from complaints as c
    join ref_industry as i on i.code = c.industry
    where c.quarter = $quarter
        and c.company_key is not null
        and coalesce(i.department_code, '') not in ('', 'miit')
    order by i.department_code, c.received_at, c.complaint_id
)

select * from final
