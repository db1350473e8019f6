package dev.lifeboat.verify;

import dev.lifeboat.target.ConnectionInfo;
import java.time.Duration;

/**
 * A database a backup was restored into.
 *
 * @param connection how to reach it (the verification server's or the target's)
 * @param took how long pg_restore needed: the real RTO for this backup's size
 * @param temporary whether the run created it and must drop it at the end if it is not kept
 */
public record RestoredDatabase(ConnectionInfo connection, Duration took, boolean temporary) {}
