-- name: referral_feedback_insert
-- Records loaded feedback rows from the registered frame referral_feedback_frame (batch_id, department_code,
-- lead_id, outcome, answered_on) with the file they came from, who loaded them, and the next load sequence number
-- (later loads supersede earlier ones, however close in time).
-- returns: nothing
insert into referral_feedback (load_seq, batch_id, department_code, lead_id, outcome, answered_on, file_name,
    file_hash, loaded_by, loaded_at)
select
    (select coalesce(max(load_seq), 0) + 1 from referral_feedback), batch_id, department_code, lead_id, outcome,
    answered_on, $file_name, $file_hash, $loaded_by, $loaded_at
from referral_feedback_frame;
