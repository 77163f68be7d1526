-- name: store_checkpoint
-- Writes everything into the copy's file before it is synced and swapped in.
-- returns: nothing
checkpoint;
