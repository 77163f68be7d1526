-- name: attach_check
-- Batches on which a rollup run's archive (archive_batches: rows archived per kind) and the loader's batches
-- disagree, in a store being attached: a batch only one side has, or different row counts. Empty when the
-- rollups were computed from exactly the batches the loader recorded. A recorded batch without rows is fine.
-- returns: batch_id, archived_complaints, loaded_complaints, archived_takedowns, loaded_takedowns, archived_enforcement, loaded_enforcement
with final as (
    select
        coalesce(a.batch_id, b.batch_id) as batch_id,
        a.rows_complaints as archived_complaints,
        b.rows_complaints as loaded_complaints,
        a.rows_takedowns as archived_takedowns,
        b.rows_takedowns as loaded_takedowns,
        a.rows_enforcement as archived_enforcement,
        b.rows_enforcement as loaded_enforcement
    from archive_batches as a
    full outer join batches as b on b.batch_id = a.batch_id
    where (a.batch_id is null and b.rows_complaints + b.rows_takedowns + b.rows_enforcement > 0)
        or b.batch_id is null
        or a.rows_complaints <> b.rows_complaints
        or a.rows_takedowns <> b.rows_takedowns
        or a.rows_enforcement <> b.rows_enforcement
    order by batch_id
)

select * from final
