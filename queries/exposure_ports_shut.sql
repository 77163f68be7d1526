-- name: exposure_ports_shut
-- Evidence for the exposure list: for every source company, how many of the SMS ports its complaints came
-- through in $quarter were shut in $quarter (port takedowns), and the complaints through those ports.
-- returns: company_key, ports_shut, complaints_on_shut_ports
with shut as (
    select distinct target as port
    from takedowns
    where target_type = 'port' and quarter = $quarter
),

final as (
    select cp.company_key, count(distinct cp.port)::bigint as ports_shut,
        sum(cp.complaints)::bigint as complaints_on_shut_ports
    from r_company_ports as cp
    join shut as s on s.port = cp.port
    where cp.quarter = $quarter
    group by all
    order by cp.company_key
)

select * from final
