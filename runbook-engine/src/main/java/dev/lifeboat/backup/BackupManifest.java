package dev.lifeboat.backup;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a backup is, written next to its artifact as JSON, last. The manifests in the stores are
 * the source of truth: the catalog in the state database can be rebuilt from them.
 *
 * @param artifact the artifact's file name inside the backup's folder
 * @param format pg_dump's format ("custom" for -Fc)
 * @param compression the value given to pg_dump --compress
 * @param snapshot the exported snapshot the dump and the row counts share
 */
public record BackupManifest(
    int manifestVersion,
    String id,
    String target,
    String database,
    Instant startedAt,
    Instant finishedAt,
    String artifact,
    String format,
    String compression,
    String encryption,
    long bytes,
    String sha256,
    String serverVersion,
    String pgDumpVersion,
    String snapshot,
    List<TableCount> tables,
    String createdBy,
    long runId) {

  public static final int CURRENT_VERSION = 1;

  public BackupManifest {
    tables = List.copyOf(tables);
  }

  @JsonIgnore
  public long totalRows() {
    return tables.stream().mapToLong(TableCount::rows).sum();
  }

  @JsonIgnore
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
