-- name: enforcement_takedown_holders
-- Takedowns in $quarter per holder (the company holding the port, number or line) and target type,
-- with the holder's display name from r_names. Numbers usually have no holder (null).
-- returns: holder_key, holder, target_type, takedowns
with counted as (
    select holder_key, arg_max(holder, taken_at) as holder, target_type, count(*) as takedowns
    from takedowns
    where quarter = $quarter
    group by holder_key, target_type
),

final as (
    select c.holder_key, coalesce(n.name, c.holder) as holder, c.target_type, c.takedowns
    from counted c
    left join r_names n on n.key = c.holder_key
    order by c.takedowns desc, c.holder_key
)

select * from final
