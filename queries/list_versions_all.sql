-- name: list_versions_all
-- Every published exposure-list version (newest first) with the version that superseded it, if any; the
-- frozen record itself is read with list_version_record. Reads the workflow file.
-- returns: list_id, version, quarter, supersedes, superseded_by, content_hash, prepared_by, approved_by, published_by, published_at, included
with entries as (
    select list_id, version, count(*) filter (where included)::bigint as included
    from published_list_entries
    group by all
),

final as (
    select v.list_id, v.version, v.quarter, v.supersedes,
        (select min(n.version) from list_versions as n where n.list_id = v.list_id and n.supersedes = v.version)
            as superseded_by,
        v.content_hash, v.prepared_by, v.approved_by, v.published_by, v.published_at,
        coalesce(e.included, 0) as included
    from list_versions as v
    left join entries as e on e.list_id = v.list_id and e.version = v.version
    order by v.quarter desc, v.list_id, v.version desc
)

select * from final
