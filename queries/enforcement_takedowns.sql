-- name: enforcement_takedowns
-- Takedowns per quarter, target type (port, number, line) and operator, for every quarter. Small table,
-- read directly. No params.
-- returns: quarter, target_type, operator, takedowns
with final as (
    select quarter, target_type, operator, count(*) as takedowns
    from takedowns
    group by all
    order by quarter, target_type, operator
)

select * from final
