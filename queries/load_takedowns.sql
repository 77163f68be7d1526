-- name: load_takedowns
-- Normalises and validates one staged takedowns file (view stage_src, all varchar, plus _line).
-- Returns typed rows with `errors` / `warnings` lists of {column, value, code}.
-- Needs the load_macros macros. Params: $today (future-date warning).
-- returns: _line, takedown_id, taken_at, quarter, target_type, target, operator, holder, holder_key, industry, reason, errors, warnings
with src as (
    select
        _line,
        nullif(trim(fold(takedown_id)), '') as takedown_id,
        nullif(trim(fold(taken_at)), '') as taken_raw,
        nullif(trim(target_type), '') as target_type_raw,
        nullif(regexp_replace(fold(target), '\s', '', 'g'), '') as target,
        nullif(trim(operator), '') as operator_raw,
        nullif(trim(regexp_replace(holder, '\s+', ' ', 'g')), '') as holder,
        nullif(trim(industry), '') as industry_raw,
        nullif(trim(reason), '') as reason
    from stage_src
    where coalesce(takedown_id, taken_at, target_type, target, operator, holder, industry, reason) is not null
),

keyed as (
    select
        *,
        norm_key(target_type_raw) as type_key,
        norm_key(operator_raw) as operator_key,
        norm_key(industry_raw) as industry_key,
        try_strptime(taken_raw, [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d', '%Y年%m月%d日', '%Y.%m.%d', '%Y%m%d'
        ])::date as taken_date
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
        _line,
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
            case when taken_raw is null then {'column': 'taken_at', 'value': null, 'code': 'required'} end,
            case when taken_raw is not null and taken_date is null
                then {'column': 'taken_at', 'value': taken_raw, 'code': 'bad_date'} end,
            case when taken_date < date '2000-01-01' or taken_date >= date '2100-01-01'
                then {'column': 'taken_at', 'value': taken_raw, 'code': 'absurd_date'} end,
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
                then {'column': 'taken_at', 'value': taken_raw, 'code': 'future_date'} end,
            case when industry_category is not null
                then {'column': 'industry', 'value': industry_raw, 'code': 'category_in_industry'} end
        ], lambda e: e is not null) as warnings
    from resolved
)

select * from final
