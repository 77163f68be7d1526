-- name: store_info
-- One row describing the store: version, data-as-of date, row counts, and what kind of data it holds:
-- demo is true when any batch is synthetic demo data (banner and export watermark), real_data when any
-- batch is not (then nobody is signed in automatically, even if demo batches are also present). complaints is
-- counted from r_month, which holds every complaint, so a store attached from rollups computed elsewhere
-- (rollups_only: no raw complaints, docs/scale-out.md) reports the same.
-- returns: version, data_as_of, demo, batches, complaints, real_data, rollups_only
with meta_wide as (
    select
        max(value) filter (where key = 'version') as version,
        max(value) filter (where key = 'data_as_of') as data_as_of,
        coalesce(bool_or(key = 'rollups_only' and value = 'true'), false) as rollups_only
    from meta
),

sources as (
    select
        coalesce(bool_or(source = 'demo'), false) as demo,
        coalesce(bool_or(source <> 'demo'), false) as real_data,
        count(*) as batches
    from batches
),

final as (
    select
        coalesce(m.version, '0') as version,
        nullif(m.data_as_of, '') as data_as_of,
        s.demo,
        s.batches,
        (select coalesce(sum(complaints), 0)::bigint from r_month) as complaints,
        s.real_data,
        m.rollups_only
    from meta_wide m, sources s
)

select * from final
