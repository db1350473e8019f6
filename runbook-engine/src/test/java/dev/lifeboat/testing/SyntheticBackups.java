package dev.lifeboat.testing;

import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * Backups made without pg_dump, for tests of what Lifeboat decides about many of them
 * (retention over a year, size changes): a manifest and a few bytes, in a real store and the
 * real catalog when given, or as catalog records only.
 */
public final class SyntheticBackups {
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private SyntheticBackups() {}

  public static BackupManifest manifest(String target, Instant finishedAt, long bytes) {
    return new BackupManifest(1, target + "-" + ID.format(finishedAt), target, target,
        finishedAt.minus(Duration.ofMinutes(1)), finishedAt, "backup.pgdump", "custom", "1",
        "none", bytes, "0".repeat(64), "15.0", "15.0", "", List.of(), "test", 0);
  }

  public static BackupRecord record(String target, Instant finishedAt) {
    return new BackupRecord(manifest(target, finishedAt, 1000), "local", Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  /** Writes a backup into the store and records it in the catalog, as a backup run would. */
  public static BackupManifest put(Store store, BackupCatalog catalog, String target,
      Instant finishedAt, long bytes) {
    BackupManifest m = manifest(target, finishedAt, bytes);
    try (Store.PendingBackup pending = store.begin(target, m.id(), 0)) {
      pending.artifact().write(new byte[] {1, 2, 3});
      pending.publish(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    catalog.record(m, store.name());
    return m;
  }
}
