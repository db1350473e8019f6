-- Every store that holds a backup, primary first, comma-separated (store names are plain
-- identifiers). NULL for rows written before copies existed: the store column alone.
ALTER TABLE backups ADD COLUMN stores VARCHAR(1000);
