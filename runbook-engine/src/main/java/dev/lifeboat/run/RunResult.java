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
  /** One line for logs, the CLI and the state database. */
  String summary();

  /** A backup was taken and published. */
  record BackupTaken(BackupManifest manifest, String store) implements RunResult {
    @Override
    public String summary() {
      return "backup " + manifest.id() + " in " + store + ": " + manifest.bytes() + " bytes, "
          + manifest.tables().size() + " tables, " + manifest.totalRows() + " rows, sha256 "
          + manifest.sha256();
    }
  }

  /** A backup was checked by restoring it into a scratch database. */
  record Verified(VerifyReport report) implements RunResult {
    @Override
    public String summary() {
      return "verify " + report.backupId() + ": " + report.summary();
    }
  }

  /** A backup replaced a target database. */
  record Restored(RestoreReport report) implements RunResult {
    @Override
    public String summary() {
      return "restore of " + report.backupId() + " into " + report.database() + " ("
          + report.mode() + ")" + report.keptAs().map(k -> ", previous kept as " + k).orElse("");
    }
  }

  /** A restore drill measured RTO and RPO and wrote its report. */
  record Drilled(DrillReport report) implements RunResult {
    @Override
    public String summary() {
      return "drill of " + report.target() + ": " + (report.passed() ? "passed" : "FAILED")
          + ", report " + report.location();
    }
  }
}
