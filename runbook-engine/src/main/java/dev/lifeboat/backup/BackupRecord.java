package dev.lifeboat.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A backup as the catalog knows it: its manifest, the store holding it, its last verification.
 *
 * @param store the store it is read from (the primary, or the first copy that holds it)
 * @param lastRestoreTook how long the last verification's restore took (the measured RTO)
 * @param stores every store that holds it, {@code store} first
 */
public record BackupRecord(
    BackupManifest manifest, String store, Optional<Instant> lastVerifiedAt,
    Optional<String> lastVerifyResult, Optional<Duration> lastRestoreTook,
    java.util.List<String> stores) {

  public BackupRecord {
    stores = stores.isEmpty() ? java.util.List.of(store) : java.util.List.copyOf(stores);
  }

  /** A backup in one store. */
  public BackupRecord(BackupManifest manifest, String store, Optional<Instant> lastVerifiedAt,
      Optional<String> lastVerifyResult, Optional<Duration> lastRestoreTook) {
    this(manifest, store, lastVerifiedAt, lastVerifyResult, lastRestoreTook,
        java.util.List.of(store));
  }

  public String id() {
    return manifest.id();
  }

  /** Whether its last verification restored it and found it whole. */
  public boolean verifiedGood() {
    return lastVerifiedAt.isPresent() && lastVerifyResult.filter(r -> r.startsWith("ok")).isPresent();
  }
}
