-- name: audit_append
-- Appends one audit entry: $user did $action ($detail) now.
-- returns: nothing
insert into audit_log values (current_timestamp::timestamp, $user, $action, $detail);
