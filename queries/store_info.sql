-- name: store_info
-- One row describing the store: version, data-as-of date, whether demo data is loaded, and row counts.
-- returns: version, data_as_of, demo, batches, complaints
with meta_wide as (
    select
        max(value) filter (where key = 'version') as version,
        max(value) filter (where key = 'data_as_of') as data_as_of,
        coalesce(bool_or(key = 'demo' and value = 'true'), false) as demo
    from meta
),

final as (
    select
        coalesce(m.version, '0') as version,
        nullif(m.data_as_of, '') as data_as_of,
        m.demo,
        (select count(*) from batches) as batches,
        (select coalesce(sum("count"), 0) from complaints) as complaints
    from meta_wide m
)

select * from final
