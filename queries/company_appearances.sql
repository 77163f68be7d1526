-- name: company_appearances
-- The published exposure lists that named one company ($company_key), every version (a corrected list shows
-- both the version that named it and any that superseded it), newest first. Reads the workflow file.
-- returns: list_id, version, quarter, published_at, current
with latest as (
    select list_id, max(version) as version
    from list_versions
    group by all
),

final as (
    select e.list_id, e.version, e.quarter, e.published_at, l.version = e.version as current
    from published_list_entries as e
    join latest as l on l.list_id = e.list_id
    where e.company_key = $company_key and e.included
    order by e.quarter desc, e.version desc
)

select * from final
