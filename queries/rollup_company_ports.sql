-- name: rollup_company_ports
-- Rebuilds r_company_ports, for the company profile's "ports, numbers and lines shut down": per source company,
-- quarter and SMS port, the complaints its messages drew through that port, with the port company and the
-- quarter's first complaint (neither r_ports, which has no source company, nor r_company, which has no port,
-- can say which ports a source company used). Reads complaints only, quarter by quarter.
-- returns: nothing
create or replace table r_company_ports as
with final as (
    select
        company_key,
        quarter,
        port,
        min(port_company_key) as port_company_key,  -- deterministic, as in rollup_ports
        min(received_at) as first_complaint_at,
        sum("count")::bigint as complaints
    from complaints
    where company_key is not null and port is not null
    group by all
)

select * from final order by company_key, quarter
