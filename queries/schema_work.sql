-- name: schema_work
-- Creates the workflow file's tables if missing: the audit log, the exposure lists (drafts under review,
-- published versions and their entries), published inventories and lead-referral batches (their lead ids,
-- when they were sent, and the departments' feedback).
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

-- Columns added after the first release: a workflow file created before them gains them empty.
alter table referral_batches add column if not exists number_leads bigint;
alter table referral_batches add column if not exists feedback_due date;

-- Every lead id a batch referred, by department (company leads: the complaint id; public security's number
-- list: one id per sender number), so feedback can be checked against what was sent. Never updated.
create table if not exists referral_lead_ids (
    batch_id varchar,
    department_code varchar,
    lead_id varchar,
    primary key (batch_id, lead_id)
);

-- A batch marked as sent to the departments (after an explicit confirmation). Never updated.
create table if not exists referral_sent (
    batch_id varchar primary key,
    referred_on date,
    referred_by varchar,
    recorded_at timestamp
);

-- Departments' feedback on leads, as loaded: each file one load_seq; a later load's row for the same lead
-- supersedes an earlier one.
create table if not exists referral_feedback (
    load_seq integer,
    batch_id varchar,
    department_code varchar,
    lead_id varchar,
    outcome varchar,
    answered_on date,
    file_name varchar,
    file_hash varchar,
    loaded_by varchar,
    loaded_at timestamp
);

-- The inventory's narrative paragraphs (typical cases, next steps, advice) as an analyst edited them before
-- publishing, per quarter, language and section. Append-only: the latest row wins; a null body means "back to
-- the generated draft". A published version carries its narrative in its frozen record.
create table if not exists inventory_narratives (
    quarter varchar,
    lang varchar,
    section varchar,
    body varchar,
    edited_by varchar,
    edited_at timestamp
);
