-- name: store_search_path
-- Unqualified names of a reader's cursor resolve in the attached files ($search_path: 's' or 's,w').
-- returns: nothing
set search_path = $search_path;
