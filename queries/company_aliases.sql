-- name: company_aliases
-- The keys one company may be recorded under: $company_key itself, $name_key (the "n:" key of its name,
-- computed by the caller), and any key with a valid credit code whose display name equals its name.
-- Takedowns name the holder without a code, so a coded company's lines are keyed by its name; the caller
-- merges these keys only when at most one credit code shares the name.
-- returns: key, name, company_id
with me as (
    select name
    from r_names
    where key = $company_key
),

final as (
    select n.key, n.name, n.company_id
    from r_names as n
    where n.key = $company_key
        or n.key = $name_key
        or (n.company_id is not null and n.name in (select name from me))
    order by company_id nulls last, key
)

select * from final
