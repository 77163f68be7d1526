-- name: load_complaints
-- Normalises and validates one staged complaints file. Reads the view stage_src (every contract column
-- as varchar, plus _line) and the ref_* / ref_enum lookup tables. Returns one typed row per non-blank
-- input row with `errors` and `warnings` lists of {column, value, code}; the loader refuses the load
-- when any row has errors. Needs the load_macros macros. Params: $today (future-date warning).
-- Speed: low-cardinality columns (channel, operator, industry, province, company, credit code) are
-- normalised once per distinct raw value in the *_map CTEs and joined back, not once per row.
-- A complaint category in the industry column (涉嫌诈骗, 诈骗: ref_enum field industry_as_category) is kept:
-- the row counts under that category and an unclassified industry, with the warning category_in_industry.
-- Handling (issue 17): handling_status is an enumerated value (ref_enum field handling_status); handled_on a
-- date that must not precede received_at (an error); a handled row without handled_on is a warning.
-- content (issue 12): the reported message's text, optional, kept as given (whitespace runs collapsed) for the
-- lead referrals; never parsed.
-- returns: _line, complaint_id, received_at, quarter, month, channel, category, sender_number, number_family, operator, industry, company, company_id, company_key, province, port, port_company, port_company_key, count, handling_status, handled_on, content, errors, warnings
with src as materialized (
    select
        _line,
        nullif(trim(fold(complaint_id)), '') as complaint_id,
        nullif(trim(fold(received_at)), '') as received_raw,
        nullif(trim(channel), '') as channel_raw,
        nullif(trim(category), '') as category_raw,
        case
            when sender_number is null then null
            when regexp_full_match(sender_number, '\+?[0-9]{3,20}') then sender_number
            else nullif(regexp_replace(fold(sender_number), '[\s\-()]', '', 'g'), '')
        end as sender_number,
        sender_number is null or regexp_full_match(sender_number, '\+?[0-9]{3,20}') as sender_plain,
        nullif(trim(operator), '') as operator_raw,
        nullif(trim(industry), '') as industry_raw,
        nullif(trim(company), '') as company_raw,
        nullif(trim(company_id), '') as company_id_raw,
        nullif(trim(province), '') as province_raw,
        case
            when port is null or regexp_full_match(port, '[0-9]+') then nullif(port, '')
            else nullif(regexp_replace(fold(port), '\s', '', 'g'), '')
        end as port,
        nullif(trim(port_company), '') as port_company_raw,
        nullif(trim(fold("count")), '') as count_raw,
        nullif(trim(handling_status), '') as handling_raw,
        nullif(trim(fold(handled_on)), '') as handled_raw,
        nullif(trim(regexp_replace(content, '\s+', ' ', 'g')), '') as content
    from stage_src
    where coalesce(complaint_id, received_at, channel, category, sender_number, operator, industry,
                   company, company_id, province, port, port_company, "count", handling_status,
                   handled_on, content) is not null
),

channel_map as (
    select d.channel_raw, e.code as channel
    from (select distinct channel_raw from src where channel_raw is not null) d
    left join ref_enum e on e.field = 'channel' and e.alias_key = norm_key(d.channel_raw)
),

category_map as (
    select d.category_raw, e.code as category
    from (select distinct category_raw from src where category_raw is not null) d
    left join ref_enum e on e.field = 'category' and e.alias_key = norm_key(d.category_raw)
),

handling_map as (
    select d.handling_raw, e.code as handling_status
    from (select distinct handling_raw from src where handling_raw is not null) d
    left join ref_enum e on e.field = 'handling_status' and e.alias_key = norm_key(d.handling_raw)
),

operator_map as (
    select d.operator_raw, a.code as operator
    from (select distinct operator_raw from src where operator_raw is not null) d
    left join ref_operator_alias a on a.alias_key = norm_key(d.operator_raw)
),

