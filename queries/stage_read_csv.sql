-- name: stage_read_csv
-- Appends CSV files of one kind and layout to that kind's staging table ({{stage}}: stage_complaints,
-- stage_takedowns or stage_enforcement), typed where the loader chose a date format. $paths are UTF-8
-- files with the same header layout; $columns names every position (a contract column, its typed form,
-- or an underscore name for a column that is dropped: ignored, or personal data, which is therefore
-- never materialised). Rows the reader cannot read or type go to DuckDB's reject_errors table (with
-- their line and text), never silently away; $file_base + the position in $paths is the file's _file.
-- returns: nothing
insert into {{stage}} by name
select
    $file_base::integer + list_position($paths, filename)::integer - 1 as _file,
    columns(lambda c: not starts_with(c, '_') and c != 'filename')
from read_csv(
    $paths,
    header = true,
    skip = $skip,
    columns = $columns,
    delim = $delimiter,
    quote = '"',
    escape = '"',
    auto_detect = false,
    strict_mode = true,
    store_rejects = true,
    rejects_limit = $rejects_limit,
    max_line_size = $max_line_bytes,
    timestamp_format = $timestamp_format,
    date_format = $date_format,
    encoding = 'utf-8',
    filename = true
);
