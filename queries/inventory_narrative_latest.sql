-- name: inventory_narrative_latest
-- The latest saved text of each narrative section of $quarter's inventory, per language (body null: back to
-- the generated draft). Reads the workflow file.
-- returns: lang, section, body, edited_by, edited_at
with ranked as (
    select
        lang, section, body, edited_by, edited_at,
        row_number() over (partition by lang, section order by edited_at desc, rowid desc) as n
    from inventory_narratives
    where quarter = $quarter
),

final as (
    select lang, section, body, edited_by, edited_at
    from ranked
    where n = 1
    order by lang, section
)

select * from final
