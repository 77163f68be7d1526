-- name: enforcement_operator_quarters
-- Per operator (basic and reseller) and quarter: complaints, complaints classed as suspected fraud (r_rank)
-- and numbers shut down (takedowns of target type number). For the MVNO scorecard and the market's rate.
-- No params.
-- returns: operator, kind, quarter, complaints, fraud_complaints, numbers_shut
with complaints as (
    select key as operator, quarter, sum(complaints) as complaints,
        sum(complaints) filter (where category = 'fraud') as fraud_complaints
    from r_rank
    where dim = 'operator'
    group by all
),

shut as (
    select operator, quarter, count(*) as numbers_shut
    from takedowns
    where target_type = 'number'
    group by all
),

final as (
    select
        coalesce(c.operator, s.operator) as operator,
        coalesce(o.kind, 'basic') as kind,
        coalesce(c.quarter, s.quarter) as quarter,
        coalesce(c.complaints, 0)::bigint as complaints,
        coalesce(c.fraud_complaints, 0)::bigint as fraud_complaints,
        coalesce(s.numbers_shut, 0)::bigint as numbers_shut
    from complaints c
    full outer join shut s on s.operator = c.operator and s.quarter = c.quarter
    left join ref_operator o on o.code = coalesce(c.operator, s.operator)
    order by quarter, operator
)

select * from final
