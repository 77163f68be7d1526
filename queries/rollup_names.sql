-- name: rollup_names
-- Rebuilds r_names: the display name of every company key (source companies, port companies, takedown
-- holders and enforcement targets), the most frequent spelling winning (ties: the first in sort order), with its
-- credit code if known.
-- returns: nothing
create or replace table r_names as
with spellings as (
    select company_key as key, company as name, company_id, sum("count") as weight
    from complaints where company_key is not null and company is not null group by all
    union all
    select port_company_key, port_company, null, sum("count")
    from complaints where port_company_key is not null group by all
    union all
    select holder_key, holder, null, count(*) from takedowns where holder_key is not null group by all
    union all
    select target_key, target_name, target_id, count(*) from enforcement where target_key is not null group by all
),

ranked as (
    -- The heaviest spelling that is not null; a tie goes to the first name in sort order, so every engine
    -- (DuckDB, Spark) and every run picks the same one (arg_max would pick any, and Spark's max_by keeps nulls).
    select key, name, company_id, row_number() over (partition by key order by name is null, weight desc, name) as pick
    from spellings
),

final as (
    select
        key,
        max(name) filter (where pick = 1) as name,
        max(case when key = company_id then company_id end) as company_id
    from ranked
    group by key
)

select * from final
