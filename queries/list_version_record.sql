-- name: list_version_record
-- One published exposure-list version's frozen record (canonical JSON) and its content hash: $list_id, $version.
-- Reads the workflow file.
-- returns: list_id, version, record, content_hash
with final as (
    select list_id, version, record, content_hash
    from list_versions
    where list_id = $list_id and version = $version
)

select * from final
