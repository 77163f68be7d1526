-- name: refresh_mark
-- Records which rollup queries built the store's r_* tables ($fingerprint: a hash of their texts), so a later
-- load refreshes only its quarters while the queries are the same, and rebuilds everything once they change.
-- returns: nothing
insert or replace into meta
select 'rollups', $fingerprint::varchar;
