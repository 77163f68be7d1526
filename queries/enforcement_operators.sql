-- name: enforcement_operators
-- The operator reference with subscribers per year (ref_operator x ref_subscribers); a reseller without a
-- subscriber figure for a year has no row for it. No params.
-- returns: code, name_zh, name_en, kind, host, year, subscribers
with final as (
    select o.code, o.name_zh, o.name_en, o.kind, nullif(o.host, '') as host, s.year, s.subscribers
    from ref_operator o
    left join ref_subscribers s on s.operator = o.code
    order by o.kind, o.code, s.year
)

select * from final
