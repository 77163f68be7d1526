-- name: company_enforcement
-- Every enforcement action against one company (enforcement.target_key in the list $company_keys, see company_aliases), oldest first.
-- returns: case_id, decided_on, quarter, target_role, action, fine_yuan, illegal_gains_yuan, over_cap, authority, province, reason
with final as (
    select
        case_id, decided_on, quarter, target_role, action, fine_yuan::double as fine_yuan,
        illegal_gains_yuan::double as illegal_gains_yuan, over_cap, authority, province, reason
    from enforcement
    where list_contains($company_keys, target_key)
    order by decided_on, case_id
)

select * from final
