package dev.lifeboat.restore;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupDump;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;

/**
 * {@code backup.safety}: before an in-place restore overwrites the target, a full backup of what
 * it holds now, published like any other, so the restore can itself be undone. Side by side
 * needs none: the current database is kept under another name.
 */
public final class SafetyBackup implements Step {
  private final BackupDump dump;
  private final BackupCatalog catalog;

  public SafetyBackup(BackupDump dump, BackupCatalog catalog) {
    this.dump = dump;
    this.catalog = catalog;
  }

  @Override
  public void execute(StepContext context) throws Exception {
    if (RestoreMode.of(context) != RestoreMode.IN_PLACE) {
      context.log("side-by-side: the current database is kept, no safety backup needed");
      return;
    }
    String target = context.target().name();
    context.log("taking a safety backup of " + context.target().connection().database()
        + " before it is restored over");
    dump.execute(context);
    // The dump publishes a normal backup; this run's is the newest of the target, and its
    // manifest names the run, which tells it from one another run might have published.
    BackupRecord safety = catalog.latest(target)
        .filter(b -> b.manifest().runId() == context.run().id())
        .orElseThrow(() -> new LifeboatException("The safety backup of " + target + " was "
            + "taken but is not in the catalog; nothing was restored. /backup list " + target
            + " shows what is there."));
    context.put(RestoreKeys.SAFETY_BACKUP, safety.id());
    context.log("safety backup " + safety.id() + " holds " + target + " as it was; to go back: "
        + "/restore " + safety.id() + " " + target + " in-place");
  }
}
