-- name: handling_measures
-- How forwarded complaints were handled, per quarter in $quarters (a list), for each dimension in $dims (a
-- list of: operator, province, kind = operator kind (basic or mvno), all = one national row, key 'all');
-- values matched against r_handling.dim, never identifiers. One call serves a page's table, the nation
-- and the operator kinds. forwarded counts every complaint of the quarter; handled, pending and
-- not_actionable count by status and no_status the rows without one. handling_rate = handled / (handled +
-- pending): not-actionable reports are left out of it. timed = handled reports with a handling date;
-- median_days and p90_days are the continuous quantiles (quantile_cont's interpolation) of their whole
-- days to handle, computed exactly from the r_handling histogram; within_sla counts those handled within
-- $sla_days days, within_sla_share = within_sla / timed. Rates and days are null when there is nothing to
-- compute. quarter_has_status says whether any complaint of the quarter carries a status at all (a quarter
-- loaded from files without the column must read "no status data", never 0%). Names in $lang from ref_*;
-- data_as_of from meta (to tell a complete quarter from the running one).
-- returns: dim, quarter, key, name, kind, forwarded, handled, pending, not_actionable, no_status, timed, handling_rate, median_days, p90_days, within_sla, within_sla_share, quarter_has_status, data_as_of
with dims as (
    select unnest($dims::varchar[]) as dim
),

src as (
    select
        d.dim,
        r.quarter,
        case when d.dim = 'kind' then coalesce(o.kind, 'unknown') else r.key end as key,
        r.status,
        r.days,
        r.complaints
    from r_handling r
    join dims d on r.dim = case when d.dim = 'kind' then 'operator' else d.dim end
    left join ref_operator o on d.dim = 'kind' and o.code = r.key
    where r.quarter in (select unnest($quarters::varchar[]))
),

counts as (
    select
        dim,
        quarter,
        key,
        sum(complaints)::bigint as forwarded,
        coalesce(sum(complaints) filter (where status = 'handled'), 0)::bigint as handled,
        coalesce(sum(complaints) filter (where status = 'pending'), 0)::bigint as pending,
        coalesce(sum(complaints) filter (where status = 'not_actionable'), 0)::bigint as not_actionable,
        coalesce(sum(complaints) filter (where status = 'none'), 0)::bigint as no_status,
        coalesce(sum(complaints) filter (where status = 'handled' and days is not null), 0)::bigint as timed,
        coalesce(sum(complaints) filter (where status = 'handled' and days <= $sla_days), 0)::bigint as within_sla
    from src
    group by all
),

-- The histogram of days to handle, with each day's running count: day d holds the sorted positions
-- (0-based) from upto - n to upto - 1.
hist as (
    select
        dim, quarter, key, days, n,
        sum(n) over (partition by dim, quarter, key order by days rows unbounded preceding) as upto,
        sum(n) over (partition by dim, quarter, key) as total
    from (
        select dim, quarter, key, days, sum(complaints) as n
        from src
        where status = 'handled' and days is not null
        group by all
    )
),

-- quantile_cont: position h = p * (total - 1); the value at floor(h) plus the fraction of the step to ceil(h).
-- The value at a position is the first day whose running count passes it.
bounds as (
    select
        dim, quarter, key,
        min(days) filter (where upto > floor(0.5 * (total - 1))) as lo50,
        min(days) filter (where upto > ceil(0.5 * (total - 1))) as hi50,
        any_value(0.5 * (total - 1) - floor(0.5 * (total - 1))) as frac50,
        min(days) filter (where upto > floor(0.9 * (total - 1))) as lo90,
        min(days) filter (where upto > ceil(0.9 * (total - 1))) as hi90,
        any_value(0.9 * (total - 1) - floor(0.9 * (total - 1))) as frac90
    from hist
    group by all
),

days as (
    select
        dim, quarter, key,
        lo50 + frac50 * (hi50 - lo50) as median_days,
        lo90 + frac90 * (hi90 - lo90) as p90_days
    from bounds
),

quarter_status as (
    select quarter, bool_or(status <> 'none') as quarter_has_status
    from r_handling
    where dim = 'all' and quarter in (select unnest($quarters::varchar[]))
    group by all
),

names as (
    select 'operator' as dim, code as key, name_zh, name_en, kind from ref_operator
    union all
    select 'province', adcode, name_zh, name_en, null from ref_province
),

final as (
    select
        c.dim,
        c.quarter,
        c.key,
        coalesce(case when $lang = 'zh' then n.name_zh else n.name_en end, c.key) as name,
        case when c.dim = 'kind' then c.key else n.kind end as kind,
        c.forwarded,
        c.handled,
        c.pending,
        c.not_actionable,
        c.no_status,
        c.timed,
        c.handled / nullif(c.handled + c.pending, 0) as handling_rate,
        d.median_days::double as median_days,
        d.p90_days::double as p90_days,
        c.within_sla,
        c.within_sla / nullif(c.timed, 0) as within_sla_share,
        coalesce(s.quarter_has_status, false) as quarter_has_status,
        (select try_cast(max(value) as date) from meta where key = 'data_as_of') as data_as_of
    from counts c
    left join days d using (dim, quarter, key)
    left join quarter_status s using (quarter)
    left join names n on n.dim = c.dim and n.key = c.key
    order by c.quarter, c.dim, c.forwarded desc, c.key
)

select * from final
