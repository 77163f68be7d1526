-- name: list_draft_insert
-- Opens an exposure-list draft ($draft_id of $list_id for $quarter; $base_version for a correction).
-- returns: nothing
insert into list_drafts (draft_id, list_id, quarter, base_version, status, rules, candidates, decisions, context,
    note, prepared_by, prepared_at, updated_at)
values ($draft_id, $list_id, $quarter, $base_version, 'draft', $rules, $candidates, $decisions, $context, $note,
    $prepared_by, $prepared_at, $prepared_at);
