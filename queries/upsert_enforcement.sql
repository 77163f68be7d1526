-- name: upsert_enforcement
-- Replaces enforcement whose case_id reappears in the load's validated rows (norm_enforcement, less the rows set aside),
-- then inserts them under batch $batch_id. Two statements; the loader reads the first one's row count as the
-- rows replaced. The join form lets DuckDB build its hash table on the smaller side (an empty store on a
-- first load).
-- returns: nothing
delete from enforcement as t
using (select distinct case_id from norm_enforcement where not _set_aside) as n
where t.case_id = n.case_id;

insert into enforcement by name
select * exclude (_file, _r, _line, _set_aside, errors, warnings), $batch_id::integer as batch_id
from norm_enforcement
where not _set_aside;
