package dev.lifeboat.verify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one backup.
 *
 * @param checksumOk empty when the checksum was not checked (the run stopped before)
 * @param migrationsApplied finished Prisma migrations, when the database has _prisma_migrations
 * @param restoreTook how long the restore took: the measured RTO for this size
 * @param problems what is wrong, one line each; empty means the backup is good
 * @param notes what a person may want to know but is not wrong (e.g. ignored restore warnings)
 */
public record VerifyReport(
    String backupId, Optional<Boolean> checksumOk, int tablesCompared, long rowsCompared,
    int checksPassed, int checksRun, Optional<Integer> migrationsApplied,
    Optional<Duration> restoreTook, List<String> problems, List<String> notes) {

  public boolean ok() {
    return problems.isEmpty() && checksumOk.orElse(false) && restoreTook.isPresent();
  }

  /** One line for the catalog and /backup list. */
  public String summary() {
    return ok() ? "ok: " + tablesCompared + " tables, " + rowsCompared + " rows match"
        : "FAILED: " + (problems.isEmpty() ? "incomplete" : problems.get(0));
  }
}
