-- What the plan of a request was built from, so a request whose plan changed is voided with a
-- message that says what changed (the runbook file, or the target's connection).
ALTER TABLE approval_requests ADD COLUMN runbook_fingerprint VARCHAR(64);
ALTER TABLE approval_requests ADD COLUMN target_fingerprint VARCHAR(64);
