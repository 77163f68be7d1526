-- name: load_touched_quarters
-- The quarters a load changes, read before its upsert: the quarters of the complaints it stores
-- (norm_complaints, less the rows set aside) and of the stored complaints they replace, since a corrected
-- complaint can move to another quarter.
-- returns: quarter
with incoming as (
    select complaint_id, quarter
    from norm_complaints
    where not _set_aside
),

final as (
    select quarter from incoming
    union
    select quarter from complaints where complaint_id in (select complaint_id from incoming)
)

select * from final
