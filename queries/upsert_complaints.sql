-- name: upsert_complaints
-- Replaces complaints whose complaint_id reappears in the staged table new_complaints, then inserts the staged rows
-- under batch $batch_id. Returns the number of rows replaced.
-- returns: n
create or replace temp table _replaced as
select count(*) as n from complaints where complaint_id in (select complaint_id from new_complaints);

delete from complaints where complaint_id in (select complaint_id from new_complaints);

insert into complaints by name
select *, $batch_id::integer as batch_id from new_complaints;

select n from _replaced;
