-- name: inventory_state
-- The latest published version of a complaint inventory ($inventory_id) and its content hash (nulls if none).
-- returns: latest_version, latest_hash
with final as (
    select max(version) as latest_version, arg_max(content_hash, version) as latest_hash
    from inventory_versions
    where inventory_id = $inventory_id
)

select * from final
