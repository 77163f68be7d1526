-- name: scale_manifest
-- After the rollups of a run over the Parquet archive: archive_batches, the rows each batch archived per kind
-- (checked against the loader's batches when a store is attached), and archive_facts, one row with the
-- data-as-of date (the last complaint's day, as meta_bump records it) and the current rows per kind.
-- returns: nothing
create or replace table archive_batches as
with archived as (
    select batch_id, 'complaints' as kind from raw_complaints
    union all
    select batch_id, 'takedowns' as kind from raw_takedowns
    union all
    select batch_id, 'enforcement' as kind from raw_enforcement
),

final as (
    select
        batch_id,
        count(*) filter (where kind = 'complaints') as rows_complaints,
        count(*) filter (where kind = 'takedowns') as rows_takedowns,
        count(*) filter (where kind = 'enforcement') as rows_enforcement
    from archived
    group by batch_id
)

select * from final order by batch_id;

create or replace table archive_facts as
with final as (
    select
        (select max(received_at)::date from complaints) as data_as_of,
        (select count(*) from complaints) as complaints,
        (select count(*) from takedowns) as takedowns,
        (select count(*) from enforcement) as enforcement
)

select * from final
