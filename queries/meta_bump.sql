-- name: meta_bump
-- After a load: bumps the store version, records the data-as-of date, and marks demo data ($source = 'demo').
-- returns: nothing
insert or replace into meta
select 'version', (coalesce(max(try_cast(value as integer)), 0) + 1)::varchar from meta where key = 'version';

insert or replace into meta
select 'data_as_of', coalesce(max(received_at)::date::varchar, '') from complaints;

insert or replace into meta
select 'demo', 'true' where $source = 'demo';