-- A category written in the industry column (涉嫌诈骗): an unclassified industry, that category, a warning.
industry_map as (
    select d.industry_raw, coalesce(a.code, case when e.code is not null then 'unclassified' end) as industry,
        e.code as industry_category
    from (select distinct industry_raw from src where industry_raw is not null) d
    left join ref_industry_alias a on a.alias_key = norm_key(d.industry_raw)
    left join ref_enum e on e.field = 'industry_as_category' and e.alias_key = norm_key(d.industry_raw)
        and a.code is null
),

province_map as (
    select d.province_raw, a.code as province
    from (select distinct province_raw from src where province_raw is not null) d
    left join ref_province_alias a on a.alias_key = norm_key(d.province_raw)
),

company_map as (
    select
        company_raw,
        regexp_replace(company_raw, '\s+', ' ', 'g') as company,
        name_key(company_raw) as name_key
    from (select distinct company_raw from src where company_raw is not null)
),

port_company_map as (
    select
        port_company_raw,
        regexp_replace(port_company_raw, '\s+', ' ', 'g') as port_company,
        name_key(port_company_raw) as port_company_key
    from (select distinct port_company_raw from src where port_company_raw is not null)
),

credit_map as (
    select company_id_raw, company_id, credit_code_ok(company_id) as company_id_ok
    from (select distinct company_id_raw, upper(fold(company_id_raw)) as company_id
          from src where company_id_raw is not null)
),

parsed as materialized (
    select
        s.*,
        -- National form of the number: drop the country code of mobiles, turn +86 fixed lines into 0xx.
        case
            when not (starts_with(s.sender_number, '+') or starts_with(s.sender_number, '86')
                      or starts_with(s.sender_number, '00')) then s.sender_number
            when regexp_full_match(s.sender_number, '(\+86|0086|86)1[0-9]{10}')
                then regexp_replace(s.sender_number, '^(\+86|0086|86)', '')
            when regexp_matches(s.sender_number, '^(\+86|0086)')
                then '0' || regexp_replace(s.sender_number, '^(\+86|0086)', '')
            else s.sender_number
        end as national_number,
        try_strptime(s.received_raw, [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S',
            '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
            '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日', '%Y年%m月%d日%H:%M:%S',
            '%Y.%m.%d', '%Y%m%d'
        ]) as received_ts,
        try_cast(s.count_raw as double) as count_num,
        try_strptime(s.handled_raw, [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d', '%Y-%m-%dT%H:%M:%S',
            '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M', '%Y/%m/%d',
            '%Y年%m月%d日 %H:%M:%S', '%Y年%m月%d日 %H:%M', '%Y年%m月%d日', '%Y年%m月%d日%H:%M:%S',
            '%Y.%m.%d', '%Y%m%d'
        ])::date as handled_date,
        hs.handling_status,
        ch.channel,
        coalesce(ind.industry_category, cat.category) as category,
        cat.category as category_given,
        ind.industry_category,
        op.operator,
        coalesce(ind.industry, case when s.industry_raw is null then 'unclassified' end) as industry,
        prov.province,
        cm.company,
        cm.name_key,
        cr.company_id,
        cr.company_id_ok,
        pm.port_company,
        pm.port_company_key
    from src s
    left join channel_map ch using (channel_raw)
    left join category_map cat using (category_raw)
    left join handling_map hs using (handling_raw)
    left join operator_map op using (operator_raw)
    left join industry_map ind using (industry_raw)
    left join province_map prov using (province_raw)
    left join company_map cm using (company_raw)
    left join credit_map cr using (company_id_raw)
    left join port_company_map pm using (port_company_raw)
),

-- Longest-prefix match of the number-range reference, once per distinct three-digit prefix.
family_map as (
    select
        d.prefix3,
        coalesce(nr3.family, nr2.family, nr1.family, 'other') as number_family
    from (select distinct left(national_number, 3) as prefix3 from parsed) d
    left join ref_number_range nr3 on nr3.prefix = d.prefix3
    left join ref_number_range nr2 on nr2.prefix = left(d.prefix3, 2)
    left join ref_number_range nr1 on nr1.prefix = left(d.prefix3, 1)
),

