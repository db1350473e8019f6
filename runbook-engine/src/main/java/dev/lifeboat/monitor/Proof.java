package dev.lifeboat.monitor;

import dev.lifeboat.backup.BackupRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether the newest backups are proven restorable. A backup is unproven when it has waited
 * longer than the verify window and neither it nor any newer backup has been verified since:
 * with a backup every 15 minutes and one verification a day, the one verified stands for
 * those before it, and "last known restorable" is never a guess.
 */
public final class Proof {
  private Proof() {}

  /**
   * The oldest backup taken after the newest verified one (or the oldest of all, when none is
   * verified), if it has waited longer than {@code window}.
   *
   * @param newestFirst the target's recent backups, newest first
   */
  public static Optional<BackupRecord> unproven(List<BackupRecord> newestFirst, Duration window,
      Instant now) {
    BackupRecord waiting = null;
    for (BackupRecord b : newestFirst) {
      if (b.lastVerifiedAt().isPresent()) {
        break;
      }
      waiting = b;
    }
    if (waiting == null
        || Duration.between(waiting.manifest().finishedAt(), now).compareTo(window) <= 0) {
      return Optional.empty();
    }
    return Optional.of(waiting);
  }
}
