-- name: rollup_month
-- Rebuilds r_month: complaints per month, channel, category, industry and operator. Trends, KPIs,
-- headlines and forecasts read this instead of raw complaints.
-- returns: nothing
create or replace table r_month as
with final as (
    select
        month, quarter, channel, coalesce(category, 'unknown') as category, industry, operator,
        sum("count")::bigint as complaints
    from complaints
    group by all
)

select * from final order by month
