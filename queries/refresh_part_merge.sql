-- name: refresh_part_merge
-- Replaces the touched quarters' rows of the store's rollup table {{table}} (a name from the loader's list of
-- per-quarter rollups) with those computed in anning_part.
-- returns: nothing
delete from {{table}}
where quarter in (select quarter from anning_part.touched);

insert into {{table}} by name
select * from anning_part.{{table}};
