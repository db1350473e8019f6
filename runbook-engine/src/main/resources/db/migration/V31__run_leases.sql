-- One row per busy target: the run that holds it and the instance that owns that run. The
-- primary key is the one-run-per-target rule, for every process sharing this database. The row
-- goes when the run finishes; an owner that stops renewing it loses it to recovery.
CREATE TABLE run_leases (
  target            VARCHAR(100) PRIMARY KEY,
  run_id            BIGINT       NOT NULL UNIQUE REFERENCES runs (id),
  instance          VARCHAR(40)  NOT NULL,
  host              VARCHAR(255) NOT NULL,
  pid               BIGINT       NOT NULL,
  process_start     BIGINT,
  renewed_at        BIGINT       NOT NULL,
  expires_at        BIGINT       NOT NULL,
  -- Set by /cancel in another process; the owner sees it when it renews and cancels the run.
  cancel_requested_by VARCHAR(100)
);
CREATE INDEX run_leases_instance ON run_leases (instance);

-- Who ran it, for history and for people: "lifeboat 3f2a9c1d on web-1, pid 4242".
ALTER TABLE runs ADD COLUMN owner VARCHAR(400);
