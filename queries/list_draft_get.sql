-- name: list_draft_get
-- One exposure-list draft ($draft_id), every column; the workflow reads it under the writer lock.
-- returns: draft_id, list_id, quarter, base_version, status, rules, candidates, decisions, context, note, prepared_by, prepared_at, submitted_at, approved_by, approved_at, approved_hash, returned_note, updated_at
with final as (
    select draft_id, list_id, quarter, base_version, status, rules, candidates, decisions, context, note,
        prepared_by, prepared_at, submitted_at, approved_by, approved_at, approved_hash, returned_note, updated_at
    from list_drafts
    where draft_id = $draft_id
)

select * from final
