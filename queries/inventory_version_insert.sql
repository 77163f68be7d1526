-- name: inventory_version_insert
-- Publishes a complaint-inventory version: the frozen documents and their hash (inserted once, never updated).
-- returns: nothing
insert into inventory_versions (inventory_id, version, quarter, supersedes, record, content_hash, published_by,
    published_at)
values ($inventory_id, $version, $quarter, $supersedes, $record, $content_hash, $published_by, $published_at);
