-- name: load_takedowns
-- Normalises and validates the staged takedowns files of a load (table stage_takedowns: contract columns as
-- text, taken_at possibly typed by the reader as taken_ts, plus _file and _line). Returns typed rows tagged
-- with _file and _r (staging row id) or _line, with `errors` / `warnings` lists of {column, value, code}; a
-- row dated after the load date $today is set aside (_set_aside), not stored. Text is cleaned as in
-- load_complaints (control characters, bidi overrides, zero-width characters; names NFC, collapsed, capped).
-- Needs the load_macros macros.
-- returns: _file, _r, _line, _set_aside, takedown_id, taken_at, quarter, target_type, target, operator, holder, holder_key, industry, reason, errors, warnings
with src as (
    select
        _file,
        rowid as _r,
        _line,
        nullif(trim(fold(clean(takedown_id))), '') as takedown_id,
        taken_ts,
        nullif(trim(fold(clean(taken_at))), '') as taken_raw,
        nullif(trim(clean(target_type)), '') as target_type_raw,
        nullif(regexp_replace(fold(clean(target)), '\s', '', 'g'), '') as target,
        nullif(trim(clean(operator)), '') as operator_raw,
        clean_name(holder) as holder_full,
        nullif(trim(clean(industry)), '') as industry_raw,
        clean_text(reason) as reason,
        coalesce(clean(takedown_id) != takedown_id, false) or coalesce(clean(taken_at) != taken_at, false)
            or coalesce(clean(target_type) != target_type, false) or coalesce(clean(target) != target, false)
            or coalesce(clean(operator) != operator, false) or coalesce(clean(holder) != holder, false)
            or coalesce(clean(industry) != industry, false) or coalesce(clean(reason) != reason, false)
            as cleaned
    from stage_takedowns
    where coalesce(takedown_id, taken_at, taken_ts::varchar, target_type, target, operator, holder, industry,
                   reason) is not null
),

keyed as (
    select
        *,
        left(holder_full, 200) as holder,
        length(holder_full) > 200 as name_too_long,
        norm_key(target_type_raw) as type_key,
        norm_key(operator_raw) as operator_key,
        norm_key(industry_raw) as industry_key,
        coalesce(taken_ts, parse_date(taken_raw)) as taken_date,
        taken_ts is null and taken_raw is null as taken_missing
    from src
),

resolved as (
    select
        k.*,
        tt.code as target_type,
        op.code as operator,
        coalesce(ind.code, case when k.industry_key is null or ic.code is not null then 'unclassified' end)
            as industry,
        ic.code as industry_category
    from keyed k
    left join ref_enum tt on tt.field = 'target_type' and tt.alias_key = k.type_key
    left join ref_operator_alias op on op.alias_key = k.operator_key
    left join ref_industry_alias ind on ind.alias_key = k.industry_key
    -- A complaint category in the industry column (涉嫌诈骗): kept as an unclassified industry, with a warning.
    left join ref_enum ic on ic.field = 'industry_as_category' and ic.alias_key = k.industry_key
        and ind.code is null
),

final as (
    select
        _file,
        _r,
        _line,
        coalesce(taken_date > $today, false) as _set_aside,
        takedown_id,
        taken_date as taken_at,
        strftime(taken_date, '%Y') || 'Q' || quarter(taken_date) as quarter,
        target_type,
        target,
        operator,
        holder,
        case when holder is not null
            then name_key(holder)
        end as holder_key,
        industry,
        reason,
        list_filter([
            case when takedown_id is null then {'column': 'takedown_id', 'value': null, 'code': 'required'} end,
            case when taken_missing then {'column': 'taken_at', 'value': null, 'code': 'required'} end,
            case when not taken_missing and taken_date is null
                then {'column': 'taken_at', 'value': taken_raw, 'code': 'bad_date'} end,
            case when taken_date < date '2000-01-01' or taken_date >= date '2100-01-01'
                then {'column': 'taken_at', 'value': coalesce(taken_raw, taken_date::varchar), 'code': 'absurd_date'} end,
            case when target_type_raw is null then {'column': 'target_type', 'value': null, 'code': 'required'} end,
            case when target_type_raw is not null and target_type is null
                then {'column': 'target_type', 'value': target_type_raw, 'code': 'bad_target_type'} end,
            case when target is null then {'column': 'target', 'value': null, 'code': 'required'} end,
            case when operator_raw is null then {'column': 'operator', 'value': null, 'code': 'required'} end,
            case when operator_raw is not null and operator is null
                then {'column': 'operator', 'value': operator_raw, 'code': 'unknown_operator'} end,
            case when industry_raw is not null and industry is null
                then {'column': 'industry', 'value': industry_raw, 'code': 'unknown_industry'} end
        ], lambda e: e is not null) as errors,
        list_filter([
            case when taken_date > $today
                then {'column': 'taken_at', 'value': coalesce(taken_raw, taken_date::varchar), 'code': 'future_date'} end,
            case when industry_category is not null
                then {'column': 'industry', 'value': industry_raw, 'code': 'category_in_industry'} end,
            case when cleaned then {'column': null, 'value': null, 'code': 'control_chars'} end,
            case when name_too_long then {'column': null, 'value': null, 'code': 'name_too_long'} end
        ], lambda e: e is not null) as warnings
    from resolved
)

select * from final
