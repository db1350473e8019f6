package dev.lifeboat.backup;

import dev.lifeboat.LifeboatException;

/**
 * How backups are taken (the dump's time limit is the runbook step's timeout).
 *
 * @param compression the value for {@code pg_dump --compress}, or {@code auto}: zstd level 1 with
 *     a pg_dump of 16 or newer, else gzip level 1. Both are several times faster than pg_dump's
 *     default (gzip level 6) for 10-20 % more bytes, and a backup that finishes quickly holds its
 *     snapshot (and the server's vacuum) briefly; zstd 1 compresses smaller than gzip 1, and
 *     faster (see docs/operations.md for what was measured and what could not be)
 * @param format {@code custom} (one file, {@code -Fc}), {@code directory} ({@code -Fd}, one file
 *     per table, dumped and restored with {@code jobs} in parallel) or {@code auto}: directory
 *     from {@link #DIRECTORY_FROM_BYTES} of database size on, when {@code jobs} is above 1
 * @param jobs parallel pg_dump workers for the directory format; each holds a connection and a
 *     server backend busy
 */
public record BackupSettings(String compression, String format, int jobs) {
  public static final String AUTO = "auto";
  public static final String CUSTOM = "custom";
  public static final String DIRECTORY = "directory";
  /**
   * Measured on 2 cores with bench/shop.sql: at 146 MB, {@code -Fd -j2} took as long as
   * {@code -Fc} (pg_dump's compression and the server's backend already keep both cores busy),
   * and a single file is simpler to copy and check; at 550 MB it was 12-20 % faster to dump and
   * up to 10 % faster to restore, in the same runs. With 4+ cores the gain grows with the cores
   * that compress and restore tables side by side.
   */
  public static final long DIRECTORY_FROM_BYTES = 512L << 20;
  public static final int MAX_JOBS = 16;

  public BackupSettings {
    if (jobs < 1 || jobs > MAX_JOBS) {
      throw new IllegalArgumentException("jobs must be 1-" + MAX_JOBS + ": " + jobs);
    }
  }

  public static BackupSettings defaults() {
    return new BackupSettings(AUTO, AUTO, defaultJobs());
  }

  /** The cores here, from 2 to 4: the server's cores are unknown, and each job costs one. */
  public static int defaultJobs() {
    return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /** The format for a database of {@code databaseBytes}. */
  public String formatFor(long databaseBytes) {
    if (!format.equals(AUTO)) {
      return format;
    }
    return jobs > 1 && databaseBytes >= DIRECTORY_FROM_BYTES ? DIRECTORY : CUSTOM;
  }

  /** The {@code --compress} value for this pg_dump: 16 understands "zstd:1", "lz4", "gzip:1". */
  public String compressionFor(int pgDumpMajor) {
    String c = compression;
    if (c.equals(AUTO)) {
      return pgDumpMajor >= 16 ? "zstd:1" : "1";
    }
    if (pgDumpMajor >= 16 || c.matches("\\d")) {
      return c;
    }
    if (c.equals("none")) {
      return "0";
    }
    if (c.matches("gzip(:\\d)?")) {
      return c.length() > 5 ? c.substring(5) : "6";
    }
    throw new LifeboatException("backup.compression: " + c + " needs pg_dump 16 or newer; this "
        + "pg_dump is " + pgDumpMajor + ". Use a gzip level such as 1, or auto, or install a "
        + "newer postgresql-client.");
  }
}
