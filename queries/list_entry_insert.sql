-- name: list_entry_insert
-- One candidate of a published exposure-list version, for look-ups by company (inserted once).
-- returns: nothing
insert into published_list_entries (list_id, version, quarter, company_key, name, included, reason, published_at)
values ($list_id, $version, $quarter, $company_key, $name, $included, $reason, $published_at);
