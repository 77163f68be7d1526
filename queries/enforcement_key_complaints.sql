-- name: enforcement_key_complaints
-- Complaints per quarter for given keys (r_rank): source companies ($company_keys), port companies
-- ($port_company_keys) and operators ($operator_keys), each a list of keys; for before/after comparisons.
-- returns: dim, key, quarter, complaints
with final as (
    select dim, key, quarter, sum(complaints)::bigint as complaints
    from r_rank
    where (dim = 'company' and list_contains($company_keys, key))
        or (dim = 'port_company' and list_contains($port_company_keys, key))
        or (dim = 'operator' and list_contains($operator_keys, key))
    group by all
    order by dim, key, quarter
)

select * from final
