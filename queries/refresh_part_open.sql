-- name: refresh_part_open
-- Opens a partial rollup refresh: an in-memory catalog anning_part holding the $quarters to refresh and a copy
-- of the store's complaints in those quarters (after the load's upsert). The per-quarter rollup queries then run
-- inside anning_part (refresh_part_use), unchanged, and refresh_part_merge puts their rows in place.
-- returns: nothing
attach if not exists ':memory:' as anning_part;

create or replace table anning_part.touched as
select unnest($quarters::varchar[]) as quarter;

create or replace table anning_part.complaints as
select * from complaints where quarter in (select quarter from anning_part.touched);
