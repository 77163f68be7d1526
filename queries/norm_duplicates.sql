-- name: norm_duplicates
-- Every row of {{norm}} whose id ({{id}}) occurs more than once in the load (across its files too), capped
-- at $limit, ordered so the first occurrence of each id comes first.
-- returns: _file, _r, _line, id
with dup as (
    select {{id}} as id from {{norm}} where {{id}} is not null group by all having count(*) > 1
),

final as (
    select n._file, n._r, n._line, n.{{id}} as id
    from {{norm}} n
    join dup d on d.id = n.{{id}}
    order by n.{{id}}, n._file, coalesce(n._line, 0), n._r
    limit $limit
)

select * from final
