-- name: overview_enforcement
-- Enforcement actions by type, with the fines imposed, in $quarter, $prev_quarter and $yoy_quarter.
-- returns: quarter, action, actions, fines_yuan
with final as (
    select quarter, action, count(*)::bigint as actions, coalesce(sum(fine_yuan), 0)::double as fines_yuan
    from enforcement
    where quarter in ($quarter, $prev_quarter, $yoy_quarter)
    group by all
    order by quarter, action
)

select * from final
