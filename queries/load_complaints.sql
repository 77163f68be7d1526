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
-- Speed: the low-cardinality columns are normalised once per distinct combination (codes: channel, category,
-- status, operator, industry, province; names: company, credit code, port company) by load_complaints_maps,
-- into the temporary tables map_codes and map_names (tables, so DuckDB knows they are small and builds its
-- hash tables on them), and joined back in two null-safe joins; the number range comes from a 1,000-row prefix table. Per row only cheap checks run, and
-- the slow normalisations (folding, cleaning, date formats) only on values that need them. No CTE is read
-- twice (DuckDB would materialise it).
-- A complaint category in the industry column (涉嫌诈骗, 诈骗: ref_enum field industry_as_category) is kept:
-- the row counts under that category and an unclassified industry, with the warning category_in_industry.
-- Handling (issue 17): handling_status is an enumerated value (ref_enum field handling_status); handled_on a
-- date that must not precede received_at (an error); a handled row without handled_on is a warning.
-- content (issue 12): the reported message's text, optional, kept as given for the lead referrals (control
-- characters removed as in every text field, white space runs collapsed); never parsed.
-- returns: _file, _r, _line, _set_aside, complaint_id, received_at, quarter, month, channel, category, sender_number, number_family, operator, industry, company, company_id, company_key, province, port, port_company, port_company_key, count, handling_status, handled_on, content, errors, warnings
with src as (
    select
        _file,
        rowid as _r,
        _line,
        -- An id of printable ASCII needs no folding or cleaning (nearly every id); others get both.
        regexp_full_match(complaint_id, '[!-~]+') as id_plain,
        case
            when id_plain then complaint_id
            else nullif(trim(fold(clean(complaint_id))), '')
        end as complaint_id,
        case when not id_plain then clean(complaint_id) != complaint_id end as id_cleaned,
        received_ts,
        nullif(trim(fold(clean(received_at))), '') as received_raw,
        channel as channel_raw,
        category as category_raw,
        regexp_full_match(sender_number, '\+?[0-9]{3,20}') as sender_plain,
        case
            when sender_plain then sender_number
            else nullif(regexp_replace(fold(clean(sender_number)), '[\s\-()]', '', 'g'), '')
        end as sender_number,
        operator as operator_raw,
        industry as industry_raw,
        company as company_raw,
        company_id as company_id_raw,
        province as province_raw,
        case when not sender_plain then clean(sender_number) != sender_number end as sender_cleaned,
        port is null or regexp_full_match(port, '[0-9]+') as port_plain,
        case
            when port_plain then nullif(port, '')
            else nullif(regexp_replace(fold(clean(port)), '\s', '', 'g'), '')
        end as port,
        case when not port_plain then clean(port) != port end as port_cleaned,
        port_company as port_company_raw,
        nullif(trim(fold(clean("count"))), '') as count_raw,
        handling_status as handling_raw,
        handled_ts,
        nullif(trim(fold(clean(handled_on))), '') as handled_raw,
        -- Most messages have neither a run of white space nor a character clean() changes (tabs and line
        -- breaks among them): for them collapsing and cleaning change nothing, so a trim does.
        case
            when regexp_matches(content, '\s\s') or unclean(content)
                then nullif(trim(regexp_replace(clean(content), '\s+', ' ', 'g')), '')
            else nullif(trim(content), '')
        end as content,
        -- Line breaks in a message are its own; only removed control or invisible characters warn (and a value
        -- clean() leaves as it is has none).
        case
            when unclean(content)
                then regexp_replace(clean(content), '\s+', ' ', 'g') != regexp_replace(content, '\s+', ' ', 'g')
            when content is not null then false
        end as content_cleaned
    from stage_complaints
    where coalesce(complaint_id, received_at, received_ts::varchar, channel, category, sender_number, operator,
                   industry, company, company_id, province, port, port_company, "count", handling_status,
                   handled_on, handled_ts::varchar, content) is not null
),

