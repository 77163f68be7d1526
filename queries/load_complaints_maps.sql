-- name: load_complaints_maps
-- Before load_complaints: the normalised codes of every distinct combination of the staged complaints' code
-- columns (map_codes: channel, category, handling status, operator, industry, province, each with whether
-- it was blank, a complaint category found in the industry column, and whether cleaning changed any of them) and of their name columns (map_names: company,
-- name key, credit code and its check, port company and key, over-long names, cleaning). Temporary tables.
-- Needs the load_macros macros and the ref_* tables.
-- returns: nothing
create or replace temp table map_codes as
-- Codes, once per distinct combination of the raw values (null-safe: a blank value is a combination too).
with code_raw as (
    select distinct channel as channel_raw, category as category_raw, handling_status as handling_raw,
        operator as operator_raw, industry as industry_raw, province as province_raw
    from stage_complaints
),

final as (
    select
        d.*,
        ch.code as channel,
        trim(clean(coalesce(d.channel_raw, ''))) = '' as channel_blank,
        cat.code as category,
        trim(clean(coalesce(d.category_raw, ''))) = '' as category_blank,
        hs.code as handling_status,
        trim(clean(coalesce(d.handling_raw, ''))) = '' as handling_blank,
        op.code as operator,
        trim(clean(coalesce(d.operator_raw, ''))) = '' as operator_blank,
        ind.code as industry_code,
        -- A complaint category written in the industry column (涉嫌诈骗): that category, no industry.
        ic.code as industry_category,
        trim(clean(coalesce(d.industry_raw, ''))) = '' as industry_blank,
        prov.code as province,
        trim(clean(coalesce(d.province_raw, ''))) = '' as province_blank,
        coalesce(clean(d.channel_raw) != d.channel_raw, false) or coalesce(clean(d.category_raw) != d.category_raw, false)
            or coalesce(clean(d.handling_raw) != d.handling_raw, false)
            or coalesce(clean(d.operator_raw) != d.operator_raw, false)
            or coalesce(clean(d.industry_raw) != d.industry_raw, false)
            or coalesce(clean(d.province_raw) != d.province_raw, false) as codes_cleaned
    from code_raw d
    left join ref_enum ch on ch.field = 'channel' and ch.alias_key = norm_key(clean(d.channel_raw))
    left join ref_enum cat on cat.field = 'category' and cat.alias_key = norm_key(clean(d.category_raw))
    left join ref_enum hs on hs.field = 'handling_status' and hs.alias_key = norm_key(clean(d.handling_raw))
    left join ref_operator_alias op on op.alias_key = norm_key(clean(d.operator_raw))
    left join ref_industry_alias ind on ind.alias_key = norm_key(clean(d.industry_raw))
    left join ref_enum ic on ic.field = 'industry_as_category' and ic.alias_key = norm_key(clean(d.industry_raw))
        and ind.code is null
    left join ref_province_alias prov on prov.alias_key = norm_key(clean(d.province_raw))
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
