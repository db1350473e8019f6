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
 * @param encryption {@code none}, or the cipher of the stored artifact (and of its globals);
 *     {@code bytes} and {@code sha256} are always those of the bytes as stored
 * @param keyId the id of the key it was encrypted with (lifeboat.yaml encryption.keys); null
 *     when not encrypted
 * @param globals the roles the database uses, stored beside the artifact; null when not taken
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
    long runId,
    String keyId,
    Globals globals) {

  public static final int CURRENT_VERSION = 1;

  public BackupManifest {
    tables = List.copyOf(tables);
  }

  /** A manifest of a backup stored as pg_dump wrote it, without its globals. */
  public BackupManifest(int manifestVersion, String id, String target, String database,
      Instant startedAt, Instant finishedAt, String artifact, String format, String compression,
      String encryption, long bytes, String sha256, String serverVersion, String pgDumpVersion,
      String snapshot, List<TableCount> tables, String createdBy, long runId) {
    this(manifestVersion, id, target, database, startedAt, finishedAt, artifact, format,
        compression, encryption, bytes, sha256, serverVersion, pgDumpVersion, snapshot, tables,
        createdBy, runId, null, null);
  }

  /**
   * The cluster's roles and settings that the database needs (owners, grantees), as SQL from
   * {@code pg_dumpall --globals-only --no-role-passwords}, reduced to those roles.
   *
   * @param file its name beside the artifact
   * @param bytes its size as stored (encrypted like the artifact when that is)
   * @param sha256 of the bytes as stored
   */
  public record Globals(String file, long bytes, String sha256, List<String> roles) {
    public Globals {
      roles = List.copyOf(roles);
    }
  }

  /** Whether the stored artifact must be decrypted before pg_restore can read it. */
  @JsonIgnore
  public boolean encrypted() {
    return encryption != null && !encryption.equals("none");
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
