-- name: enforcement_key_complaints
-- Complaints per quarter for given keys (r_rank): source companies ($company_keys), port companies
-- ($port_company_keys) and operators ($operator_keys), each a list of keys; for before/after comparisons.
-- A hash join against the unnested key lists (a list_contains filter per row was ~10x slower at 10M).
-- returns: dim, key, quarter, complaints
with wanted as (
    select distinct dim, key from (
        select 'company' as dim, unnest($company_keys::varchar[]) as key
        union all
        select 'port_company', unnest($port_company_keys::varchar[])
        union all
        select 'operator', unnest($operator_keys::varchar[])
    )
),

final as (
    select r.dim, r.key, r.quarter, sum(r.complaints)::bigint as complaints
    from r_rank r
    join wanted w on w.dim = r.dim and w.key = r.key
    group by all
    order by r.dim, r.key, r.quarter
)

select * from final
