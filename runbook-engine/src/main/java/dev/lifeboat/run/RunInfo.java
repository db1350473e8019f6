package dev.lifeboat.run;

import java.time.Instant;
import java.util.Map;

/** The identity of a run, carried by each of its events. */
public record RunInfo(
    long id, String runbook, String target, String requestedBy, Origin origin,
    Map<String, String> params, Instant createdAt) {

  public RunInfo {
    params = Map.copyOf(params);
  }

  /** How people refer to it: /cancel r12. */
  public String ref() {
    return "r" + id;
  }
}
