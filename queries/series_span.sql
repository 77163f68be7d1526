-- name: series_span
-- The first and last month with complaints (the span every series is filled over).
-- returns: first_month, last_month
with final as (
    select min(month) as first_month, max(month) as last_month
    from r_month
)

select * from final
