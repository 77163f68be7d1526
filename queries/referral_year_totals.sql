-- name: referral_year_totals
-- The referral log's yearly totals: batches, leads and companies referred per calendar year. Reads the
-- workflow file.
-- returns: year, batches, leads, companies, departments
with files as (
    select cast(left(quarter, 4) as integer) as year, batch_id, department_code, leads, companies
    from referral_files
),

final as (
    select year, count(distinct batch_id)::bigint as batches, sum(leads)::bigint as leads,
        sum(companies)::bigint as companies, count(distinct department_code)::bigint as departments
    from files
    group by all
    order by year desc
)

select * from final
