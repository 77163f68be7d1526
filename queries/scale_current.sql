-- name: scale_current
-- Rebuilds the store tables complaints, takedowns and enforcement from the Parquet archive, which a rollup run
-- reads as the views raw_complaints, raw_takedowns and raw_enforcement (every archived row of every batch): per
-- primary id the row of the highest batch, as the loader's upserts leave it (later batches correct earlier
-- ones). Columns in the order of schema_data. Run by anning.scale on DuckDB and, transpiled, on Spark.
-- returns: nothing
create or replace table complaints as
with versions as (
    select *, row_number() over (partition by complaint_id order by batch_id desc) as version_rank
    from raw_complaints
),

final as (
    select
        complaint_id, received_at, quarter, month, channel, category, sender_number, number_family, operator,
        industry, company, company_id, company_key, province, port, port_company, port_company_key, "count",
        batch_id, handling_status, handled_on, content
    from versions
    where version_rank = 1
)

select * from final;

create or replace table takedowns as
with versions as (
    select *, row_number() over (partition by takedown_id order by batch_id desc) as version_rank
    from raw_takedowns
),

final as (
    select
        takedown_id, taken_at, quarter, target_type, target, operator, holder, holder_key, industry, reason,
        batch_id
    from versions
    where version_rank = 1
)

select * from final;

create or replace table enforcement as
with versions as (
    select *, row_number() over (partition by case_id order by batch_id desc) as version_rank
    from raw_enforcement
),

final as (
    select
        case_id, decided_on, quarter, target_name, target_id, target_key, target_role, action, fine_yuan,
        illegal_gains_yuan, cap_yuan, over_cap, authority, province, reason, batch_id
    from versions
    where version_rank = 1
)

select * from final
