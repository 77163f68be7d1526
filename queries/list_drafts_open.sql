-- name: list_drafts_open
-- Exposure-list drafts not yet published or discarded, newest first (status draft, submitted or approved).
-- Reads the workflow file.
-- returns: draft_id, list_id, quarter, base_version, status, rules, candidates, decisions, context, note, prepared_by, prepared_at, submitted_at, approved_by, approved_at, approved_hash, returned_note, updated_at
with final as (
    select draft_id, list_id, quarter, base_version, status, rules, candidates, decisions, context, note,
        prepared_by, prepared_at, submitted_at, approved_by, approved_at, approved_hash, returned_note, updated_at
    from list_drafts
    where status in ('draft', 'submitted', 'approved')
    order by prepared_at desc, draft_id desc
)

select * from final
