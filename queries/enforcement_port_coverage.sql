-- name: enforcement_port_coverage
-- The most-complained SMS ports of $quarter (r_ports, summed over operators), ranked by complaints, each
-- with its first takedown dated on or after its first complaint in the quarter and no later than the end of
-- the following quarter (so a port complained about late in a quarter and shut early in the next counts).
-- Returns the ranks up to the larger of $top and the top decile; n_ports is the number of complained ports.
-- returns: port, operator, port_company_key, port_company, complaints, rank, n_ports, first_complaint_at, taken_at
with ports as (
    select
        port,
        arg_max(operator, complaints) as operator,
        any_value(port_company_key) as port_company_key,
        min(first_complaint_at) as first_complaint_at,
        sum(complaints) as complaints
    from r_ports
    where quarter = $quarter
    group by port
),

ranked as (
    select
        *,
        row_number() over (order by complaints desc, port) as rank,
        count(*) over () as n_ports
    from ports
),

top_ports as (
    select * from ranked
    where rank <= greatest($top, ceil(n_ports / 10.0))
),

shut as (
    select p.port, min(t.taken_at) as taken_at
    from top_ports p
    join takedowns t
        on t.target_type = 'port'
        and t.target = p.port
        and t.taken_at >= p.first_complaint_at::date
        and t.taken_at < date_trunc('quarter', p.first_complaint_at)::date + interval 6 month
    group by p.port
),

final as (
    select
        p.port, p.operator, p.port_company_key, n.name as port_company, p.complaints::bigint as complaints,
        p.rank, p.n_ports, p.first_complaint_at, s.taken_at
    from top_ports p
    left join shut s using (port)
    left join r_names n on n.key = p.port_company_key
    order by p.rank
)

select * from final
