-- name: schema_data
-- Creates the data file's tables if missing: loaded rows, batches, warnings, meta.
-- Rollups (r_*) and reference tables (ref_*) are replaced by every load, so they are not declared here.
-- returns: nothing
create table if not exists meta (key varchar primary key, value varchar);

create table if not exists batches (
    batch_id integer primary key,
    loaded_at timestamp,
    loaded_by varchar,
    source varchar,
    content_hash varchar,
    files varchar,
    rows_complaints bigint,
    rows_takedowns bigint,
    rows_enforcement bigint,
    rows_replaced bigint,
    n_warnings integer,
    seconds double
);

create table if not exists batch_files (
    batch_id integer,
    file_name varchar,
    kind varchar,
    content_hash varchar,
    encoding varchar,
    rows bigint,
    archive_name varchar,
    dropped_columns varchar
);

create table if not exists load_warnings (
    batch_id integer,
    file_name varchar,
    line bigint,
    column_name varchar,
    value varchar,
    code varchar
);

create table if not exists complaints (
    complaint_id varchar,
    received_at timestamp,
    quarter varchar,
    month date,
    channel varchar,
    category varchar,
    sender_number varchar,
    number_family varchar,
    operator varchar,
    industry varchar,
    company varchar,
    company_id varchar,
    company_key varchar,
    province varchar,
    port varchar,
    port_company varchar,
    port_company_key varchar,
    count integer,
    batch_id integer,
    handling_status varchar,
    handled_on date
);

-- Columns added after the first release: a store created before them gains them empty.
alter table complaints add column if not exists handling_status varchar;
alter table complaints add column if not exists handled_on date;
alter table complaints add column if not exists content varchar;
-- Issue 13: the original file's size, and a note (e.g. how a raw archive copy was migrated to Parquet).
alter table batch_files add column if not exists bytes bigint;
alter table batch_files add column if not exists note varchar;
-- Issue 15: rows read from the batch's files, and rows set aside (dated after the load date, not stored).
alter table batches add column if not exists rows_read bigint;
alter table batches add column if not exists rows_set_aside bigint;

create table if not exists takedowns (
    takedown_id varchar,
    taken_at date,
    quarter varchar,
    target_type varchar,
    target varchar,
    operator varchar,
    holder varchar,
    holder_key varchar,
    industry varchar,
    reason varchar,
    batch_id integer
);

create table if not exists enforcement (
    case_id varchar,
    decided_on date,
    quarter varchar,
    target_name varchar,
    target_id varchar,
    target_key varchar,
    target_role varchar,
    action varchar,
    fine_yuan decimal(18, 2),
    illegal_gains_yuan decimal(18, 2),
    cap_yuan decimal(18, 2),
    over_cap boolean,
    authority varchar,
    province varchar,
    reason varchar,
    batch_id integer
);
