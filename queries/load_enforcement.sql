-- name: load_enforcement
-- Normalises and validates one staged enforcement file (view stage_src, all varchar, plus _line).
-- Computes the statutory fine cap of the SMS regulation under the Administrative Penalty Law:
-- at most 3x illegal gains and never above 30,000 yuan; 10,000 yuan when there are no illegal gains.
-- A fine above the cap is a warning (flagged for a check of its legal basis), never dropped.
-- Needs the load_macros macros. Params: $today (future-date warning).
-- returns: _line, case_id, decided_on, quarter, target_name, target_id, target_key, target_role, action, fine_yuan, illegal_gains_yuan, cap_yuan, over_cap, authority, province, reason, errors, warnings
with src as (
    select
        _line,
        nullif(trim(fold(case_id)), '') as case_id,
        nullif(trim(fold(decided_on)), '') as decided_raw,
        nullif(trim(regexp_replace(target_name, '\s+', ' ', 'g')), '') as target_name,
        nullif(upper(trim(fold(target_id))), '') as target_id,
        nullif(trim(target_role), '') as role_raw,
        nullif(trim(action), '') as action_raw,
        nullif(regexp_replace(fold(fine_yuan), '[\s,¥￥元]', '', 'g'), '') as fine_raw,
        nullif(regexp_replace(fold(illegal_gains_yuan), '[\s,¥￥元]', '', 'g'), '')
            as gains_raw,
        nullif(trim(authority), '') as authority,
        nullif(trim(province), '') as province_raw,
        nullif(trim(reason), '') as reason
    from stage_src
    where coalesce(case_id, decided_on, target_name, target_id, target_role, action, fine_yuan,
                   illegal_gains_yuan, authority, province, reason) is not null
),

keyed as (
    select
        *,
        norm_key(role_raw) as role_key,
        norm_key(action_raw) as action_key,
        norm_key(province_raw) as province_key,
        try_strptime(decided_raw, [
            '%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d', '%Y年%m月%d日', '%Y.%m.%d', '%Y%m%d'
        ])::date as decided_date,
        try_cast(fine_raw as decimal(18, 2)) as fine,
        try_cast(gains_raw as decimal(18, 2)) as gains,
        case
            when target_id is null then null
            when not regexp_full_match(target_id, '[0-9A-HJ-NPQRTUWXY]{18}') then false
            else substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                    (31 - list_sum(list_transform(range(1, 18), lambda i:
                        (instr('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(target_id, i, 1)) - 1)
                        * [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28][i]))::bigint % 31) % 31 + 1, 1)
                 = substr(target_id, 18, 1)
        end as target_id_ok
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
        _line,
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
            case when decided_raw is null then {'column': 'decided_on', 'value': null, 'code': 'required'} end,
            case when decided_raw is not null and decided_date is null
                then {'column': 'decided_on', 'value': decided_raw, 'code': 'bad_date'} end,
            case when decided_date < date '2000-01-01' or decided_date >= date '2100-01-01'
                then {'column': 'decided_on', 'value': decided_raw, 'code': 'absurd_date'} end,
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
                then {'column': 'decided_on', 'value': decided_raw, 'code': 'future_date'} end,
            case when fine > cap
                then {'column': 'fine_yuan', 'value': fine_raw, 'code': 'fine_over_cap'} end
        ], lambda e: e is not null) as warnings
    from resolved
)

select * from final
