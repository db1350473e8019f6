package dev.lifeboat.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where runs and their events are kept, so a restart can tell which runs were interrupted. */
public interface RunRepository {
  RunInfo create(String runbook, String target, String planHash, Map<String, String> params,
      String requestedBy, Origin origin, Instant at);

  void started(long runId, Instant at);

  void finished(long runId, RunState state, Instant at, String summary, String error);

  void event(long runId, Instant at, String type, String body);

  Optional<RunRecord> find(long runId);

  /** Newest first. */
  List<RunRecord> recent(int limit);

  /** Runs left queued or running by a process that is gone. */
  List<RunRecord> unfinished();

  /** The last step a run started, from its events. */
  Optional<String> lastStep(long runId);
}
