-- name: rollup_chain
-- Rebuilds r_chain: complaints per quarter along the chain operator -> port company -> industry
-- (the responsibility-chain diagram). A missing port company is kept as null.
-- returns: nothing
create or replace table r_chain as
with final as (
    select quarter, channel, operator, port_company_key, industry, sum("count")::bigint as complaints
    from complaints
    group by all
)

select * from final order by quarter
