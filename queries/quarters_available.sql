-- name: quarters_available
-- Quarters that have complaints, with their last complaint date (to tell complete quarters from the current one).
-- returns: quarter, last_month, complaints
with final as (
    select quarter, max(month) as last_month, sum(complaints) as complaints
    from r_month
    group by all
    order by quarter
)

select * from final
