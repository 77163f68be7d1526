-- name: load_warnings_insert
-- Records a batch's warnings from the registered frame warn_frame (batch_id, file_name, line, column_name,
-- value, code).
-- returns: nothing
insert into load_warnings by name
select * from warn_frame;
