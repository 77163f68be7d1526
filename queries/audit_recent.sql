-- name: audit_recent
-- The latest $limit audit-log entries, newest first: who did what, and when (loads, publications,
-- approvals, exports, sign-ins and failed sign-ins).
-- returns: ts, user_name, action, detail
with final as (
    select ts, user_name, action, detail
    from audit_log
    order by ts desc, action
    limit $limit
)

select * from final
