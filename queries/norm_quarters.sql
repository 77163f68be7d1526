-- name: norm_quarters
-- The quarters of the rows {{norm}} will store (for the archive's one file per batch, kind and quarter).
-- returns: quarter
with final as (
    select distinct quarter from {{norm}} where not _set_aside and quarter is not null order by quarter
)

select * from final
