-- name: norm_create
-- Materialises the registered view load_result (a load_<kind> query over the staging table) as the temporary
-- table {{norm}}: the typed, validated rows of the load, read by the checks, the store upsert and the archive.
-- returns: nothing
create or replace temp table {{norm}} as
select * from load_result;
