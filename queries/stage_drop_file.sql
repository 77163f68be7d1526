-- name: stage_drop_file
-- Removes one file's rows from {{stage}} (before it is read again in another encoding).
-- returns: nothing
delete from {{stage}} where _file = $file_index;
