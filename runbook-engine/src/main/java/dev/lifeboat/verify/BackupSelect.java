package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.backup.Sizes;
import dev.lifeboat.run.Ago;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code backup.select}: looks up the backup the plan names (always a concrete id: "latest" is
 * resolved when the plan is made, so approvals name one backup) and hands it to later steps.
 */
public final class BackupSelect implements Step {
  private final BackupCatalog catalog;
  private final Clock clock;

  public BackupSelect(BackupCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public void execute(StepContext context) {
    // Findings first: even a backup that cannot be found is worth a report.
    Shared.findings(context);
    String id = context.param("backup").orElseThrow(() -> new LifeboatException("The plan names "
        + "no backup; start it with a backup id (/backup list shows them) or 'latest'."));
    BackupRecord record = catalog.find(id);
    BackupManifest m = record.manifest();
    String target = context.target().name();
    if (!m.target().equals(target)) {
      throw new LifeboatException("Backup " + m.id() + " belongs to target " + m.target()
          + ", not " + target + ". Pick one of " + target + "'s backups (/backup list " + target
          + ").");
    }
    context.put(Keys.BACKUP, record);
    Duration age = Duration.between(m.finishedAt(), Instant.ofEpochMilli(clock.millis()));
    context.log("backup " + m.id() + " from " + Ago.of(age) + " ago, " + Sizes.human(m.bytes())
        + ", " + m.tables().size() + " tables, in store " + record.store());
  }
}
