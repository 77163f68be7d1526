-- name: exposure_enforcement
-- Evidence for the exposure list: every enforcement action against a source company decided up to the end of
-- $quarter (the enforcement table is small, so it is read directly), oldest first, with what the cap check
-- needs (illegal gains, the load-time over-cap flag).
-- returns: company_key, decided_on, quarter, action, fine_yuan, illegal_gains_yuan, over_cap, authority
with final as (
    select
        target_key as company_key, decided_on, quarter, action, fine_yuan::double as fine_yuan,
        illegal_gains_yuan::double as illegal_gains_yuan, over_cap, authority
    from enforcement
    where target_role = 'source_company' and target_key is not null and quarter <= $quarter
    order by target_key, decided_on, case_id
)

select * from final
