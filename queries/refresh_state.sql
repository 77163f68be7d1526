-- name: refresh_state
-- What decides between refreshing a load's quarters and rebuilding every rollup: the fingerprint of the rollup
-- queries that built the store's r_* tables (meta key 'rollups', written by refresh_mark; null before any), and
-- how many quarters the store's complaints span.
-- returns: fingerprint, quarters
with final as (
    select
        (select max(value) from meta where key = 'rollups') as fingerprint,
        (select count(distinct quarter) from complaints)::integer as quarters
)

select * from final
