package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.run.RunResult;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code verify.report} (meant to run {@code always}): turns what the steps found into the run's
 * result, also after a failure (then the report says what was wrong), and records the outcome in
 * the catalog so /backup list shows which backups are proven.
 */
public final class VerifyReportStep implements Step {
  private final BackupCatalog catalog;
  private final Clock clock;

  public VerifyReportStep(BackupCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public void execute(StepContext context) {
    Optional<BackupRecord> backup = context.get(Keys.BACKUP);
    String id = backup.map(BackupRecord::id).or(() -> context.param("backup")).orElse("unknown");
    VerifyReport report = context.get(Keys.FINDINGS).orElseGet(Findings::new).report(id);
    context.result(new RunResult.Verified(report));
    // A run that stopped before reading the artifact verified nothing worth remembering.
    if (backup.isPresent() && report.checksumOk().isPresent()) {
      catalog.recordVerification(id, Instant.ofEpochMilli(clock.millis()), report.summary(),
          report.restoreTook());
    }
    context.log(report.summary());
    // With problems an earlier step has failed the run already; without any, a report that is
    // still not ok means the runbook skipped a check, which must not pass as a verification.
    if (report.problems().isEmpty() && !report.ok()) {
      throw new LifeboatException("Backup " + id + " is not verified: "
          + (report.checksumOk().isEmpty() ? "its checksum was not checked"
              : "it was not restored")
          + ". The verify runbook needs backup.verify-checksum and verify.restore-scratch.");
    }
  }
}
