-- name: upsert_takedowns
-- Replaces takedowns whose takedown_id reappears in the load's validated rows (norm_takedowns, less the rows set aside),
-- then inserts them under batch $batch_id. Two statements; the loader reads the first one's row count as the
-- rows replaced. The join form lets DuckDB build its hash table on the smaller side (an empty store on a
-- first load).
-- returns: nothing
delete from takedowns as t
using (select distinct takedown_id from norm_takedowns where not _set_aside) as n
where t.takedown_id = n.takedown_id;

insert into takedowns by name
select * exclude (_file, _r, _line, _set_aside, errors, warnings), $batch_id::integer as batch_id
from norm_takedowns
where not _set_aside;
