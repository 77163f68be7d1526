-- name: list_draft_update
-- Sets a draft's review and workflow state ($draft_id): status, decisions, submission, approval, return note.
-- Drafts only: published versions are never updated.
-- returns: nothing
update list_drafts
set status = $status,
    decisions = $decisions,
    submitted_at = $submitted_at,
    approved_by = $approved_by,
    approved_at = $approved_at,
    approved_hash = $approved_hash,
    returned_note = $returned_note,
    updated_at = $updated_at
where draft_id = $draft_id;
