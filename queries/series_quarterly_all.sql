-- name: series_quarterly_all
-- Every quarterly series the headline anomaly check watches, in one pass: the national total, each channel,
-- each industry and each operator. Quarters without complaints are absent (the caller fills zeros).
-- returns: dim, key, quarter, value
with base as (
    select quarter, channel, industry, operator, complaints
    from r_month
),

final as (
    select 'total' as dim, '' as key, quarter, sum(complaints)::bigint as value from base group by all
    union all
    select 'channel', channel, quarter, sum(complaints)::bigint from base group by all
    union all
    select 'industry', industry, quarter, sum(complaints)::bigint from base group by all
    union all
    select 'operator', operator, quarter, sum(complaints)::bigint from base group by all
    order by dim, key, quarter
)

select * from final
