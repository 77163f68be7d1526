-- name: upsert_complaints
-- Replaces complaints whose complaint_id reappears in the staged view new_complaints, then inserts the staged rows under
-- batch $batch_id. Two statements; the loader reads the first one's row count as the rows replaced.
-- The join form lets DuckDB build its hash table on the smaller side (an empty store on a first load).
-- returns: nothing
delete from complaints as t
using (select distinct complaint_id from new_complaints) as n
where t.complaint_id = n.complaint_id;

insert into complaints by name
select *, $batch_id::integer as batch_id from new_complaints;
