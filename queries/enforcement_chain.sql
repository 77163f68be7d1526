-- name: enforcement_chain
-- Complaints of $quarter along the chain operator -> port company -> industry (r_chain), optionally one
-- $channel (null for both), with the operator's kind (basic or mvno) and the port company's display name.
-- A null port_company_key means complaints sent from ordinary numbers, not through a port.
-- returns: operator, operator_kind, port_company_key, port_company, industry, complaints
with chain as (
    select operator, port_company_key, industry, sum(complaints) as complaints
    from r_chain
    where quarter = $quarter and ($channel is null or channel = $channel)
    group by all
),

final as (
    select
        c.operator, coalesce(o.kind, 'basic') as operator_kind, c.port_company_key, n.name as port_company,
        coalesce(c.industry, 'unclassified') as industry, c.complaints::bigint as complaints
    from chain c
    left join ref_operator o on o.code = c.operator
    left join r_names n on n.key = c.port_company_key
    order by c.complaints desc
)

select * from final
