package dev.lifeboat.restore;

import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupDump;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.backup.Artifacts;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The steps only the restore runbook uses, by their {@code uses:}. Selecting, checking and
 * cleaning up come from the verify steps.
 */
public final class RestoreSteps {
  private RestoreSteps() {}

  public static Map<String, Step> create(BackupCatalog catalog, Artifacts artifacts, PgTools tools,
      BackupDump dump, Clock clock) {
    Map<String, Step> steps = new LinkedHashMap<>();
    steps.put("postgres.read-only", new Freeze());
    steps.put("backup.safety", new SafetyBackup(dump, catalog));
    steps.put("postgres.restore", new RestoreDatabase(artifacts, tools));
    steps.put("postgres.swap", new Swap(clock));
    steps.put("postgres.read-write", new Thaw());
    steps.put("restore.report", new RestoreReportStep());
    return Collections.unmodifiableMap(steps);
  }
}
