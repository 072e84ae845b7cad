-- Life-cycle changes in the rating history (the monthly re-rating records a client becoming dormant,
-- churning or lost, with the stage before), so that the alert pass finds them by date like the other
-- rating changes.
ALTER TABLE rating_history ADD COLUMN from_stage TEXT NOT NULL DEFAULT '';
ALTER TABLE rating_history ADD COLUMN to_stage TEXT NOT NULL DEFAULT '';
