-- name: load_complaints
-- Normalises and validates the staged complaints files of a load: the table stage_complaints (see
-- stage_tables), where each contract column is text, except that received_at / handled_on may arrive
-- already typed by the CSV reader as received_ts / handled_ts (a row the reader could not type is re-read
-- as text). Columns a file lacks are null. Reads the ref_* / ref_enum lookup tables and needs the
-- load_macros macros. Returns one typed row per non-blank input row, tagged with its file (_file) and its
-- row in the staging table (_r) or its line (_line, for rows staged with their line), with `errors` and `warnings` lists
-- of {column, value, code}; the loader refuses the load when any row has errors, and sets aside (does
-- not store) a row whose `_set_aside` is true: one dated after the load date $today (issue 15 #8).
-- Text: control characters, bidi overrides and zero-width characters are removed (tabs and line breaks
-- become spaces, warning control_chars); names are NFC, white space collapsed, capped at 200 characters
-- (warning name_too_long).
-- Speed: low-cardinality columns (channel, category, status, operator, industry, province, names, credit
-- code) are normalised once per distinct raw value in the *_map CTEs and joined back; per row only cheap
-- checks run, and the slow normalisations (folding, cleaning, date formats) only on values that need them.
-- Handling (issue 17): handling_status is an enumerated value (ref_enum field handling_status); handled_on a
-- date that must not precede received_at (an error); a handled row without handled_on is a warning.
-- returns: _file, _r, _line, _set_aside, complaint_id, received_at, quarter, month, channel, category, sender_number, number_family, operator, industry, company, company_id, company_key, province, port, port_company, port_company_key, count, handling_status, handled_on, errors, warnings
with staged as (
    select rowid as _r, * from stage_complaints
),

src as (
    select
        _file,
        _r,
        _line,
        -- An id of printable ASCII needs no folding or cleaning (nearly every id); others get both.
        case
            when regexp_full_match(complaint_id, '[!-~]+') then complaint_id
            else nullif(trim(fold(clean(complaint_id))), '')
        end as complaint_id,
        not regexp_full_match(complaint_id, '[!-~]+') and clean(complaint_id) != complaint_id as id_cleaned,
        received_ts,
        nullif(trim(fold(clean(received_at))), '') as received_raw,
        channel as channel_raw,
        category as category_raw,
        case
            when sender_number is null then null
            when regexp_full_match(sender_number, '\+?[0-9]{3,20}') then sender_number
            else nullif(regexp_replace(fold(clean(sender_number)), '[\s\-()]', '', 'g'), '')
        end as sender_number,
        operator as operator_raw,
        industry as industry_raw,
        company as company_raw,
        company_id as company_id_raw,
        province as province_raw,
        case
            when port is null or regexp_full_match(port, '[0-9]+') then nullif(port, '')
            else nullif(regexp_replace(fold(clean(port)), '\s', '', 'g'), '')
        end as port,
        port_company as port_company_raw,
        nullif(trim(fold(clean("count"))), '') as count_raw,
        handling_status as handling_raw,
        handled_ts,
        nullif(trim(fold(clean(handled_on))), '') as handled_raw
    from staged
    where coalesce(complaint_id, received_at, received_ts::varchar, channel, category, sender_number, operator,
                   industry, company, company_id, province, port, port_company, "count", handling_status,
                   handled_on, handled_ts::varchar) is not null
),

-- One row per distinct raw value: (raw, normalised or code, whether cleaning changed it).
channel_map as (
    select d.v as channel_raw, e.code as channel, clean(d.v) != d.v as cleaned, trim(clean(d.v)) = '' as blank
    from (select distinct channel as v from staged where channel is not null) d
    left join ref_enum e on e.field = 'channel' and e.alias_key = norm_key(clean(d.v))
),

category_map as (
    select d.v as category_raw, e.code as category, clean(d.v) != d.v as cleaned, trim(clean(d.v)) = '' as blank
    from (select distinct category as v from staged where category is not null) d
    left join ref_enum e on e.field = 'category' and e.alias_key = norm_key(clean(d.v))
),

handling_map as (
    select d.v as handling_raw, e.code as handling_status, clean(d.v) != d.v as cleaned,
        trim(clean(d.v)) = '' as blank
    from (select distinct handling_status as v from staged where handling_status is not null) d
    left join ref_enum e on e.field = 'handling_status' and e.alias_key = norm_key(clean(d.v))
),

operator_map as (
    select d.v as operator_raw, a.code as operator, clean(d.v) != d.v as cleaned, trim(clean(d.v)) = '' as blank
    from (select distinct operator as v from staged where operator is not null) d
    left join ref_operator_alias a on a.alias_key = norm_key(clean(d.v))
),

industry_map as (
    select d.v as industry_raw, a.code as industry, clean(d.v) != d.v as cleaned, trim(clean(d.v)) = '' as blank
    from (select distinct industry as v from staged where industry is not null) d
    left join ref_industry_alias a on a.alias_key = norm_key(clean(d.v))
),

province_map as (
    select d.v as province_raw, a.code as province, clean(d.v) != d.v as cleaned, trim(clean(d.v)) = '' as blank
    from (select distinct province as v from staged where province is not null) d
    left join ref_province_alias a on a.alias_key = norm_key(clean(d.v))
),

company_map as (
    select v as company_raw, left(n, 200) as company, name_key(left(n, 200)) as name_key,
        clean(v) != v as cleaned, length(n) > 200 as too_long
    from (
        select v, clean_name(v) as n
        from (select distinct company as v from staged where company is not null)
    )
),

port_company_map as (
    select v as port_company_raw, left(n, 200) as port_company, name_key(left(n, 200)) as port_company_key,
        clean(v) != v as cleaned, length(n) > 200 as too_long
    from (
        select v, clean_name(v) as n
        from (select distinct port_company as v from staged where port_company is not null)
    )
),

credit_map as (
    select v as company_id_raw, c as company_id, credit_code_ok(c) as company_id_ok, clean(v) != v as cleaned
    from (
        select v, nullif(upper(trim(fold(clean(v)))), '') as c
        from (select distinct company_id as v from staged where company_id is not null)
    )
),

parsed as (
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
        coalesce(s.received_ts, parse_datetime(s.received_raw)) as received,
        s.received_ts is null and s.received_raw is null as received_missing,
        try_cast(s.count_raw as double) as count_num,
        coalesce(s.handled_ts, parse_datetime(s.handled_raw)::date) as handled_date,
        s.handled_ts is null and s.handled_raw is null as handled_missing,
        hs.handling_status,
        coalesce(hs.blank, true) as handling_blank,
        ch.channel,
        coalesce(ch.blank, true) as channel_blank,
        cat.category,
        coalesce(cat.blank, true) as category_blank,
        op.operator,
        coalesce(op.blank, true) as operator_blank,
        coalesce(ind.industry, case when coalesce(ind.blank, true) then 'unclassified' end) as industry,
        coalesce(ind.blank, true) as industry_blank,
        prov.province,
        coalesce(prov.blank, true) as province_blank,
        cm.company,
        cm.name_key,
        cr.company_id,
        cr.company_id_ok,
        pm.port_company,
        pm.port_company_key,
        coalesce(cm.too_long, false) or coalesce(pm.too_long, false) as name_too_long,
        coalesce(s.id_cleaned, false) or coalesce(ch.cleaned, false) or coalesce(cat.cleaned, false) or coalesce(hs.cleaned, false)
            or coalesce(op.cleaned, false) or coalesce(ind.cleaned, false) or coalesce(prov.cleaned, false)
            or coalesce(cm.cleaned, false) or coalesce(pm.cleaned, false) or coalesce(cr.cleaned, false)
            as cleaned
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
            or received_missing
            or received is null
            or received < date '2000-01-01' or received >= date '2100-01-01'
            or channel_blank or channel is null
            or (not category_blank and category is null)
            or sender_number is null
            or not regexp_full_match(sender_number, '\+?[0-9]{3,20}')
            or operator_blank or operator is null
            or (not industry_blank and industry is null)
            or (not province_blank and province is null)
            or (count_raw is not null and (count_num is null or not isfinite(count_num) or count_num < 1
                                           or count_num != floor(count_num) or count_num > 2147483647))
            or (not handling_blank and handling_status is null)
            or (not handled_missing and handled_date is null)
            or handled_date < date '2000-01-01' or handled_date >= date '2100-01-01'
            or handled_date < received::date
            or handled_date > $today
            as has_error,
        company_id_ok = false or received::date > $today
            or (handling_status = 'handled' and handled_missing) or cleaned or name_too_long as has_warning
    from parsed p
    left join family_map f on f.prefix3 = left(p.national_number, 3)
),

final as (
    select
        _file,
        _r,
        _line,
        coalesce(received::date > $today, false) as _set_aside,
        complaint_id,
        received as received_at,
        strftime(received, '%Y') || 'Q' || quarter(received) as quarter,
        date_trunc('month', received)::date as month,
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
        case when coalesce(has_error, true) then list_filter([
            case when complaint_id is null then {'column': 'complaint_id', 'value': null, 'code': 'required'} end,
            case when received_missing then {'column': 'received_at', 'value': null, 'code': 'required'} end,
            case when not received_missing and received is null
                then {'column': 'received_at', 'value': received_raw, 'code': 'bad_date'} end,
            case when received < date '2000-01-01' or received >= date '2100-01-01'
                then {'column': 'received_at', 'value': coalesce(received_raw, received::varchar),
                      'code': 'absurd_date'} end,
            case when channel_blank then {'column': 'channel', 'value': null, 'code': 'required'} end,
            case when not channel_blank and channel is null
                then {'column': 'channel', 'value': trim(channel_raw), 'code': 'bad_channel'} end,
            case when not category_blank and category is null
                then {'column': 'category', 'value': trim(category_raw), 'code': 'bad_category'} end,
            case when sender_number is null then {'column': 'sender_number', 'value': null, 'code': 'required'} end,
            case when sender_number is not null and not regexp_full_match(sender_number, '\+?[0-9]{3,20}')
                then {'column': 'sender_number', 'value': sender_number, 'code': 'bad_number'} end,
            case when operator_blank then {'column': 'operator', 'value': null, 'code': 'required'} end,
            case when not operator_blank and operator is null
                then {'column': 'operator', 'value': trim(operator_raw), 'code': 'unknown_operator'} end,
            case when not industry_blank and industry is null
                then {'column': 'industry', 'value': trim(industry_raw), 'code': 'unknown_industry'} end,
            case when not province_blank and province is null
                then {'column': 'province', 'value': trim(province_raw), 'code': 'unknown_province'} end,
            case when count_raw is not null and (count_num is null or not isfinite(count_num) or count_num < 1
                                                 or count_num != floor(count_num) or count_num > 2147483647)
                then {'column': 'count', 'value': count_raw, 'code': 'bad_count'} end,
            case when not handling_blank and handling_status is null
                then {'column': 'handling_status', 'value': trim(handling_raw), 'code': 'bad_handling_status'} end,
            case when not handled_missing and handled_date is null
                then {'column': 'handled_on', 'value': handled_raw, 'code': 'bad_date'} end,
            case when handled_date < date '2000-01-01' or handled_date >= date '2100-01-01'
                then {'column': 'handled_on', 'value': coalesce(handled_raw, handled_date::varchar),
                      'code': 'absurd_date'} end,
            case when handled_date < received::date
                then {'column': 'handled_on', 'value': coalesce(handled_raw, handled_date::varchar),
                      'code': 'handled_before_received'} end,
            case when handled_date > $today and handled_date < date '2100-01-01'
                then {'column': 'handled_on', 'value': coalesce(handled_raw, handled_date::varchar),
                      'code': 'after_load_date'} end
        ], lambda e: e is not null) else [] end as errors,
        case when coalesce(has_warning, false) then list_filter([
            case when company_id_ok = false
                then {'column': 'company_id', 'value': company_id, 'code': 'bad_credit_code'} end,
            case when received::date > $today
                then {'column': 'received_at', 'value': coalesce(received_raw, received::varchar),
                      'code': 'future_date'} end,
            case when handling_status = 'handled' and handled_missing
                then {'column': 'handled_on', 'value': null, 'code': 'handled_without_date'} end,
            case when cleaned then {'column': null, 'value': null, 'code': 'control_chars'} end,
            case when name_too_long then {'column': null, 'value': null, 'code': 'name_too_long'} end
        ], lambda e: e is not null) else [] end as warnings
    from checked
)

select * from final
