-- name: referral_files_all
-- Every department file of every referral batch with the department's names. Reads the workflow file and
-- ref_department.
-- returns: batch_id, quarter, department_code, department_zh, department_en, file_name, leads, companies, rows_hash, content_hash
with final as (
    select f.batch_id, f.quarter, f.department_code, d.name_zh as department_zh, d.name_en as department_en,
        f.file_name, f.leads, f.companies, f.rows_hash, f.content_hash
    from referral_files as f
    left join ref_department as d on d.code = f.department_code
    order by f.quarter desc, f.department_code
)

select * from final
