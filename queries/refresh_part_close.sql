-- name: refresh_part_close
-- Ends a partial rollup refresh: the scratch database is detached (the loader deletes its file).
-- returns: nothing
detach database if exists anning_part;
