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
with runs as (
    -- Its complaint runs per quarter and port: on its own ports ('held') and on ports it used ('used').
    select 'held' as relation, quarter, port, sum(complaints)::bigint as complaints,
        min(first_complaint_at) as first_complaint_at
    from r_ports
    where list_contains($company_keys, port_company_key)
    group by all
    union all
    select 'used' as relation, quarter, port, sum(complaints)::bigint as complaints,
        min(first_complaint_at) as first_complaint_at
    from r_company_ports
    where list_contains($company_keys, company_key)
    group by all
),

port_relation as (
    -- 'held' sorts before 'used': a port it both held and used counts as held.
    select port, min(relation) as relation
    from runs
    group by all
),

shut as (
    select
        case when list_contains($company_keys, t.holder_key) then 'held' else pr.relation end as relation,
        t.takedown_id, t.taken_at, t.quarter, t.target_type, t.target, t.operator, t.holder, t.reason
    from takedowns as t
    left join port_relation as pr on t.target_type = 'port' and pr.port = t.target
    where list_contains($company_keys, t.holder_key) or pr.port is not null
),

behind as (
    select
        s.takedown_id,
        sum(r.complaints) filter (where r.quarter = s.quarter)::bigint as complaints,
        min(r.first_complaint_at) filter (
            where r.first_complaint_at::date <= s.taken_at and r.first_complaint_at::date >= s.taken_at - interval 90 day
        ) as first_complaint_at
    from shut as s
    join runs as r on r.relation = s.relation and r.port = s.target and s.target_type = 'port'
    group by s.takedown_id
),

final as (
    select
        s.relation, s.takedown_id, s.taken_at, s.quarter, s.target_type, s.target, s.operator,
        o.name_zh as operator_zh, o.name_en as operator_en, s.holder, s.reason,
        b.complaints,
        b.first_complaint_at,
        date_diff('day', b.first_complaint_at::date, s.taken_at) as days_to_takedown
    from shut as s
    left join behind as b on b.takedown_id = s.takedown_id
    left join ref_operator as o on o.code = s.operator
    order by s.taken_at, s.takedown_id
)

select * from final