-- Longest-prefix match of the number-range reference for every three-digit prefix (data-independent).
family_map as (
    select
        d.prefix3,
        coalesce(nr3.family, nr2.family, nr1.family, 'other') as number_family
    from (select lpad(range::varchar, 3, '0') as prefix3 from range(1000)) d
    left join ref_number_range nr3 on nr3.prefix = d.prefix3
    left join ref_number_range nr2 on nr2.prefix = left(d.prefix3, 2)
    left join ref_number_range nr1 on nr1.prefix = left(d.prefix3, 1)
),

parsed as (
    select
        s.*,
        -- The first three digits of the national form: drop the country code of mobiles, turn +86 fixed
        -- lines into 0xx.
        case
            when not (starts_with(s.sender_number, '+') or starts_with(s.sender_number, '86')
                      or starts_with(s.sender_number, '00')) then left(s.sender_number, 3)
            when regexp_full_match(s.sender_number, '(\+86|0086|86)1[0-9]{10}')
                then left(regexp_replace(s.sender_number, '^(\+86|0086|86)', ''), 3)
            when regexp_matches(s.sender_number, '^(\+86|0086)')
                then left('0' || regexp_replace(s.sender_number, '^(\+86|0086)', ''), 3)
            else left(s.sender_number, 3)
        end as prefix3,
        coalesce(s.received_ts, parse_datetime(s.received_raw)) as received,
        s.received_ts is null and s.received_raw is null as received_missing,
        try_cast(s.count_raw as double) as count_num,
        coalesce(s.handled_ts, parse_datetime(s.handled_raw)::date) as handled_date,
        s.handled_ts is null and s.handled_raw is null as handled_missing,
        c.handling_status,
        c.handling_blank,
        c.channel,
        c.channel_blank,
        coalesce(c.industry_category, c.category) as category,
        c.category as category_given,
        c.industry_category,
        c.category_blank,
        c.operator,
        c.operator_blank,
        coalesce(c.industry_code, case when c.industry_blank or c.industry_category is not null then 'unclassified' end)
            as industry,
        c.industry_blank,
        c.province,
        c.province_blank,
        n.company,
        n.name_key,
        n.company_id,
        n.company_id_ok,
        n.port_company,
        n.port_company_key,
        n.name_too_long,
        coalesce(s.id_cleaned, false) or coalesce(s.sender_cleaned, false) or coalesce(s.port_cleaned, false)
            or coalesce(s.content_cleaned, false) or c.codes_cleaned or n.names_cleaned as cleaned
    from src s
    left join map_codes c
        on c.channel_raw is not distinct from s.channel_raw
        and c.category_raw is not distinct from s.category_raw
        and c.handling_raw is not distinct from s.handling_raw
        and c.operator_raw is not distinct from s.operator_raw
        and c.industry_raw is not distinct from s.industry_raw
        and c.province_raw is not distinct from s.province_raw
    left join map_names n
        on n.company_raw is not distinct from s.company_raw
        and n.company_id_raw is not distinct from s.company_id_raw
        and n.port_company_raw is not distinct from s.port_company_raw
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
            or (not category_blank and category_given is null)
            or sender_number is null
            or not (sender_plain or regexp_full_match(sender_number, '\+?[0-9]{3,20}'))
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
            or (handling_status = 'handled' and handled_missing) or cleaned or name_too_long
            or industry_category is not null as has_warning
    from parsed p
    left join family_map f on f.prefix3 = p.prefix3
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
        content,
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
            case when not category_blank and category_given is null
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
            case when industry_category is not null
                then {'column': 'industry', 'value': trim(clean(industry_raw)), 'code': 'category_in_industry'} end,
            case when cleaned then {'column': null, 'value': null, 'code': 'control_chars'} end,
            case when name_too_long then {'column': null, 'value': null, 'code': 'name_too_long'} end
        ], lambda e: e is not null) else [] end as warnings
    from checked
)

select * from final
