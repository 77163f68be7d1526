-- name: rollup_handling
-- Rebuilds r_handling: how the complaints forwarded to operators were handled, per quarter (of receipt),
-- dimension (all, operator, province) and key, handling status and whole days to handle, weighted by "count".
-- status is handled / pending / not_actionable, or none when the row carries no status (older files); days
-- (handled_on minus the date received) is set only for handled rows with a handling date. Keeping days as a
-- histogram instead of pre-computed quantiles lets a page compute the exact median, 90th percentile and
-- the share handled within any service level from a few hundred rows per quarter. Plain grouping sets and
-- casts only, so the Spark engine's sqlglot translation stays faithful.
-- returns: nothing
create or replace table r_handling as
with base as (
    select
        quarter,
        operator,
        province,
        coalesce(handling_status, 'none') as status,
        case
            when handling_status = 'handled' and handled_on is not null
                then date_diff('day', cast(received_at as date), cast(handled_on as date))
        end as days,
        "count"
    from complaints
),

grouped as (
    select
        quarter, operator, province, status, days,
        grouping(operator) = 0 as g_operator,
        grouping(province) = 0 as g_province,
        sum("count") as complaints
    from base
    group by grouping sets (
        (quarter, status, days),
        (quarter, operator, status, days),
        (quarter, province, status, days)
    )
),

final as (
    select
        quarter,
        case when g_operator then 'operator' when g_province then 'province' else 'all' end as dim,
        case when g_operator then operator when g_province then province else 'all' end as key,
        status,
        cast(days as integer) as days,
        cast(complaints as bigint) as complaints
    from grouped
)

select * from final where key is not null order by quarter, dim, key, status, days
