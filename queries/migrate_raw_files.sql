-- name: migrate_raw_files
-- Files of every batch with the name of their raw archive copy (archive_name, from before issue 13) and kind,
-- in batch order, for migrating the raw copies to the Parquet archive.
-- returns: batch_id, file_name, archive_name, kind
with final as (
    select batch_id, file_name, archive_name, kind
    from batch_files
    order by batch_id, file_name
)

select * from final
