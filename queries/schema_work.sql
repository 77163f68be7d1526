-- name: schema_work
-- Creates the workflow file's tables if missing: the audit log, the exposure lists (drafts under review,
-- published versions and their entries), published inventories and lead-referral batches.
-- Published rows are only ever inserted: a correction is a new version that names the one it supersedes.
-- returns: nothing
create table if not exists audit_log (
    ts timestamp,
    user_name varchar,
    action varchar,
    detail varchar
);

-- An exposure list being prepared, reviewed and approved (mutable until it is published).
create table if not exists list_drafts (
    draft_id varchar primary key,
    list_id varchar,
    quarter varchar,
    base_version integer,
    status varchar,
    rules varchar,
    candidates varchar,
    decisions varchar,
    context varchar,
    note varchar,
    prepared_by varchar,
    prepared_at timestamp,
    submitted_at timestamp,
    approved_by varchar,
    approved_at timestamp,
    approved_hash varchar,
    returned_note varchar,
    updated_at timestamp
);

-- A published version: the whole frozen record (canonical JSON) and its SHA-256. Never updated.
create table if not exists list_versions (
    list_id varchar,
    version integer,
    quarter varchar,
    supersedes integer,
    record varchar,
    content_hash varchar,
    prepared_by varchar,
    approved_by varchar,
    published_by varchar,
    published_at timestamp,
    primary key (list_id, version)
);

-- One row per candidate of a published version (included or not), for look-ups by company.
create table if not exists published_list_entries (
    list_id varchar,
    version integer,
    quarter varchar,
    company_key varchar,
    name varchar,
    included boolean,
    reason varchar,
    published_at timestamp,
    primary key (list_id, version, company_key)
);

-- A published complaint inventory: the frozen document in both languages. Never updated.
create table if not exists inventory_versions (
    inventory_id varchar,
    version integer,
    quarter varchar,
    supersedes integer,
    record varchar,
    content_hash varchar,
    published_by varchar,
    published_at timestamp,
    primary key (inventory_id, version)
);

-- A quarter's lead referral: one batch, one file per supervising department.
create table if not exists referral_batches (
    batch_id varchar primary key,
    quarter varchar,
    leads bigint,
    companies bigint,
    departments integer,
    content_hash varchar,
    context varchar,
    prepared_by varchar,
    prepared_at timestamp
);

create table if not exists referral_files (
    batch_id varchar,
    department_code varchar,
    quarter varchar,
    file_name varchar,
    leads bigint,
    companies bigint,
    rows_hash varchar,
    content_hash varchar,
    primary key (batch_id, department_code)
);
