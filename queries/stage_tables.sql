-- name: stage_tables
-- (Re)creates the load's staging tables, one per kind: every contract column as text, the dates also in
-- the typed form the CSV reader fills when a file's dates share one format (received_ts, handled_ts,
-- taken_ts, decided_ts), the file's position in the load (_file) and, for rows staged from Python (XLSX
-- rows, CSV rows the typed reader rejected and were re-read as text), their line (_line). The load_<kind>
-- queries read these; the CSV reader appends by name (stage_read_csv), so a file's missing columns are null.
-- Temporary tables: they live in memory (spilling to the load's private temp directory), never in the store.
-- returns: nothing
create or replace temp table stage_complaints (
    _file integer, _line bigint,
    complaint_id varchar, received_at varchar, received_ts timestamp, channel varchar, category varchar,
    sender_number varchar, operator varchar, industry varchar, company varchar, company_id varchar,
    province varchar, port varchar, port_company varchar, "count" varchar, handling_status varchar,
    handled_on varchar, handled_ts date, content varchar
);

create or replace temp table stage_takedowns (
    _file integer, _line bigint,
    takedown_id varchar, taken_at varchar, taken_ts date, target_type varchar, target varchar, operator varchar,
    holder varchar, industry varchar, reason varchar
);

create or replace temp table stage_enforcement (
    _file integer, _line bigint,
    case_id varchar, decided_on varchar, decided_ts date, target_name varchar, target_id varchar,
    target_role varchar, action varchar, fine_yuan varchar, illegal_gains_yuan varchar, authority varchar,
    province varchar, reason varchar
);
