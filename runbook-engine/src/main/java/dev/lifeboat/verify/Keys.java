package dev.lifeboat.verify;

import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.runbook.StepContext;

/** The values verify, restore and drill steps hand to each other within one run. */
public final class Keys {
  /** The backup the run works on; the plan's "backup" parameter is always a concrete id. */
  public static final StepContext.Key<BackupRecord> BACKUP =
      new StepContext.Key<>("backup", BackupRecord.class);

  /** Where the backup was restored to (a scratch database, a new one, or the target itself). */
  public static final StepContext.Key<RestoredDatabase> RESTORED =
      new StepContext.Key<>("restored", RestoredDatabase.class);

  /** What the checks found so far; the report step turns it into the run's result. */
  public static final StepContext.Key<Findings> FINDINGS =
      new StepContext.Key<>("findings", Findings.class);

  private Keys() {}
}
