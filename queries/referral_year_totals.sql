-- name: referral_year_totals
-- The referral log's yearly totals: batches, leads (about companies), number leads (to public security) and
-- companies referred per calendar year. Reads the workflow file.
-- returns: year, batches, leads, number_leads, companies, departments
with files as (
    select cast(left(quarter, 4) as integer) as year, batch_id, department_code, leads, companies
    from referral_files
),

numbers as (
    select cast(left(quarter, 4) as integer) as year, sum(coalesce(number_leads, 0))::bigint as number_leads
    from referral_batches
    group by all
),

final as (
    select f.year, count(distinct f.batch_id)::bigint as batches, sum(f.leads)::bigint as leads,
        coalesce(any_value(n.number_leads), 0)::bigint as number_leads,
        sum(f.companies)::bigint as companies, count(distinct f.department_code)::bigint as departments
    from files as f
    left join numbers as n using (year)
    group by f.year
    order by f.year desc
)

select * from final
