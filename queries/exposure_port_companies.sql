-- name: exposure_port_companies
-- Evidence for the exposure list: per source company, the SMS port company its messages of $quarter went
-- through most (by complaints in r_company_ports; ties: the first key), named from r_names, and how many port
-- companies it used in the quarter.
-- returns: company_key, port_company_key, port_company, port_companies
with used as (
    select company_key, port_company_key, sum(complaints)::bigint as complaints
    from r_company_ports
    where quarter = $quarter and port_company_key is not null
    group by all
),

ranked as (
    select
        company_key,
        port_company_key,
        row_number() over (partition by company_key order by complaints desc, port_company_key) as rn,
        count(*) over (partition by company_key) as port_companies
    from used
),

final as (
    select r.company_key, r.port_company_key, n.name as port_company, r.port_companies::integer as port_companies
    from ranked as r
    left join r_names as n on n.key = r.port_company_key
    where r.rn = 1
    order by r.company_key
)

select * from final
