-- name: load_complaints_maps
-- Before load_complaints: the normalised codes of every distinct combination of the staged complaints' code
-- columns (map_codes: channel, category, handling status, operator, industry, province, each with whether
-- it was blank, a complaint category found in the industry column, and whether cleaning changed any of them) and of their name columns (map_names: company,
-- name key, credit code and its check, port company and key, over-long names, cleaning). Temporary tables.
-- Needs the load_macros macros and the ref_* tables.
-- returns: nothing
create or replace temp table map_codes as
-- Codes, once per distinct combination of the raw values (null-safe: a blank value is a combination too). Each
-- column's code depends on that column's raw value alone, so each column's distinct values (a few dozen) are
-- normalised once, in one table of (column, raw value), and joined to the combinations (tens of thousands),
-- rather than normalising every combination.
with code_raw as (
    select distinct channel as channel_raw, category as category_raw, handling_status as handling_raw,
        operator as operator_raw, industry as industry_raw, province as province_raw
    from stage_complaints
),

raw_values as (
    select 'channel' as col, channel_raw as raw from code_raw
    union select 'category', category_raw from code_raw
    union select 'handling_status', handling_raw from code_raw
    union select 'operator', operator_raw from code_raw
    union select 'industry', industry_raw from code_raw
    union select 'province', province_raw from code_raw
),

aliases as (
    select field as col, alias_key, code from ref_enum
    where field in ('channel', 'category', 'handling_status', 'industry_as_category')
    union all select 'operator', alias_key, code from ref_operator_alias
    union all select 'industry', alias_key, code from ref_industry_alias
    union all select 'province', alias_key, code from ref_province_alias
),

value_map as (
    select
        v.col,
        v.raw,
        a.code,
        -- A complaint category written in the industry column (涉嫌诈骗): that category, no industry.
        ic.code as category_code,
        trim(clean(coalesce(v.raw, ''))) = '' as blank,
        coalesce(clean(v.raw) != v.raw, false) as cleaned
    from raw_values v
    left join aliases a on a.col = v.col and a.alias_key = norm_key(clean(v.raw))
    left join aliases ic on v.col = 'industry' and ic.col = 'industry_as_category'
        and ic.alias_key = norm_key(clean(v.raw)) and a.code is null
),

final as (
    select
        d.*,
        ch.code as channel,
        ch.blank as channel_blank,
        cat.code as category,
        cat.blank as category_blank,
        hs.code as handling_status,
        hs.blank as handling_blank,
        op.code as operator,
        op.blank as operator_blank,
        ind.code as industry_code,
        ind.category_code as industry_category,
        ind.blank as industry_blank,
        prov.code as province,
        prov.blank as province_blank,
        ch.cleaned or cat.cleaned or hs.cleaned or op.cleaned or ind.cleaned or prov.cleaned as codes_cleaned
    from code_raw d
    left join value_map ch on ch.col = 'channel' and ch.raw is not distinct from d.channel_raw
    left join value_map cat on cat.col = 'category' and cat.raw is not distinct from d.category_raw
    left join value_map hs on hs.col = 'handling_status' and hs.raw is not distinct from d.handling_raw
    left join value_map op on op.col = 'operator' and op.raw is not distinct from d.operator_raw
    left join value_map ind on ind.col = 'industry' and ind.raw is not distinct from d.industry_raw
    left join value_map prov on prov.col = 'province' and prov.raw is not distinct from d.province_raw
)

select * from final;

create or replace temp table map_names as
-- Names and credit codes, once per distinct combination.
with name_raw as (
    select distinct company as company_raw, company_id as company_id_raw, port_company as port_company_raw
    from stage_complaints
),

final as (
    select
        company_raw, company_id_raw, port_company_raw,
        left(company_full, 200) as company,
        name_key(left(company_full, 200)) as name_key,
        company_id,
        credit_code_ok(company_id) as company_id_ok,
        left(port_company_full, 200) as port_company,
        name_key(left(port_company_full, 200)) as port_company_key,
        coalesce(length(company_full) > 200, false) or coalesce(length(port_company_full) > 200, false)
            as name_too_long,
        coalesce(clean(company_raw) != company_raw, false) or coalesce(clean(company_id_raw) != company_id_raw, false)
            or coalesce(clean(port_company_raw) != port_company_raw, false) as names_cleaned
    from (
        select
            *,
            clean_name(company_raw) as company_full,
            nullif(upper(trim(fold(clean(company_id_raw)))), '') as company_id,
            clean_name(port_company_raw) as port_company_full
        from name_raw
    )
)

select * from final;
