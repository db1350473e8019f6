package dev.lifeboat.run;

import java.time.Instant;
import java.util.Optional;

/** A run as the state database knows it. */
public record RunRecord(
    RunInfo info, RunState state, Optional<Instant> startedAt, Optional<Instant> finishedAt,
    Optional<String> summary, Optional<String> error) {}
