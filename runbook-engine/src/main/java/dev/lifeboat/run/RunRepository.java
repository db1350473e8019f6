package dev.lifeboat.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where runs and their events are kept, so a restart can tell which runs were interrupted. */
public interface RunRepository {
  /**
   * Records a queued run and, in the same transaction, its lease on the target.
   *
   * @throws TargetLeasedException when another run holds the target's lease
   */
  RunInfo create(String runbook, String target, String planHash, Map<String, String> params,
      String requestedBy, Origin origin, Instant at, Instance owner, Instant leaseUntil);

  void started(long runId, Instant at);

  /**
   * Records the outcome and gives up the run's lease, in one transaction, if {@code owner}
   * still holds it (or nobody does).
   *
   * @return false when another instance took the run over meanwhile: its outcome is theirs
   */
  boolean finished(long runId, Instance owner, RunState state, Instant at, String summary,
      String error);

  /** Extends every lease {@code owner} holds; returns the leases it still holds. */
  List<RunLease> renew(Instance owner, Instant now, Instant until);

  /** Asks the owner of a run, wherever it is, to cancel it; false if the run holds no lease. */
  boolean requestCancel(long runId, String by);

  /** Every lease: the runs going in any process. */
  List<RunLease> leases();

  /** The lease on a target, if it is busy. */
  Optional<RunLease> lease(String target);

  /** The lease a run holds, if any. */
  Optional<RunLease> leaseOf(long runId);

  /**
   * Takes over an abandoned lease, only if it is still exactly as {@code seen} (so of two
   * instances recovering at once, one wins).
   */
  boolean takeOver(RunLease seen, Instance owner, Instant now, Instant until);

  /**
   * Leases the target for a run that holds no lease (left by a shutdown that released it, or by
   * a version before leases); false when the target is busy, so recovery waits for it.
   */
  boolean claim(RunRecord orphan, Instance owner, Instant now, Instant until);

  /**
   * Gives up a lease without finishing the run, so the next start anywhere recovers it at once
   * (a shutdown whose cleanup could not finish).
   */
  void release(long runId, Instance owner);

  void event(long runId, Instant at, String type, String body);

  Optional<RunRecord> find(long runId);

  /** Newest first. */
  List<RunRecord> recent(int limit);

  /** Runs left queued or running by a process that is gone. */
  List<RunRecord> unfinished();

  /** The last step a run started, from its events. */
  Optional<String> lastStep(long runId);
}
