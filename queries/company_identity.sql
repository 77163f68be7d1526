-- name: company_identity
-- The display name and credit code of one company key ($company_key) from r_names; no row if unknown.
-- returns: key, name, company_id
with final as (
    select key, name, company_id
    from r_names
    where key = $company_key
)

select * from final
