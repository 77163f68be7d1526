-- name: company_search
-- Companies for the profile picker: every key in r_names whose display name, key or credit code contains
-- $search (case-insensitive; empty matches all), with its all-time complaints as a source company and as a
-- port company (from r_rank), most complained-about first, at most $limit rows. A name key ("n:") is left out
-- when exactly one coded company has the same name: the profile merges the two (see company_aliases).
-- returns: key, name, company_id, complaints
with totals as (
    select
        key,
        coalesce(sum(complaints) filter (where dim = 'company'), 0)
        + coalesce(sum(complaints) filter (where dim = 'port_company'), 0) as complaints
    from r_rank
    where dim in ('company', 'port_company')
    group by all
),

coded_names as (
    select name
    from r_names
    where company_id is not null
    group by name
    having count(*) = 1
),

matches as (
    select n.key, n.name, n.company_id
    from r_names as n
    where ($search = ''
        or contains(lower(n.name), lower($search))
        or contains(lower(n.key), lower($search))
        or contains(lower(coalesce(n.company_id, '')), lower($search)))
        and not (n.company_id is null and n.name in (select name from coded_names))
),

final as (
    select m.key, m.name, m.company_id, coalesce(t.complaints, 0)::bigint as complaints
    from matches as m
    left join totals as t on t.key = m.key
    order by complaints desc, name, key
    limit $limit
)

select * from final
