-- name: upsert_enforcement
-- Replaces enforcement whose case_id reappears in the staged view new_enforcement, then inserts the staged rows under
-- batch $batch_id. Two statements; the loader reads the first one's row count as the rows replaced.
-- The join form lets DuckDB build its hash table on the smaller side (an empty store on a first load).
-- returns: nothing
delete from enforcement as t
using (select distinct case_id from new_enforcement) as n
where t.case_id = n.case_id;

insert into enforcement by name
select *, $batch_id::integer as batch_id from new_enforcement;
