-- name: dimension_names
-- Display names of ranking keys in $lang: industries, operators, provinces and number-range families
-- from the ref_* tables, and companies from r_names (for the headline anomaly notes).
-- returns: dim, key, name
with names as (
    select 'industry' as dim, code as key, name_zh, name_en from ref_industry
    union all
    select 'operator', code, name_zh, name_en from ref_operator
    union all
    select 'province', adcode, name_zh, name_en from ref_province
    union all
    select 'number_range', family, any_value(name_zh), any_value(name_en) from ref_number_range group by family
    union all
    select 'company', key, name, name from r_names
),

final as (
    select dim, key, case when $lang = 'zh' then name_zh else name_en end as name
    from names
)

select * from final
