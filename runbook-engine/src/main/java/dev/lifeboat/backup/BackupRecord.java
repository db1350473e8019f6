package dev.lifeboat.backup;

import java.time.Instant;
import java.util.Optional;

/** A backup as the catalog knows it: its manifest, the store holding it, its last verification. */
public record BackupRecord(
    BackupManifest manifest, String store, Optional<Instant> lastVerifiedAt,
    Optional<String> lastVerifyResult) {

  public String id() {
    return manifest.id();
  }
}
