-- name: batch_files_for_rebuild
-- Every archived file with its batch, source and loader, in load order (for rebuilding the store).
-- returns: batch_id, source, loaded_by, file_name, archive_name, kind
with final as (
    select f.batch_id, b.source, b.loaded_by, f.file_name, f.archive_name, f.kind
    from batch_files f
    join batches b using (batch_id)
    order by f.batch_id, f.file_name
)

select * from final
