-- name: batch_hashes
-- Content hash of every file already loaded, with the batch that loaded it (for idempotent loads).
-- returns: content_hash, batch_id
with final as (
    select content_hash, min(batch_id) as batch_id
    from batch_files
    group by all
)

select * from final
