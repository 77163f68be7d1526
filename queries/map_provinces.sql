-- name: map_provinces
-- Complaints per provincial-level unit for the province map, from r_rank (dim 'province', keyed by adcode):
-- every unit of ref_province with its count in $quarter, for one $channel and one $category (null: all).
-- has_data is false for a unit with no complaint row in any quarter (Hong Kong, Macao and Taiwan in the demo),
-- and its complaints are then null ("no data"), not zero. quarter_total counts every complaint of the
-- quarter under the same filters from r_month, located or not, so the page can say how many have no province.
-- returns: adcode, name_zh, name_en, population, has_data, complaints, quarter_total
with province_rows as (
    select key as adcode, quarter, channel, category, complaints
    from r_rank
    where dim = 'province'
),

covered as (
    select distinct adcode
    from province_rows
),

chosen as (
    select adcode, sum(complaints)::bigint as complaints
    from province_rows
    where quarter = $quarter
        and ($channel is null or channel = $channel)
        and ($category is null or category = $category)
    group by all
),

quarter_total as (
    select coalesce(sum(complaints), 0)::bigint as quarter_total
    from r_month
    where quarter = $quarter
        and ($channel is null or channel = $channel)
        and ($category is null or category = $category)
),

final as (
    select
        p.adcode,
        p.name_zh,
        p.name_en,
        p.population::bigint as population,
        c.adcode is not null as has_data,
        case when c.adcode is not null then coalesce(ch.complaints, 0) end::bigint as complaints,
        qt.quarter_total
    from ref_province as p
    left join covered as c on c.adcode = p.adcode
    left join chosen as ch on ch.adcode = p.adcode
    cross join quarter_total as qt
    order by adcode
)

select * from final
