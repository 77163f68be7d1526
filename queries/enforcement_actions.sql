-- name: enforcement_actions
-- Every enforcement action with the link of the chain it landed on: for operators and resellers the operator
-- code (longest operator name or alias that starts the target's name, so 中国移动广东分公司 -> cmcc, and
-- whether the target is the whole operator or a branch); for source companies their main industry by
-- complaints (r_company). The enforcement table is small, so it is read directly. No params.
-- returns: case_id, decided_on, quarter, target_name, target_key, target_role, action, fine_yuan, illegal_gains_yuan, cap_yuan, over_cap, authority, province, reason, operator_code, operator_whole, industry
with actions as (
    select
        *,
        -- The name as the operator aliases are keyed: no spaces, half-width brackets, case-folded.
        case
            when starts_with(target_key, 'n:') then substr(target_key, 3)
            else lower(replace(replace(replace(target_name, ' ', ''), '（', '('), '）', ')'))
        end as name_key
    from enforcement
),

aliases as (
    select distinct code, replace(alias_key, ' ', '') as alias
    from ref_operator_alias
),

operator_match as (
    select
        a.case_id,
        arg_max(al.code, length(al.alias)) as operator_code,
        bool_or(al.alias = a.name_key) as operator_whole
    from actions a
    join aliases al on starts_with(a.name_key, al.alias)
    where a.target_role in ('operator', 'mvno')
    group by a.case_id
),

company_industry as (
    select c.company_key, arg_max(c.industry, c.complaints) as industry
    from (
        select company_key, industry, sum(complaints) as complaints
        from r_company
        where company_key in (select target_key from enforcement where target_role = 'source_company')
        group by all
    ) c
    group by c.company_key
),

final as (
    select
        a.case_id, a.decided_on, a.quarter, a.target_name, a.target_key, a.target_role, a.action,
        a.fine_yuan::double as fine_yuan, a.illegal_gains_yuan::double as illegal_gains_yuan,
        a.cap_yuan::double as cap_yuan, a.over_cap, a.authority, a.province, a.reason,
        m.operator_code,
        coalesce(m.operator_whole, false) as operator_whole,
        case when a.target_role = 'source_company' then coalesce(ci.industry, 'unclassified') end as industry
    from actions a
    left join operator_match m using (case_id)
    left join company_industry ci on a.target_role = 'source_company' and ci.company_key = a.target_key
    order by a.decided_on, a.case_id
)

select * from final
