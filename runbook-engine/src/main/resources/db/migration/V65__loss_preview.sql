-- What a restore would lose, as its approval card showed it (JSON), and that preview's hash
-- beside the plan's, on the request and on each approval: the record shows what was known
-- when each person decided.
ALTER TABLE approval_requests ADD COLUMN loss_preview TEXT;
ALTER TABLE approval_requests ADD COLUMN preview_hash VARCHAR(64);
ALTER TABLE approvals ADD COLUMN preview_hash VARCHAR(64);
