-- name: load_enforcement
-- Normalises and validates the staged enforcement files of a load (table stage_enforcement: contract columns
-- as text, decided_on possibly typed by the reader as decided_ts, plus _file and _line).
-- Computes the statutory fine cap of the SMS regulation under the Administrative Penalty Law:
-- at most 3x illegal gains and never above 30,000 yuan; 10,000 yuan when there are no illegal gains.
-- A fine above the cap is a warning (flagged for a check of its legal basis), never dropped.
-- A row dated after the load date $today is set aside (_set_aside), not stored. Text is cleaned as in
-- load_complaints. The credit code is checked by the credit_code_ok macro. Needs the load_macros macros.
-- returns: _file, _r, _line, _set_aside, case_id, decided_on, quarter, target_name, target_id, target_key, target_role, action, fine_yuan, illegal_gains_yuan, cap_yuan, over_cap, authority, province, reason, errors, warnings
with src as (
    select
        _file,
        rowid as _r,
        _line,
        nullif(trim(fold(clean(case_id))), '') as case_id,
        decided_ts,
        nullif(trim(fold(clean(decided_on))), '') as decided_raw,
        clean_name(target_name) as target_name_full,
        nullif(upper(trim(fold(clean(target_id)))), '') as target_id,
        nullif(trim(clean(target_role)), '') as role_raw,
        nullif(trim(clean(action)), '') as action_raw,
        nullif(regexp_replace(fold(clean(fine_yuan)), '[\s,¥￥元]', '', 'g'), '') as fine_raw,
        nullif(regexp_replace(fold(clean(illegal_gains_yuan)), '[\s,¥￥元]', '', 'g'), '')
            as gains_raw,
        clean_text(authority) as authority,
        nullif(trim(clean(province)), '') as province_raw,
        clean_text(reason) as reason,
        coalesce(clean(case_id) != case_id, false) or coalesce(clean(decided_on) != decided_on, false)
            or coalesce(clean(target_name) != target_name, false) or coalesce(clean(target_id) != target_id, false)
            or coalesce(clean(target_role) != target_role, false) or coalesce(clean(action) != action, false)
            or coalesce(clean(fine_yuan) != fine_yuan, false)
            or coalesce(clean(illegal_gains_yuan) != illegal_gains_yuan, false)
            or coalesce(clean(authority) != authority, false) or coalesce(clean(province) != province, false)
            or coalesce(clean(reason) != reason, false)
            as cleaned
    from stage_enforcement
    where coalesce(case_id, decided_on, decided_ts::varchar, target_name, target_id, target_role, action,
                   fine_yuan, illegal_gains_yuan, authority, province, reason) is not null
),

keyed as (
    select
        *,
        left(target_name_full, 200) as target_name,
        length(target_name_full) > 200 as name_too_long,
        norm_key(role_raw) as role_key,
        norm_key(action_raw) as action_key,
        norm_key(province_raw) as province_key,
        coalesce(decided_ts, parse_date(decided_raw)) as decided_date,
        decided_ts is null and decided_raw is null as decided_missing,
        try_cast(fine_raw as decimal(18, 2)) as fine,
        try_cast(gains_raw as decimal(18, 2)) as gains,
        credit_code_ok(target_id) as target_id_ok
    from src
),

resolved as (
    select
        k.*,
        rl.code as target_role,
        ac.code as action,
        prov.code as province,
        case
            when k.gains > 0 then least(3 * k.gains, 30000)
            else 10000
        end::decimal(18, 2) as cap
    from keyed k
    left join ref_enum rl on rl.field = 'target_role' and rl.alias_key = k.role_key
    left join ref_enum ac on ac.field = 'action' and ac.alias_key = k.action_key
    left join ref_province_alias prov on prov.alias_key = k.province_key
),

final as (
    select
        _file,
        _r,
        _line,
        coalesce(decided_date > $today, false) as _set_aside,
        case_id,
        decided_date as decided_on,
        strftime(decided_date, '%Y') || 'Q' || quarter(decided_date) as quarter,
        target_name,
        target_id,
        case
            when target_id_ok then target_id
            when target_name is not null
                then name_key(target_name)
        end as target_key,
        target_role,
        action,
        fine as fine_yuan,
        gains as illegal_gains_yuan,
        case when fine is not null then cap end as cap_yuan,
        coalesce(fine > cap, false) as over_cap,
        authority,
        province,
        reason,
        list_filter([
            case when case_id is null then {'column': 'case_id', 'value': null, 'code': 'required'} end,
            case when decided_missing then {'column': 'decided_on', 'value': null, 'code': 'required'} end,
            case when not decided_missing and decided_date is null
                then {'column': 'decided_on', 'value': decided_raw, 'code': 'bad_date'} end,
            case when decided_date < date '2000-01-01' or decided_date >= date '2100-01-01'
                then {'column': 'decided_on', 'value': coalesce(decided_raw, decided_date::varchar),
                      'code': 'absurd_date'} end,
            case when target_name is null then {'column': 'target_name', 'value': null, 'code': 'required'} end,
            case when role_raw is null then {'column': 'target_role', 'value': null, 'code': 'required'} end,
            case when role_raw is not null and target_role is null
                then {'column': 'target_role', 'value': role_raw, 'code': 'bad_role'} end,
            case when action_raw is null then {'column': 'action', 'value': null, 'code': 'required'} end,
            case when action_raw is not null and action is null
                then {'column': 'action', 'value': action_raw, 'code': 'bad_action'} end,
            case when action = 'fine' and fine_raw is null
                then {'column': 'fine_yuan', 'value': null, 'code': 'fine_required'} end,
            case when fine_raw is not null and fine is null
                then {'column': 'fine_yuan', 'value': fine_raw, 'code': 'bad_amount'} end,
            case when fine < 0 then {'column': 'fine_yuan', 'value': fine_raw, 'code': 'negative_amount'} end,
            case when gains_raw is not null and gains is null
                then {'column': 'illegal_gains_yuan', 'value': gains_raw, 'code': 'bad_amount'} end,
            case when gains < 0
                then {'column': 'illegal_gains_yuan', 'value': gains_raw, 'code': 'negative_amount'} end,
            case when province_raw is not null and province is null
                then {'column': 'province', 'value': province_raw, 'code': 'unknown_province'} end
        ], lambda e: e is not null) as errors,
        list_filter([
            case when target_id_ok = false
                then {'column': 'target_id', 'value': target_id, 'code': 'bad_credit_code'} end,
            case when decided_date > $today
                then {'column': 'decided_on', 'value': coalesce(decided_raw, decided_date::varchar),
                      'code': 'future_date'} end,
            case when fine > cap
                then {'column': 'fine_yuan', 'value': fine_raw, 'code': 'fine_over_cap'} end,
            case when cleaned then {'column': null, 'value': null, 'code': 'control_chars'} end,
            case when name_too_long then {'column': null, 'value': null, 'code': 'name_too_long'} end
        ], lambda e: e is not null) as warnings
    from resolved
)

select * from final
