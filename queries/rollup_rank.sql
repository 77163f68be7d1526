-- name: rollup_rank
-- Rebuilds r_rank: complaints per quarter, channel and category for every ranking dimension
-- (industry, company, port_company, operator, number_range, province) in one grouping-sets scan.
-- returns: nothing
create or replace table r_rank as
with base as (
    select
        quarter, channel, coalesce(category, 'unknown') as category, industry, company_key,
        port_company_key, operator, number_family, province, "count"
    from complaints
),

grouped as (
    select
        quarter, channel, category, industry, company_key, port_company_key, operator, number_family, province,
        grouping(industry) = 0 as g_industry,
        grouping(company_key) = 0 as g_company,
        grouping(port_company_key) = 0 as g_port_company,
        grouping(operator) = 0 as g_operator,
        grouping(number_family) = 0 as g_number_range,
        sum("count")::bigint as complaints
    from base
    group by grouping sets (
        (quarter, channel, category, industry),
        (quarter, channel, category, company_key),
        (quarter, channel, category, port_company_key),
        (quarter, channel, category, operator),
        (quarter, channel, category, number_family),
        (quarter, channel, category, province)
    )
),

final as (
    select
        quarter, channel, category,
        case
            when g_industry then 'industry'
            when g_company then 'company'
            when g_port_company then 'port_company'
            when g_operator then 'operator'
            when g_number_range then 'number_range'
            else 'province'
        end as dim,
        case
            when g_industry then industry
            when g_company then company_key
            when g_port_company then port_company_key
            when g_operator then operator
            when g_number_range then number_family
            else province
        end as key,
        complaints
    from grouped
)

select * from final where key is not null order by dim, quarter
