-- name: upsert_takedowns
-- Replaces takedowns whose takedown_id reappears in the staged view new_takedowns, then inserts the staged rows under
-- batch $batch_id. Two statements; the loader reads the first one's row count as the rows replaced.
-- The join form lets DuckDB build its hash table on the smaller side (an empty store on a first load).
-- returns: nothing
delete from takedowns as t
using (select distinct takedown_id from new_takedowns) as n
where t.takedown_id = n.takedown_id;

insert into takedowns by name
select *, $batch_id::integer as batch_id from new_takedowns;
