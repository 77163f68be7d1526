-- name: inventory_versions_all
-- Every published complaint-inventory version, newest first (the frozen record is read with
-- inventory_version_record). Reads the workflow file.
-- returns: inventory_id, version, quarter, supersedes, content_hash, published_by, published_at
with final as (
    select inventory_id, version, quarter, supersedes, content_hash, published_by, published_at
    from inventory_versions
    order by quarter desc, version desc
)

select * from final
