package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.runbook.StepContext;

/**
 * Reads the values one verification step leaves for the next, with a message that names the
 * missing step when a runbook puts them in the wrong order.
 */
final class Shared {
  private Shared() {}

  static BackupRecord backup(StepContext context) {
    return context.get(Keys.BACKUP).orElseThrow(() -> new LifeboatException("Step "
        + context.step().id() + " needs a backup, but none was selected: put backup.select "
        + "before it in the runbook."));
  }

  static RestoredDatabase restored(StepContext context) {
    return context.get(Keys.RESTORED).orElseThrow(() -> new LifeboatException("Step "
        + context.step().id() + " checks a restored copy, but nothing was restored: put "
        + "verify.restore-scratch (or postgres.restore) before it in the runbook."));
  }

  /** The run's findings, created on first use so any step can record what it saw. */
  static Findings findings(StepContext context) {
    return context.get(Keys.FINDINGS).orElseGet(() -> {
      Findings findings = new Findings();
      context.put(Keys.FINDINGS, findings);
      return findings;
    });
  }
}
