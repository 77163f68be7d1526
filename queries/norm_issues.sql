-- name: norm_issues
-- The errors or warnings ({{list}}: errors | warnings) of {{norm}}, one row per issue, with where they are:
-- _file, and _r (staging row id) or _line; capped at $limit rows, after the total.
-- returns: total, _file, _r, _line, column_name, value, code
with issues as (
    select _file, _r, _line, unnest({{list}}) as e
    from {{norm}}
    where len({{list}}) > 0
),

counted as (
    select count(*) as total from issues
),

final as (
    select c.total, i._file, i._r, i._line, i.e.column as column_name, i.e.value as value, i.e.code as code
    from issues i, counted c
    order by i._file, coalesce(i._line, 0), i._r
    limit $limit
)

select * from final
