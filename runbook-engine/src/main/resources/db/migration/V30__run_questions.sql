-- A person's confirmation inside a run (the ask step): what was asked, who may answer, and who
-- answered what. Kept in the state database because the answer may reach another Lifeboat
-- process than the one running the step (two serve instances behind one Slack app).
CREATE TABLE run_questions (
  run_id       BIGINT       NOT NULL REFERENCES runs (id),
  step         VARCHAR(100) NOT NULL,
  prompt       TEXT         NOT NULL,
  checklist    TEXT         NOT NULL,
  answer_from  VARCHAR(500) NOT NULL,
  asked_at     BIGINT       NOT NULL,
  expires_at   BIGINT       NOT NULL,
  state        VARCHAR(20)  NOT NULL,
  answered_by  VARCHAR(100),
  answered_at  BIGINT,
  reason       TEXT,
  PRIMARY KEY (run_id, step)
);
CREATE INDEX run_questions_state ON run_questions (state);
