-- name: referral_file_insert
-- Records one department's file of a lead-referral batch.
-- returns: nothing
insert into referral_files (batch_id, department_code, quarter, file_name, leads, companies, rows_hash, content_hash)
values ($batch_id, $department_code, $quarter, $file_name, $leads, $companies, $rows_hash, $content_hash);
