-- name: referral_lead_ids_insert
-- Records the lead ids of a prepared batch from the registered frame referral_lead_ids_frame (batch_id,
-- department_code, lead_id).
-- returns: nothing
insert into referral_lead_ids (batch_id, department_code, lead_id)
select batch_id, department_code, lead_id from referral_lead_ids_frame;
