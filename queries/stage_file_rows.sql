-- name: stage_file_rows
-- Per file of {{stage}}: the first row id of the rows the CSV reader appended (the row index within the
-- file is the row id minus it), and how many rows were staged (read) from it.
-- returns: _file, first_rowid, staged
with final as (
    select _file, min(rowid) filter (where _line is null) as first_rowid, count(*) as staged
    from {{stage}}
    group by _file
)

select * from final
