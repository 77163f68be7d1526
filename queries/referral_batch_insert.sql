-- name: referral_batch_insert
-- Records a lead-referral batch ($batch_id for $quarter) with its totals, hash and feedback deadline.
-- returns: nothing
insert into referral_batches (batch_id, quarter, leads, companies, departments, content_hash, context, prepared_by,
    prepared_at, number_leads, feedback_due)
values ($batch_id, $quarter, $leads, $companies, $departments, $content_hash, $context, $prepared_by, $prepared_at,
    $number_leads, $feedback_due);
