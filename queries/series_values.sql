-- name: series_values
-- One complaint series per period: $dim is total, channel, industry, operator or category and $key its
-- code (ignored for total); $granularity is quarter or month. Periods without complaints are absent
-- (the caller fills them with zeros over the store's full span).
-- returns: period, value
with filtered as (
    select month, quarter, complaints
    from r_month
    where case $dim
        when 'total' then true
        when 'channel' then channel = $key
        when 'industry' then industry = $key
        when 'operator' then operator = $key
        when 'category' then category = $key
        else false
    end
),

final as (
    select
        case when $granularity = 'quarter' then quarter else strftime(month, '%Y-%m') end as period,
        sum(complaints)::bigint as value
    from filtered
    group by all
    order by period
)

select * from final
