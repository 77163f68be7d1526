-- name: upsert_takedowns
-- Replaces takedowns whose takedown_id reappears in the staged table new_takedowns, then inserts the staged rows
-- under batch $batch_id. Returns the number of rows replaced.
-- returns: n
create or replace temp table _replaced as
select count(*) as n from takedowns where takedown_id in (select takedown_id from new_takedowns);

delete from takedowns where takedown_id in (select takedown_id from new_takedowns);

insert into takedowns by name
select *, $batch_id::integer as batch_id from new_takedowns;

select n from _replaced;
