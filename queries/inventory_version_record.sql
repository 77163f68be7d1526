-- name: inventory_version_record
-- One published inventory version's frozen record (canonical JSON, both languages) and its content hash:
-- $inventory_id, $version. Reads the workflow file.
-- returns: inventory_id, version, record, content_hash
with final as (
    select inventory_id, version, record, content_hash
    from inventory_versions
    where inventory_id = $inventory_id and version = $version
)

select * from final
