-- name: company_takedowns
-- Takedowns tied to one company (any key in the list $company_keys), each with the complaints behind it:
-- 'held': the company held the port, number or line (takedowns.holder_key), or the port is one of its own
-- SMS ports by the complaints (r_ports.port_company_key);
-- 'used': a port its messages went through as a source company (r_company_ports) was shut.
-- complaints: the port's complaints in the takedown's quarter (for 'used', this company's only).
-- first_complaint_at and days_to_takedown follow the enforcement page's rule: the earliest per-quarter first
-- complaint in the 90 days up to the takedown (a port reused for years is timed from its latest run of
-- complaints); null when there was none (found by monitoring), and for numbers and lines (not in the rollups).
-- returns: relation, takedown_id, taken_at, quarter, target_type, target, operator, operator_zh, operator_en, holder, reason, complaints, first_complaint_at, days_to_takedown
with own_ports as (
    select quarter, port, sum(complaints)::bigint as complaints, min(first_complaint_at) as first_complaint_at
    from r_ports
    where list_contains($company_keys, port_company_key)
    group by all
),

used_ports as (
    select quarter, port, sum(complaints)::bigint as complaints, min(first_complaint_at) as first_complaint_at
    from r_company_ports
    where list_contains($company_keys, company_key)
    group by all
),

held as (
    select 'held' as relation, t.*
    from takedowns as t
    where list_contains($company_keys, t.holder_key)
        or (t.target_type = 'port' and t.target in (select port from own_ports))
),

used as (
    select 'used' as relation, t.*
    from takedowns as t
    where t.target_type = 'port'
        and t.target in (select port from used_ports)
        and t.takedown_id not in (select takedown_id from held)
),

shut as (
    select * from held
    union all
    select * from used
),

runs as (
    -- The per-quarter complaint runs on each port that matter to this company.
    select 'held' as relation, quarter, port, complaints, first_complaint_at from own_ports
    union all
    select 'used' as relation, quarter, port, complaints, first_complaint_at from used_ports
),

timed as (
    select s.takedown_id, min(r.first_complaint_at) as first_complaint_at
    from shut as s
    join runs as r
        on r.relation = s.relation
        and r.port = s.target
        and s.target_type = 'port'
        and r.first_complaint_at::date <= s.taken_at
        and r.first_complaint_at::date >= s.taken_at - interval 90 day
    group by s.takedown_id
),

final as (
    select
        s.relation, s.takedown_id, s.taken_at, s.quarter, s.target_type, s.target, s.operator,
        o.name_zh as operator_zh, o.name_en as operator_en, s.holder, s.reason,
        r.complaints,
        tm.first_complaint_at,
        date_diff('day', tm.first_complaint_at::date, s.taken_at) as days_to_takedown
    from shut as s
    left join runs as r on r.relation = s.relation and r.port = s.target and r.quarter = s.quarter
        and s.target_type = 'port'
    left join timed as tm on tm.takedown_id = s.takedown_id
    left join ref_operator as o on o.code = s.operator
    order by taken_at, takedown_id
)

select * from final
