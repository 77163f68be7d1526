-- name: norm_file_counts
-- Per file of {{norm}}: rows with data (read), and rows set aside (dated after the load date).
-- returns: _file, rows_read, set_aside
with final as (
    select _file, count(*) as rows_read, count(*) filter (where _set_aside) as set_aside
    from {{norm}}
    group by _file
)

select * from final
