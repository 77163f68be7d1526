-- name: company_timeline
-- Complaints per quarter, channel and category for one company (any key in the list $company_keys): as a source company
-- (r_company) and as an SMS port company, i.e. complaints about messages through its ports (r_rank).
-- returns: role, quarter, channel, category, complaints
with as_source as (
    select 'source' as role, quarter, channel, category, sum(complaints)::bigint as complaints
    from r_company
    where list_contains($company_keys, company_key)
    group by all
),

as_port as (
    select 'port' as role, quarter, channel, category, sum(complaints)::bigint as complaints
    from r_rank
    where dim = 'port_company' and list_contains($company_keys, key)
    group by all
),

final as (
    select * from as_source
    union all
    select * from as_port
    order by role, quarter, channel, category
)

select * from final
