-- name: rollup_ports
-- Rebuilds r_ports: complaints per SMS port and quarter, with the first complaint's time, for comparing
-- complaints with takedowns.
-- returns: nothing
create or replace table r_ports as
with final as (
    select
        quarter, port, operator,
        -- min, not any_value: if a port's complaints disagree on its company, every engine and run picks the same.
        min(port_company_key) as port_company_key,
        min(received_at) as first_complaint_at,
        sum("count")::bigint as complaints
    from complaints
    where port is not null
    group by all
)

select * from final order by quarter
