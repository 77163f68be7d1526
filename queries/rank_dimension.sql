-- name: rank_dimension
-- One ranking dimension ($dim: industry, company, port_company, operator, number_range or province; a value
-- filter on r_rank.dim, never an identifier) for $quarter, with $prev_quarter and $yoy_quarter, optionally
-- filtered by $channel, $category and, for operators, $operator_kind (basic or mvno); null means all.
-- One row per key with complaints in the quarter or the previous one. Ranks are SQL rank() over every key
-- with complaints in that quarter (ties share a rank: 1, 2, 2, 4). Totals are the dimension's totals in
-- scope (the share's denominator); has_previous / has_yoy say whether that quarter is loaded at all.
-- Names in $lang from the ref_* tables (companies from r_names). Operators also get subscribers for the
-- quarter's year, else the latest earlier year; a basic operator's net of its hosted resellers' users. Reads only r_rank, r_names, ref_* and meta.
-- returns: key, name, kind, complaints, previous_complaints, yoy_complaints, rank, previous_rank, total, previous_total, yoy_total, has_previous, has_yoy, subscribers, subscribers_year, data_as_of
with scoped as (
    select r.quarter, r.key, sum(r.complaints)::bigint as complaints
    from r_rank r
    left join ref_operator o on $dim = 'operator' and o.code = r.key
    where r.dim = $dim
      and r.quarter in ($quarter, $prev_quarter, $yoy_quarter)
      and ($channel is null or r.channel = $channel)
      and ($category is null or r.category = $category)
      and ($operator_kind is null or o.kind = $operator_kind)
    group by all
),

ranked as (
    select quarter, key, complaints, rank() over (partition by quarter order by complaints desc) as rnk
    from scoped
),

by_key as (
    select
        key,
        coalesce(sum(complaints) filter (where quarter = $quarter), 0)::bigint as complaints,
        coalesce(sum(complaints) filter (where quarter = $prev_quarter), 0)::bigint as previous_complaints,
        coalesce(sum(complaints) filter (where quarter = $yoy_quarter), 0)::bigint as yoy_complaints,
        max(rnk) filter (where quarter = $quarter) as rank,
        max(rnk) filter (where quarter = $prev_quarter) as previous_rank
    from ranked
    group by key
    having complaints > 0 or previous_complaints > 0
),

totals as (
    select
        coalesce(sum(complaints) filter (where quarter = $quarter), 0)::bigint as total,
        coalesce(sum(complaints) filter (where quarter = $prev_quarter), 0)::bigint as previous_total,
        coalesce(sum(complaints) filter (where quarter = $yoy_quarter), 0)::bigint as yoy_total
    from scoped
),

loaded as (
    select
        bool_or(quarter = $prev_quarter) as has_previous,
        bool_or(quarter = $yoy_quarter) as has_yoy
    from (select distinct quarter from r_rank where quarter in ($prev_quarter, $yoy_quarter))
),

names as (
    select 'industry' as dim, code as key, name_zh, name_en, null as kind from ref_industry
    union all
    select 'operator', code, name_zh, name_en, kind from ref_operator
    union all
    select 'province', adcode, name_zh, name_en, null from ref_province
    union all
    select 'number_range', family, any_value(name_zh), any_value(name_en), null from ref_number_range group by family
    union all
    select 'company', key, name, name, null from r_names where $dim in ('company', 'port_company')
),

latest_subs as (
    select operator as key, arg_max(subscribers, "year")::bigint as subscribers, max("year")::integer as subscribers_year
    from ref_subscribers
    where $dim = 'operator' and "year" <= left($quarter, 4)::integer
    group by operator
),

-- A basic operator's published total includes its hosted resellers' users, while complaints on reseller numbers
-- rank under the reseller: its rate uses its own users only (the total less its resellers'), so no user is
-- counted twice and every rate has the complaints of the same users above it.
hosted as (
    select o.host as key, sum(l.subscribers)::bigint as hosted
    from latest_subs as l
    join ref_operator as o on o.code = l.key
    where o.kind = 'mvno' and coalesce(o.host, '') <> ''
    group by o.host
),

subs as (
    select l.key, (l.subscribers - coalesce(h.hosted, 0))::bigint as subscribers, l.subscribers_year
    from latest_subs as l
    left join hosted as h using (key)
),

final as (
    select
        b.key,
        coalesce(case when $lang = 'zh' then n.name_zh else n.name_en end, b.key) as name,
        n.kind,
        b.complaints,
        b.previous_complaints,
        b.yoy_complaints,
        b.rank::integer as rank,
        b.previous_rank::integer as previous_rank,
        t.total,
        t.previous_total,
        t.yoy_total,
        coalesce(l.has_previous, false) as has_previous,
        coalesce(l.has_yoy, false) as has_yoy,
        s.subscribers,
        s.subscribers_year,
        (select try_cast(max(value) as date) from meta where key = 'data_as_of') as data_as_of
    from by_key b
    cross join totals t
    left join loaded l on true
    left join names n
        on n.key = b.key and n.dim = case when $dim = 'port_company' then 'company' else $dim end
    left join subs s on s.key = b.key
    order by b.rank nulls last, b.complaints desc, b.key
)

select * from final
