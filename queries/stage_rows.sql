-- name: stage_rows
-- Appends rows staged from Python (XLSX rows, CSV rows the typed reader rejected, re-read as text) from the
-- registered frame stage_rows_frame (_file, _line and contract columns as text) to {{stage}}.
-- returns: nothing
insert into {{stage}} by name
select * from stage_rows_frame;