checked as (
    select
        p.*,
        coalesce(f.number_family, 'other') as number_family,
        complaint_id is null
            or received_raw is null
            or (received_raw is not null and received_ts is null)
            or received_ts < date '2000-01-01' or received_ts >= date '2100-01-01'
            or channel_raw is null or (channel_raw is not null and channel is null)
            or (category_raw is not null and category_given is null)
            or sender_number is null
            or not (sender_plain or regexp_full_match(sender_number, '\+?[0-9]{3,20}'))
            or operator_raw is null or (operator_raw is not null and operator is null)
            or (industry_raw is not null and industry is null)
            or (province_raw is not null and province is null)
            or (count_raw is not null and (count_num is null or not isfinite(count_num) or count_num < 1 or count_num != floor(count_num)
                                           or count_num > 1e9))
            or (handling_raw is not null and handling_status is null)
            or (handled_raw is not null and handled_date is null)
            or handled_date < date '2000-01-01' or handled_date >= date '2100-01-01'
            or handled_date < received_ts::date
            as has_error,
        company_id_ok = false or received_ts::date > $today or handled_date > $today
            or (handling_status = 'handled' and handled_raw is null)
            or industry_category is not null as has_warning
    from parsed p
    left join family_map f on f.prefix3 = left(p.national_number, 3)
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
        company_id,
        case when company_id_ok then company_id else name_key end as company_key,
        province,
        port,
        port_company,
        port_company_key,
        -- try_cast: a rejected row (nan, 3e9) must report its error, not abort the statement.
        coalesce(try_cast(count_num as integer), 1) as "count",
        handling_status,
        handled_date as handled_on,
        content,
        case when coalesce(has_error, true) then list_filter([
            case when complaint_id is null then {'column': 'complaint_id', 'value': null, 'code': 'required'} end,
            case when received_raw is null then {'column': 'received_at', 'value': null, 'code': 'required'} end,
            case when received_raw is not null and received_ts is null
                then {'column': 'received_at', 'value': received_raw, 'code': 'bad_date'} end,
            case when received_ts < date '2000-01-01' or received_ts >= date '2100-01-01'
                then {'column': 'received_at', 'value': received_raw, 'code': 'absurd_date'} end,
            case when channel_raw is null then {'column': 'channel', 'value': null, 'code': 'required'} end,
            case when channel_raw is not null and channel is null
                then {'column': 'channel', 'value': channel_raw, 'code': 'bad_channel'} end,
            case when category_raw is not null and category_given is null
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
            case when count_raw is not null and (count_num is null or not isfinite(count_num) or count_num < 1 or count_num != floor(count_num)
                                                 or count_num > 1e9)
                then {'column': 'count', 'value': count_raw, 'code': 'bad_count'} end,
            case when handling_raw is not null and handling_status is null
                then {'column': 'handling_status', 'value': handling_raw, 'code': 'bad_handling_status'} end,
            case when handled_raw is not null and handled_date is null
                then {'column': 'handled_on', 'value': handled_raw, 'code': 'bad_date'} end,
            case when handled_date < date '2000-01-01' or handled_date >= date '2100-01-01'
                then {'column': 'handled_on', 'value': handled_raw, 'code': 'absurd_date'} end,
            case when handled_date < received_ts::date
                then {'column': 'handled_on', 'value': handled_raw, 'code': 'handled_before_received'} end
        ], lambda e: e is not null) else [] end as errors,
        case when coalesce(has_warning, false) then list_filter([
            case when company_id_ok = false
                then {'column': 'company_id', 'value': company_id, 'code': 'bad_credit_code'} end,
            case when received_ts::date > $today
                then {'column': 'received_at', 'value': received_raw, 'code': 'future_date'} end,
            case when handled_date > $today
                then {'column': 'handled_on', 'value': handled_raw, 'code': 'future_date'} end,
            case when handling_status = 'handled' and handled_raw is null
                then {'column': 'handled_on', 'value': null, 'code': 'handled_without_date'} end,
            case when industry_category is not null
                then {'column': 'industry', 'value': industry_raw, 'code': 'category_in_industry'} end
        ], lambda e: e is not null) else [] end as warnings
    from checked
)

select * from final
