-- name: company_involved
-- The industries and operators in one company's (any key in the list $company_keys) complaints, all quarters: as a source company
-- from r_company, as a port company from r_chain; with reference names (and operator kind: basic or mvno).
-- returns: role, dim, code, name_zh, name_en, kind, complaints
with rows as (
    select 'source' as role, industry, operator, complaints
    from r_company
    where list_contains($company_keys, company_key)
    union all
    select 'port' as role, industry, operator, complaints
    from r_chain
    where list_contains($company_keys, port_company_key)
),

by_industry as (
    select role, 'industry' as dim, industry as code, sum(complaints)::bigint as complaints
    from rows
    group by all
),

by_operator as (
    select role, 'operator' as dim, operator as code, sum(complaints)::bigint as complaints
    from rows
    group by all
),

final as (
    select
        b.role, b.dim, b.code,
        coalesce(i.name_zh, o.name_zh) as name_zh,
        coalesce(i.name_en, o.name_en) as name_en,
        o.kind,
        b.complaints
    from (select * from by_industry union all select * from by_operator) as b
    left join ref_industry as i on b.dim = 'industry' and i.code = b.code
    left join ref_operator as o on b.dim = 'operator' and o.code = b.code
    order by role, dim, complaints desc, code
)

select * from final
