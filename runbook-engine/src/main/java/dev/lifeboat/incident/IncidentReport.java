package dev.lifeboat.incident;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an incident measured, for its summary in the channel; the markdown report written with
 * the backups says the same at length.
 *
 * @param open from the start to the resolution
 * @param detect from the first alert of the target to the incident's start, when one came first
 * @param detectedBy that alert ("al2")
 * @param restore the last successful restore that ran in the incident
 * @param runs every run that belonged to it, in order
 * @param followups what is left to do
 * @param location where the markdown report was written
 */
public record IncidentReport(Duration open, Optional<Duration> detect,
    Optional<String> detectedBy, Optional<Restore> restore, List<RunLine> runs,
    List<String> checksPassed, List<String> checksFailed, List<String> followups,
    String location, String markdown) {

  public IncidentReport {
    runs = List.copyOf(runs);
    checksPassed = List.copyOf(checksPassed);
    checksFailed = List.copyOf(checksFailed);
    followups = List.copyOf(followups);
  }

  /**
   * The restore that brought the data back, as measured.
   *
   * @param took its duration: the measured RTO
   * @param snapshotAt when the restored backup's snapshot was taken; empty when the backup is no
   *     longer in the catalog
   * @param lossWindow from that snapshot to the restore's start: the writes that are not in the
   *     restored database, the measured RPO
   */
  public record Restore(String run, String backup, Instant startedAt, Instant finishedAt,
      Duration took, Duration rto, Optional<Instant> snapshotAt, Optional<Duration> lossWindow,
      Duration rpo) {}

  /** One run of the incident: what, who asked, who approved, how it ended. */
  public record RunLine(String ref, String runbook, String target, String requestedBy,
      List<String> approvedBy, String state, Optional<Duration> took) {
    public RunLine {
      approvedBy = List.copyOf(approvedBy);
    }
  }
}
