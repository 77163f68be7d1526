-- name: refresh_part_open
-- Opens a partial rollup refresh: a scratch database file $path (in the load's private temporary folder, on
-- disk so that a large refresh is never bounded by memory), attached as anning_part, holding the $quarters to
-- refresh and a copy of the store's complaints in those quarters (after the load's upsert). The per-quarter
-- rollup queries then run inside anning_part (refresh_part_use), unchanged, and refresh_part_merge puts their
-- rows in place.
-- returns: nothing
attach if not exists $path as anning_part;

create or replace table anning_part.touched as
select unnest($quarters::varchar[]) as quarter;

create or replace table anning_part.complaints as
select * from complaints where quarter in (select quarter from anning_part.touched);
