package dev.lifeboat.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A backup as the catalog knows it: its manifest, the store holding it, its last verification.
 *
 * @param lastRestoreTook how long the last verification's restore took (the measured RTO)
 */
public record BackupRecord(
    BackupManifest manifest, String store, Optional<Instant> lastVerifiedAt,
    Optional<String> lastVerifyResult, Optional<Duration> lastRestoreTook) {

  public String id() {
    return manifest.id();
  }

  /** Whether its last verification restored it and found it whole. */
  public boolean verifiedGood() {
    return lastVerifiedAt.isPresent() && lastVerifyResult.filter(r -> r.startsWith("ok")).isPresent();
  }
}
