package dev.lifeboat.incident;

import java.time.Instant;
import java.util.Optional;

/**
 * What Lifeboat saw of a target's database when it last looked.
 *
 * @param bytes its size on disk, when it could be read
 * @param problem why it could not be reached, in the driver's words (never credentials)
 */
public record DatabaseState(boolean reachable, Optional<Long> bytes, Optional<String> problem,
    Instant at) {}
