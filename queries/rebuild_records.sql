-- name: rebuild_records
-- Rebuild: copies the batch records (batches, batch_files, load_warnings) and meta from the current store
-- file ($path, attached read-only as `old`) into the fresh store. Columns an older store lacks stay null.
-- returns: nothing
attach $path as old (read_only);

insert into batches by name select * from old.batches;

insert into batch_files by name select * from old.batch_files;

insert into load_warnings by name select * from old.load_warnings;

insert into meta by name select * from old.meta;

detach old;
