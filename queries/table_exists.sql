-- name: table_exists
-- Whether a table named $table_name exists in the store (either file), so that features can check for
-- tables that a later release adds (e.g. published_list_entries) before querying them.
-- returns: present
with final as (
    select count(*) > 0 as present
    from duckdb_tables()
    where table_name = $table_name and not internal and not temporary
)

select * from final
