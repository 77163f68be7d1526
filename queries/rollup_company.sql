-- name: rollup_company
-- Rebuilds r_company: complaints per company key, quarter, channel, category, industry and operator,
-- for the company profile.
-- returns: nothing
create or replace table r_company as
with final as (
    select
        company_key, quarter, channel, coalesce(category, 'unknown') as category, industry, operator,
        sum("count")::bigint as complaints
    from complaints
    where company_key is not null
    group by all
)

select * from final order by company_key, quarter
