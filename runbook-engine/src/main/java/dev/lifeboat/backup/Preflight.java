package dev.lifeboat.backup;

import dev.lifeboat.postgres.PgInstallation;

/** What the backup preflight learned, for the dump step. */
public record Preflight(String serverVersion, int serverMajor, PgInstallation tools,
    long databaseBytes) {}
