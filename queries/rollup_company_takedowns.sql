-- name: rollup_company_takedowns
-- Rebuilds r_company_takedowns: one row per company key and takedown tied to it, so a company profile reads its
-- takedowns without scanning per-port rollups: 'held' (takedowns.holder_key, or one of its own SMS ports by
-- r_ports) or 'used' (a port its messages went through). complaints: on that port in the takedown's quarter (for
-- 'used', the company's own); first_complaint_at: the port's earliest per-quarter first complaint (r_ports, any
-- company) in the 90 days up to the takedown, as on the enforcement page; null when there was none (found by
-- monitoring) and for numbers and lines. Run after rollup_ports and rollup_company_ports (it reads both), over
-- every quarter: the 90-day window crosses quarters.
-- returns: nothing
create or replace table r_company_takedowns as
with port_takedowns as (
    select takedown_id, taken_at, quarter, target as port
    from takedowns
    where target_type = 'port'
),

runs as (
    select 'held' as relation, port_company_key as company_key, quarter, port,
        sum(complaints)::bigint as complaints, min(first_complaint_at) as first_complaint_at
    from r_ports
    where port_company_key is not null
    group by all
    union all
    select 'used' as relation, company_key, quarter, port, complaints, first_complaint_at
    from r_company_ports
),

timing as (
    -- A property of the port takedown, the same for every company tied to it (and on the enforcement page).
    select
        s.takedown_id,
        min(r.first_complaint_at) filter (
            where r.first_complaint_at::date <= s.taken_at and r.first_complaint_at::date >= s.taken_at - interval 90 day
        ) as first_complaint_at
    from port_takedowns as s
    join r_ports as r on r.port = s.port
    group by s.takedown_id
),

by_port as (
    select
        r.company_key, r.relation, s.takedown_id,
        sum(r.complaints) filter (where r.quarter = s.quarter)::bigint as complaints,
        any_value(tm.first_complaint_at) as first_complaint_at
    from port_takedowns as s
    join runs as r on r.port = s.port
    left join timing as tm on tm.takedown_id = s.takedown_id
    group by all
),

by_holder as (
    select holder_key as company_key, 'held' as relation, takedown_id, null::bigint as complaints,
        null::timestamp as first_complaint_at
    from takedowns
    where holder_key is not null
),

final as (
    -- A company linked to one takedown both ways counts it as held ('held' sorts before 'used').
    select company_key, min(relation) as relation, takedown_id, max(complaints) as complaints,
        min(first_complaint_at) as first_complaint_at
    from (select * from by_port union all select * from by_holder)
    group by company_key, takedown_id
)

select * from final order by company_key, takedown_id
