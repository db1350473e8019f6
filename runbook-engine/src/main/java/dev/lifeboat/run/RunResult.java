package dev.lifeboat.run;

import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.drill.DrillReport;
import dev.lifeboat.restore.RestoreReport;
import dev.lifeboat.verify.VerifyReport;

/**
 * What a run produced, for the final summary. Sealed, so each renderer's switch is checked by the
 * compiler when a new kind of result appears.
 */
public sealed interface RunResult {
  /** One line for logs and the state database, in the words every renderer uses. */
  default String summary() {
    return dev.lifeboat.present.ResultView.plain(this);
  }

  /** A backup was taken and published in {@code stores}, the primary first. */
  record BackupTaken(BackupManifest manifest, java.util.List<String> stores) implements RunResult {
    public BackupTaken {
      stores = java.util.List.copyOf(stores);
    }

    /** Where it is read from: the first store that holds it. */
    public String store() {
      return stores.get(0);
    }
  }

  /** A backup was checked by restoring it into a scratch database. */
  record Verified(VerifyReport report) implements RunResult {}

  /** A backup replaced a target database. */
  record Restored(RestoreReport report) implements RunResult {}

  /** A restore drill measured RTO and RPO and wrote its report. */
  record Drilled(DrillReport report) implements RunResult {}
}
