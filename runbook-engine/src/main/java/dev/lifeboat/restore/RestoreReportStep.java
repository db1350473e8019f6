package dev.lifeboat.restore;

import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.run.Ago;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.verify.Keys;
import dev.lifeboat.verify.RestoredDatabase;
import java.time.Duration;

/**
 * {@code restore.report} (meant to run {@code always}): when the target now holds the backup
 * (swapped in, or restored in place), the run's result says so, with where the previous data
 * is. It reports even when a later cleanup step failed, because the replacement happened; when
 * nothing was replaced it only says that, the run's error saying why.
 */
public final class RestoreReportStep implements Step {
  @Override
  public void execute(StepContext context) {
    String database = context.target().connection().database();
    if (!context.get(RestoreKeys.REPLACED).orElse(false)) {
      context.log(context.get(RestoreKeys.INCOMPLETE).orElse(false)
          ? database + " was partly restored in place and stays read-only; see the restore "
              + "step's error"
          : database + " was not replaced; it holds what it held before the run");
      return;
    }
    RestoreMode mode = RestoreMode.of(context);
    String backupId = context.get(Keys.BACKUP).map(BackupRecord::id)
        .or(() -> context.param("backup")).orElse("unknown");
    Duration took = context.get(Keys.RESTORED).map(RestoredDatabase::took).orElse(Duration.ZERO);
    RestoreReport report = new RestoreReport(backupId, database, mode.label(),
        context.get(RestoreKeys.KEPT_AS), context.get(RestoreKeys.SAFETY_BACKUP), took);
    context.result(new RunResult.Restored(report));
    context.log(database + " holds backup " + backupId + " (pg_restore took " + Ago.of(took)
        + ")" + report.keptAs().map(k -> "; previous database kept as " + k).orElse("")
        + report.safetyBackup().map(b -> "; safety backup " + b).orElse(""));
  }
}
