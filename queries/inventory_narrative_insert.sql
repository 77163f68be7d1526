-- name: inventory_narrative_insert
-- Saves one narrative section of a quarter's inventory in one language, as edited (appended; the latest wins).
-- returns: nothing
insert into inventory_narratives (quarter, lang, section, body, edited_by, edited_at)
values ($quarter, $lang, $section, $body, $edited_by, $edited_at);
