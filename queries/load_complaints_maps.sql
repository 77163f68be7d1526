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
-- normalised once and joined to the combinations (tens of thousands), rather than normalising every
-- combination.
with code_raw as (
    select distinct channel as channel_raw, category as category_raw, handling_status as handling_raw,
        operator as operator_raw, industry as industry_raw, province as province_raw
    from stage_complaints
),

channel_map as (
    select
        d.raw, r.code,
        trim(clean(coalesce(d.raw, ''))) = '' as blank,
        coalesce(clean(d.raw) != d.raw, false) as cleaned
    from (select distinct channel_raw as raw from code_raw) d
    left join ref_enum r on r.field = 'channel' and r.alias_key = norm_key(clean(d.raw))
),

category_map as (
    select
        d.raw, r.code,
        trim(clean(coalesce(d.raw, ''))) = '' as blank,
        coalesce(clean(d.raw) != d.raw, false) as cleaned
    from (select distinct category_raw as raw from code_raw) d
    left join ref_enum r on r.field = 'category' and r.alias_key = norm_key(clean(d.raw))
),

handling_map as (
    select
        d.raw, r.code,
        trim(clean(coalesce(d.raw, ''))) = '' as blank,
        coalesce(clean(d.raw) != d.raw, false) as cleaned
    from (select distinct handling_raw as raw from code_raw) d
    left join ref_enum r on r.field = 'handling_status' and r.alias_key = norm_key(clean(d.raw))
),

operator_map as (
    select
        d.raw, r.code,
        trim(clean(coalesce(d.raw, ''))) = '' as blank,
        coalesce(clean(d.raw) != d.raw, false) as cleaned
    from (select distinct operator_raw as raw from code_raw) d
    left join ref_operator_alias r on r.alias_key = norm_key(clean(d.raw))
),

industry_map as (
    select
        d.raw, r.code,
        -- A complaint category written in the industry column (涉嫌诈骗): that category, no industry.
        ic.code as category_code,
        trim(clean(coalesce(d.raw, ''))) = '' as blank,
        coalesce(clean(d.raw) != d.raw, false) as cleaned
    from (select distinct industry_raw as raw from code_raw) d
    left join ref_industry_alias r on r.alias_key = norm_key(clean(d.raw))
    left join ref_enum ic on ic.field = 'industry_as_category' and ic.alias_key = norm_key(clean(d.raw))
        and r.code is null
),

province_map as (
    select
        d.raw, r.code,
        trim(clean(coalesce(d.raw, ''))) = '' as blank,
        coalesce(clean(d.raw) != d.raw, false) as cleaned
    from (select distinct province_raw as raw from code_raw) d
    left join ref_province_alias r on r.alias_key = norm_key(clean(d.raw))
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
    left join channel_map ch on ch.raw is not distinct from d.channel_raw
    left join category_map cat on cat.raw is not distinct from d.category_raw
    left join handling_map hs on hs.raw is not distinct from d.handling_raw
    left join operator_map op on op.raw is not distinct from d.operator_raw
    left join industry_map ind on ind.raw is not distinct from d.industry_raw
    left join province_map prov on prov.raw is not distinct from d.province_raw
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
