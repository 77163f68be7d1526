-- name: stage_rejects
-- The rows DuckDB's CSV reader rejected in its latest scan (one per problem; a row can have several): the
-- file, the line (DuckDB's numbering: records, counting blank lines), the column, the kind of problem and
-- the row's text. Used to locate errors and to re-read rows that failed only a typed column.
-- returns: file_path, line, column_name, error_type, csv_line, error_message
with last_scan as (
    select max(scan_id) as scan_id from reject_scans
),

final as (
    select s.file_path, e.line, e.column_name, e.error_type::varchar as error_type, e.csv_line, e.error_message
    from reject_errors e
    join reject_scans s on s.scan_id = e.scan_id and s.file_id = e.file_id
    where e.scan_id = (select scan_id from last_scan)
    order by s.file_path, e.line
)

select * from final
