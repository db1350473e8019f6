package dev.lifeboat.backup;

/**
 * How backups are taken (the dump's time limit is the runbook step's timeout).
 *
 * @param compression the value for {@code pg_dump --compress}; gzip level 1 by default because
 *     it is several times faster than pg_dump's default level 6 for roughly 10-20 % more bytes,
 *     and a backup that finishes quickly holds its snapshot (and the server's vacuum) briefly
 */
public record BackupSettings(String compression) {
  public static final String DEFAULT_COMPRESSION = "1";

  public static BackupSettings defaults() {
    return new BackupSettings(DEFAULT_COMPRESSION);
  }
}
