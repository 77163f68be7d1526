-- name: refresh_part_use
-- Makes anning_part the default catalog of this cursor, so a rollup query's "complaints" is the touched
-- quarters' copy and its "create or replace table" writes there, not into the store.
-- returns: nothing
use anning_part;
