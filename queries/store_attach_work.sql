-- name: store_attach_work
-- A reader attaches the workflow file read-only as `w`.
-- returns: nothing
attach $path as w (read_only);
