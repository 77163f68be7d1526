-- name: upsert_enforcement
-- Replaces enforcement whose case_id reappears in the staged table new_enforcement, then inserts the staged rows
-- under batch $batch_id. Returns the number of rows replaced.
-- returns: n
create or replace temp table _replaced as
select count(*) as n from enforcement where case_id in (select case_id from new_enforcement);

delete from enforcement where case_id in (select case_id from new_enforcement);

insert into enforcement by name
select *, $batch_id::integer as batch_id from new_enforcement;

select n from _replaced;
