-- name: list_version_insert
-- Publishes an exposure-list version: the frozen record and its hash (inserted once, never updated).
-- returns: nothing
insert into list_versions (list_id, version, quarter, supersedes, record, content_hash, prepared_by, approved_by,
    published_by, published_at)
values ($list_id, $version, $quarter, $supersedes, $record, $content_hash, $prepared_by, $approved_by,
    $published_by, $published_at);
