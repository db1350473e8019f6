package dev.lifeboat.incident;

import dev.lifeboat.approval.ApprovalRequest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.run.ActiveRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the incident's people need to decide, at one moment: how much data a restore would lose
 * (the newest good backup's age), how long it would take (the last verification's measured
 * restore), the database's state, what is waiting or running, and the ways back.
 *
 * @param newestGood the newest backup whose verification did not fail
 * @param lastVerified the newest backup that was verified, with its measured restore time
 * @param database empty until Lifeboat has looked
 * @param pending approval requests waiting on the target
 * @param active the run going on the target
 * @param pointInTime the provider's point-in-time recovery, when the config names it
 */
public record Assessment(String target, Duration rpo, Duration rto,
    Optional<BackupRecord> newestGood, Optional<BackupRecord> lastVerified,
    Optional<DatabaseState> database, List<ApprovalRequest> pending, Optional<ActiveRun> active,
    Optional<IncidentSettings.PointInTime> pointInTime, Instant at) {

  public Assessment {
    pending = List.copyOf(pending);
  }

  /** The data a restore of the newest good backup would lose if it started now. */
  public Optional<Duration> lossIfRestoredNow() {
    return newestGood.map(b -> Duration.between(b.manifest().startedAt(), at));
  }

  /** The restore time the last verification measured: what to expect. */
  public Optional<Duration> expectedRestore() {
    return lastVerified.flatMap(BackupRecord::lastRestoreTook);
  }
}
