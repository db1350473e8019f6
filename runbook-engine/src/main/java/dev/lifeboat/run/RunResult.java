package dev.lifeboat.run;

import dev.lifeboat.backup.BackupManifest;

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
}
