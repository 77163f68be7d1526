-- name: referral_year_totals
-- The referral log's yearly totals: batches, leads (complaints about companies, the unit of the published
-- figure), number leads (complaints behind public security's number lists), numbers (the sender numbers on those
-- lists, each a lead id of its own), companies and departments referred per calendar year. leads + numbers is
-- every lead id referred in the year. Reads the workflow file.
-- returns: year, batches, leads, number_leads, numbers, companies, departments
with files as (
    select cast(left(quarter, 4) as integer) as year, batch_id, department_code, leads, companies
    from referral_files
),

numbers as (
    select
        cast(left(b.quarter, 4) as integer) as year, sum(coalesce(b.number_leads, 0))::bigint as number_leads,
        sum(coalesce(n.numbers, 0))::bigint as numbers
    from referral_batches as b
    left join (
        select batch_id, count(*) as numbers from referral_lead_ids where department_code = 'mps' group by all
    ) as n using (batch_id)
    group by all
),

final as (
    select f.year, count(distinct f.batch_id)::bigint as batches, sum(f.leads)::bigint as leads,
        coalesce(any_value(n.number_leads), 0)::bigint as number_leads,
        coalesce(any_value(n.numbers), 0)::bigint as numbers,
        sum(f.companies)::bigint as companies, count(distinct f.department_code)::bigint as departments
    from files as f
    left join numbers as n using (year)
    group by f.year
    order by f.year desc
)

select * from final
