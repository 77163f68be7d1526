-- name: exposure_earlier_listings
-- Evidence for the exposure list: the companies named on the current (latest) version of every published
-- list for a quarter before $quarter. Reads the workflow file.
-- returns: company_key, list_id, version, quarter
with latest as (
    select list_id, max(version) as version
    from list_versions
    group by all
),

final as (
    select e.company_key, e.list_id, e.version, e.quarter
    from published_list_entries as e
    join latest as l on l.list_id = e.list_id and l.version = e.version
    where e.included and e.quarter < $quarter
    order by e.company_key, e.quarter
)

select * from final
