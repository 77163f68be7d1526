-- name: list_state
-- Where an exposure list ($list_id) stands: its latest published version (null if none), that version's
-- content hash, how many drafts are open (draft, submitted, approved) and how many drafts it ever had.
-- returns: latest_version, latest_hash, open_drafts, all_drafts
with versions as (
    select max(version) as latest_version, arg_max(content_hash, version) as latest_hash
    from list_versions
    where list_id = $list_id
),

drafts as (
    select
        count(*) filter (where status in ('draft', 'submitted', 'approved'))::bigint as open_drafts,
        count(*)::bigint as all_drafts
    from list_drafts
    where list_id = $list_id
),

final as (
    select v.latest_version, v.latest_hash, d.open_drafts, d.all_drafts
    from versions as v
    cross join drafts as d
)

select * from final
