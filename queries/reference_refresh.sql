-- name: reference_refresh
-- Replaces the reference table {{table}} with the registered frame ref_frame (the shipped reference data).
-- returns: nothing
create or replace table {{table}} as
select * from ref_frame;
