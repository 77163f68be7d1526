-- name: refresh_part_close
-- Ends a partial rollup refresh: the in-memory catalog and its copies are dropped.
-- returns: nothing
detach database if exists anning_part;
