-- name: schema_work
-- Creates the workflow file's tables if missing: the audit log (publications add theirs later).
-- returns: nothing
create table if not exists audit_log (
    ts timestamp,
    user_name varchar,
    action varchar,
    detail varchar
);
