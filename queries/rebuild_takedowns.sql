-- name: rebuild_takedowns
-- Rebuild: the store's takedowns table from the archive's Parquet files ($files: kind=takedowns/quarter=*/b*.parquet
-- of the committed batches): for each takedown_id, the row of its highest batch_id (a later batch replaced it).
-- returns: nothing
insert into takedowns by name
select * exclude (kind)
from read_parquet(
    $files, hive_partitioning = true, union_by_name = true, hive_types = {'kind': 'VARCHAR', 'quarter': 'VARCHAR'}
)
qualify row_number() over (partition by takedown_id order by batch_id desc) = 1;
