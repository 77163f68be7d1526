-- name: company_takedowns
-- Takedowns tied to one company (any key in the list $company_keys), from r_company_takedowns (see
-- rollup_company_ports): 'held' (it held the port, number or line) or 'used' (a port its messages went through),
-- with the complaints behind each (on that port in the takedown's quarter) and the days from the first complaint
-- of the latest run (within 90 days) to the takedown; null for numbers and lines and for ports found by monitoring.
-- A takedown tied to two of its keys is one row: held wins, complaints add up.
-- returns: relation, takedown_id, taken_at, quarter, target_type, target, operator, operator_zh, operator_en, holder, reason, complaints, first_complaint_at, days_to_takedown
with links as (
    select
        takedown_id, min(relation) as relation, sum(complaints)::bigint as complaints,
        min(first_complaint_at) as first_complaint_at
    from r_company_takedowns
    where list_contains($company_keys, company_key)
    group by takedown_id
),

final as (
    select
        l.relation, t.takedown_id, t.taken_at, t.quarter, t.target_type, t.target, t.operator,
        o.name_zh as operator_zh, o.name_en as operator_en, t.holder, t.reason,
        l.complaints,
        l.first_complaint_at,
        date_diff('day', l.first_complaint_at::date, t.taken_at) as days_to_takedown
    from links as l
    join takedowns as t on t.takedown_id = l.takedown_id
    left join ref_operator as o on o.code = t.operator
    order by t.taken_at, t.takedown_id
)

select * from final
