-- A downgrade warning (降星预警) in the rating history names which held stars the figures were below:
-- 'contribution' (only the contribution stars; an upgrade product holds the service stars), 'service' or
-- 'both'. '' for the other lines, and for warnings recorded before this column (pages then word the
-- warning as before).

ALTER TABLE rating_history ADD COLUMN below_stars TEXT NOT NULL DEFAULT '';
