-- name: referral_sent_insert
-- Records that batch $batch_id was sent to its departments on $referred_on, confirmed by $referred_by.
-- returns: nothing
insert into referral_sent (batch_id, referred_on, referred_by, recorded_at)
values ($batch_id, $referred_on, $referred_by, $recorded_at);
