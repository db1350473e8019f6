package dev.lifeboat.run;

import java.time.Instant;
import java.util.Optional;

/** A run that is queued or going, as {@code /backup status} and a busy target show it. */
public record ActiveRun(RunInfo info, Optional<Instant> startedAt, Optional<String> step,
    String progress) {}
