-- name: inventory_categories
-- The inventory's category split: complaints per channel and category (marketing, harassment, fraud,
-- unknown) in $quarter, $prev_quarter and $yoy_quarter, from the r_month rollup.
-- returns: quarter, channel, category, complaints
with final as (
    select quarter, channel, coalesce(category, 'unknown') as category, sum(complaints)::bigint as complaints
    from r_month
    where quarter in ($quarter, $prev_quarter, $yoy_quarter)
    group by all
    order by quarter, channel, category
)

select * from final
