-- name: overview_takedowns
-- Ports, numbers and lines shut down in $quarter, $prev_quarter and $yoy_quarter (the overview's KPI cards).
-- returns: quarter, target_type, takedowns
with final as (
    select quarter, target_type, count(*)::bigint as takedowns
    from takedowns
    where quarter in ($quarter, $prev_quarter, $yoy_quarter)
    group by all
    order by quarter, target_type
)

select * from final
