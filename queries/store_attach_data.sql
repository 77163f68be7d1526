-- name: store_attach_data
-- A reader attaches the store's data file read-only as `s` (it keeps the inode it attached; see docs/store.md).
-- returns: nothing
attach $path as s (read_only);
