-- name: referral_files_all
-- Every department file of every referral batch with the department's names. leads counts the lead ids the
-- file carries, the rows of its feedback form (complaints about companies; for public security, the sender
-- numbers of its number list), as the feedback summary does; company_leads counts its complaints about companies
-- only. Reads the workflow file and ref_department.
-- returns: batch_id, quarter, department_code, department_zh, department_en, file_name, leads, company_leads, companies, rows_hash, content_hash
with lead_ids as (
    select batch_id, department_code, count(*)::bigint as leads
    from referral_lead_ids
    group by all
),

final as (
    select
        f.batch_id, f.quarter, f.department_code, d.name_zh as department_zh, d.name_en as department_en,
        f.file_name,
        -- A batch recorded before lead ids were kept has only its company leads.
        coalesce(l.leads, f.leads)::bigint as leads,
        f.leads as company_leads, f.companies, f.rows_hash, f.content_hash
    from referral_files as f
    left join lead_ids as l using (batch_id, department_code)
    left join ref_department as d on d.code = f.department_code
    order by f.quarter desc, f.department_code
)

select * from final
