-- name: load_complaints
-- Normalises and validates one staged complaints file. Reads the view stage_src (every contract column
-- as varchar, plus _line) and the ref_* / ref_enum lookup tables. Returns one typed row per non-blank
-- input row with `errors` and `warnings` lists of {column, value, code}; the loader refuses the load
-- when any row has errors. Needs the load_macros macros. Params: $today (future-date warning).
-- returns: _line, complaint_id, received_at, quarter, month, channel, category, sender_number, number_family, operator, industry, company, company_id, company_key, province, port, port_company, port_company_key, count, errors, warnings
with src as (
    select
        _line,
        nullif(trim(fold(complaint_id)), '') as complaint_id,
        nullif(trim(fold(received_at)), '') as received_raw,
        nullif(trim(channel), '') as channel_raw,
        nullif(trim(category), '') as category_raw,
        nullif(regexp_replace(fold(sender_number), '[\s\-()]', '', 'g'), '')
            as sender_number,
        nullif(trim(operator), '') as operator_raw,
        nullif(trim(industry), '') as industry_raw,
        nullif(trim(regexp_replace(company, '\s+', ' ', 'g')), '') as company,
        nullif(upper(trim(fold(company_id))), '') as company_id_raw,
        nullif(trim(province), '') as province_raw,
        nullif(regexp_replace(fold(port), '\s', '', 'g'), '') as port,
        nullif(trim(regexp_replace(port_company, '\s+', ' ', 'g')), '') as port_company,
        nullif(trim(fold("count")), '') as count_raw
    from stage_src
    where coalesce(complaint_id, received_at, channel, category, sender_number, operator, industry,
                   company, company_id, province, port, port_company, "count") is not null
),

keyed as (
    select
        *,
        norm_key(channel_raw) as channel_key,
        norm_key(category_raw) as category_key,
        norm_key(operator_raw) as operator_key,
        norm_key(industry_raw) as industry_key,
        norm_key(province_raw) as province_key,
        -- National form of the number: drop the country code of mobiles, turn +86 fixed lines into 0xx.
        case
            when regexp_full_match(sender_number, '(\+86|0086|86)1[0-9]{10}')
                then regexp_replace(sender_number, '^(\+86|0086|86)', '')
            when regexp_matches(sender_number, '^(\+86|0086)')
                then '0' || regexp_replace(sender_number, '^(\+86|0086)', '')
            else sender_number
        end as national_number,
        try_strptime(received_raw, [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S',
            '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
            '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日', '%Y年%m月%d日%H:%M:%S',
            '%Y.%m.%d', '%Y%m%d'
        ]) as received_ts,
        try_cast(count_raw as double) as count_num,
        -- GB 32100-2015: 17 weighted characters of a 31-letter alphabet determine the 18th.
        case
            when company_id_raw is null then null
            when not regexp_full_match(company_id_raw, '[0-9A-HJ-NPQRTUWXY]{18}') then false
            else substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                    (31 - list_sum(list_transform(range(1, 18), lambda i:
                        (instr('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(company_id_raw, i, 1)) - 1)
                        * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i]))::bigint % 31) % 31 + 1, 1)
                 = substr(company_id_raw, 18, 1)
        end as company_id_ok
    from src
),

resolved as (
    select
        k.*,
        ch.code as channel,
        cat.code as category,
        op.code as operator,
        coalesce(ind.code, case when k.industry_key is null then 'unclassified' end) as industry,
        prov.code as province,
        coalesce(nr3.family, nr2.family, nr1.family, 'other') as number_family
    from keyed k
    left join ref_enum ch on ch.field = 'channel' and ch.alias_key = k.channel_key
    left join ref_enum cat on cat.field = 'category' and cat.alias_key = k.category_key
    left join ref_operator_alias op on op.alias_key = k.operator_key
    left join ref_industry_alias ind on ind.alias_key = k.industry_key
    left join ref_province_alias prov on prov.alias_key = k.province_key
    left join ref_number_range nr3 on nr3.prefix = left(k.national_number, 3)
    left join ref_number_range nr2 on nr2.prefix = left(k.national_number, 2)
    left join ref_number_range nr1 on nr1.prefix = left(k.national_number, 1)
),

final as (
    select
        _line,
        complaint_id,
        received_ts as received_at,
        strftime(received_ts, '%Y') || 'Q' || quarter(received_ts) as quarter,
        date_trunc('month', received_ts)::date as month,
        channel,
        category,
        sender_number,
        number_family,
        operator,
        industry,
        company,
        company_id_raw as company_id,
        case
            when company_id_ok then company_id_raw
            when company is not null
                then name_key(company)
        end as company_key,
        province,
        port,
        port_company,
        case when port_company is not null
            then name_key(port_company)
        end as port_company_key,
        coalesce(count_num, 1)::integer as "count",
        list_filter([
            case when complaint_id is null then {'column': 'complaint_id', 'value': null, 'code': 'required'} end,
            case when received_raw is null then {'column': 'received_at', 'value': null, 'code': 'required'} end,
            case when received_raw is not null and received_ts is null
                then {'column': 'received_at', 'value': received_raw, 'code': 'bad_date'} end,
            case when received_ts < date '2000-01-01' or received_ts >= date '2100-01-01'
                then {'column': 'received_at', 'value': received_raw, 'code': 'absurd_date'} end,
            case when channel_raw is null then {'column': 'channel', 'value': null, 'code': 'required'} end,
            case when channel_raw is not null and channel is null
                then {'column': 'channel', 'value': channel_raw, 'code': 'bad_channel'} end,
            case when category_raw is not null and category is null
                then {'column': 'category', 'value': category_raw, 'code': 'bad_category'} end,
            case when sender_number is null then {'column': 'sender_number', 'value': null, 'code': 'required'} end,
            case when sender_number is not null and not regexp_full_match(sender_number, '\+?[0-9]{3,20}')
                then {'column': 'sender_number', 'value': sender_number, 'code': 'bad_number'} end,
            case when operator_raw is null then {'column': 'operator', 'value': null, 'code': 'required'} end,
            case when operator_raw is not null and operator is null
                then {'column': 'operator', 'value': operator_raw, 'code': 'unknown_operator'} end,
            case when industry_raw is not null and industry is null
                then {'column': 'industry', 'value': industry_raw, 'code': 'unknown_industry'} end,
            case when province_raw is not null and province is null
                then {'column': 'province', 'value': province_raw, 'code': 'unknown_province'} end,
            case when count_raw is not null and (count_num is null or count_num < 1 or count_num != floor(count_num)
                                                 or count_num > 1e9)
                then {'column': 'count', 'value': count_raw, 'code': 'bad_count'} end
        ], lambda e: e is not null) as errors,
        list_filter([
            case when company_id_ok = false
                then {'column': 'company_id', 'value': company_id_raw, 'code': 'bad_credit_code'} end,
            case when received_ts::date > $today
                then {'column': 'received_at', 'value': received_raw, 'code': 'future_date'} end
        ], lambda e: e is not null) as warnings
    from resolved
)

select * from final
