-- name: exposure_company_quarters
-- Candidate rules for the exposure list: complaints per source company, quarter and industry from r_company for
-- the quarters $first_quarter to $quarter (labels sort in time order), for one $channel (null: all), with the
-- company's display name and credit code from r_names.
-- returns: company_key, name, company_id, quarter, industry, complaints
with scoped as (
    select company_key, quarter, industry, sum(complaints)::bigint as complaints
    from r_company
    where quarter between $first_quarter and $quarter
        and ($channel is null or channel = $channel)
    group by all
),

final as (
    select s.company_key, n.name, n.company_id, s.quarter, coalesce(s.industry, 'unclassified') as industry,
        s.complaints
    from scoped as s
    left join r_names as n on n.key = s.company_key
    order by s.company_key, s.quarter, industry
)

select * from final
