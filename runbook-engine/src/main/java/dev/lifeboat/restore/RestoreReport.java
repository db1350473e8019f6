package dev.lifeboat.restore;

import java.time.Duration;
import java.util.Optional;

/**
 * What a restore did.
 *
 * @param database the target database that now holds the backup's data
 * @param mode "side-by-side" or "in-place"
 * @param keptAs the previous database's new name (side-by-side), for rollback
 * @param safetyBackup the backup taken of the previous state first (in-place)
 */
public record RestoreReport(String backupId, String database, String mode, Optional<String> keptAs,
    Optional<String> safetyBackup, Duration took) {}
