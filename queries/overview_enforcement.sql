-- name: overview_enforcement
-- Enforcement actions by type, with the fines imposed, in $quarter, $prev_quarter and $yoy_quarter, by recorded
-- authority and the load-time over-cap flag (few distinct values), so the overview can count each authority on
-- its own and publish only the telecom fines within the statutory cap.
-- returns: quarter, action, authority, over_cap, actions, fines_yuan
with final as (
    select
        quarter, action, authority, coalesce(over_cap, false) as over_cap, count(*)::bigint as actions,
        coalesce(sum(fine_yuan), 0)::double as fines_yuan
    from enforcement
    where quarter in ($quarter, $prev_quarter, $yoy_quarter)
    group by all
    order by quarter, action, authority, over_cap
)

select * from final
