-- name: attach_catalog
-- Into a store built from a rollup run's output (anning.scale.attach): copies what only the loader's store knows,
-- from $catalog (that store's file, attached read-only): the batches (who loaded what, demo or real data), their
-- files and warnings, and the store version and demo mark; records the data-as-of date of the run's
-- archive_facts, and marks the store rollups_only (it has no raw complaints).
-- returns: nothing
attach $catalog as catalog (read_only);

insert into batches by name select * from catalog.batches;

insert into batch_files by name select * from catalog.batch_files;

insert into load_warnings by name select * from catalog.load_warnings;

insert or replace into meta select key, value from catalog.meta where key in ('version', 'demo');

insert or replace into meta select 'data_as_of', coalesce(max(data_as_of)::varchar, '') from archive_facts;

insert or replace into meta values ('rollups_only', 'true');

detach catalog
