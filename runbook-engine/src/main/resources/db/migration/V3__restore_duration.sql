-- How long the last verification's restore took: the expected duration shown to approvers.
ALTER TABLE backups ADD COLUMN last_restore_ms BIGINT;
