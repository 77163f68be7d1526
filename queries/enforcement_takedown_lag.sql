-- name: enforcement_takedown_lag
-- Port takedowns dated in $quarter with the port's first complaint in the 90 days up to the takedown day and the
-- days between. r_ports keeps the first complaint per port and quarter, so this is the earliest of those
-- per-quarter first complaints that falls in the 90 days (a port complained about for years is timed from its
-- latest run of complaints, not from its first ever). A port with no complaint in the 90 days was found by
-- monitoring: first_complaint_at and lag_days are null. Numbers and lines are not in the rollups: only ports.
-- returns: takedown_id, port, operator, taken_at, first_complaint_at, lag_days
with shut as (
    select takedown_id, target as port, operator, taken_at
    from takedowns
    where quarter = $quarter and target_type = 'port'
),

firsts as (
    select s.takedown_id, min(r.first_complaint_at) as first_complaint_at
    from shut s
    join r_ports r
        on r.port = s.port
        and r.first_complaint_at::date <= s.taken_at
        and r.first_complaint_at::date >= s.taken_at - interval 90 day
    group by s.takedown_id
),

final as (
    select
        s.takedown_id, s.port, s.operator, s.taken_at, f.first_complaint_at,
        date_diff('day', f.first_complaint_at::date, s.taken_at) as lag_days
    from shut s
    left join firsts f using (takedown_id)
    order by s.taken_at, s.takedown_id
)

select * from final
