-- name: rollup_company_ports
-- Rebuilds r_company_ports: per source company, quarter and SMS port, the complaints its messages drew through
-- that port, with the port company and the quarter's first complaint. The company profile joins it to port
-- takedowns ("ports it used that were shut"), which neither r_ports (no source company) nor r_company
-- (no port) can answer. Same grain as r_ports, plus the company.
-- returns: nothing
create or replace table r_company_ports as
with final as (
    select
        company_key,
        quarter,
        port,
        any_value(port_company_key) as port_company_key,
        min(received_at) as first_complaint_at,
        sum("count")::bigint as complaints
    from complaints
    where company_key is not null and port is not null
    group by all
)

select * from final order by company_key, quarter
