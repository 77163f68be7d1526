-- name: overview_quarterly
-- Complaints per quarter and channel since the first loaded quarter (from r_month), with the store's
-- data-as-of date so callers can tell complete quarters from the current one. Overview KPIs, the trend
-- chart and the headline sentences read this.
-- returns: quarter, channel, complaints, data_as_of
with by_quarter as (
    select quarter, channel, sum(complaints)::bigint as complaints
    from r_month
    group by all
),

final as (
    select
        q.quarter, q.channel, q.complaints,
        (select try_cast(max(value) as date) from meta where key = 'data_as_of') as data_as_of
    from by_quarter q
    order by q.quarter, q.channel
)

select * from final
