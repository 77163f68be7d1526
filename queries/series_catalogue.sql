-- name: series_catalogue
-- Every forecastable series of the store with its total volume: by channel, industry, operator (basic
-- operators and resellers) and category, with reference names where the dimension has them.
-- returns: dim, key, complaints, name_zh, name_en
with base as (
    select channel, category, industry, operator, complaints
    from r_month
),

dims as (
    select 'channel' as dim, channel as key, sum(complaints) as complaints from base group by all
    union all
    select 'industry', industry, sum(complaints) from base group by all
    union all
    select 'operator', operator, sum(complaints) from base group by all
    union all
    select 'category', category, sum(complaints) from base group by all
),

final as (
    select
        d.dim,
        d.key,
        d.complaints::bigint as complaints,
        coalesce(i.name_zh, o.name_zh) as name_zh,
        coalesce(i.name_en, o.name_en) as name_en
    from dims d
    left join ref_industry i on d.dim = 'industry' and i.code = d.key
    left join ref_operator o on d.dim = 'operator' and o.code = d.key
    where d.key is not null
    order by d.dim, d.complaints desc
)

select * from final
