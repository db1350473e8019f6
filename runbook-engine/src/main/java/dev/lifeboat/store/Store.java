package dev.lifeboat.store;

import dev.lifeboat.backup.BackupManifest;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where artifacts live. A backup becomes visible only when {@link PendingBackup#publish} has
 * written its manifest, last; a process killed before that leaves nothing that looks like a
 * backup, and {@link #removeIncomplete(long)} sweeps what it left.
 */
public interface Store extends AutoCloseable {
  String name();

  /** Where this store is, for people (never with credentials). */
  String describe();

  /** Starts writing a backup for run {@code runId}, whose leftovers are then its own. */
  PendingBackup begin(String target, String backupId, long runId);

  /**
   * As {@link #begin(String, String, long)}, told how large the artifact may grow (the
   * database's size is an upper bound), for stores that size their uploads by it.
   */
  default PendingBackup begin(String target, String backupId, long runId, long expectedBytes) {
    return begin(target, backupId, runId);
  }

  /** Every complete backup in this store, oldest first. */
  List<BackupManifest> manifests();

  InputStream openArtifact(BackupManifest manifest);

  /** Another file of the backup (e.g. its roles), as listed in its manifest. */
  InputStream openFile(BackupManifest manifest, String fileName);

  /**
   * The artifact as a file or directory on this host that pg_restore can read itself (seekable,
   * so {@code --jobs} works): local stores have one; remote stores stream and return empty.
   *
   * @throws StoreException when the store should have it but it is missing
   */
  Optional<java.nio.file.Path> localPath(BackupManifest manifest);

  /** Stores a report (e.g. a drill's markdown) with the target's backups; returns where. */
  String writeReport(String target, String name, String content);

  /**
   * Checks that the store can be reached and written now, cheaply (no listing), for the
   * monitors.
   *
   * @throws StoreException saying what is wrong
   */
  void probe();

  /** Free space, when the store can tell. */
  OptionalLong freeBytes();

  /**
   * Deletes a backup, manifest first in effect: it stops being a backup before its bytes go, so
   * an interrupted delete leaves a hidden folder, never something that looks like a backup.
   *
   * @return false when this store did not hold it
   */
  boolean delete(BackupManifest manifest);

  /**
   * Removes what run {@code runId} left half-written, and nothing of other runs (they may be
   * live in another process); returns what was removed, for the channel.
   */
  List<String> removeIncomplete(long runId);

  /** Releases connections; the default holds none. */
  @Override
  default void close() {}

  /**
   * A backup being written: bytes go to {@link #artifact()}, or a tool writes a directory at
   * {@link #directory()}; then it is published or aborted.
   */
  interface PendingBackup extends AutoCloseable {
    /** The single-file artifact, streamed. */
    OutputStream artifact();

    /** A further small file beside the artifact (closed by the caller before the publish). */
    OutputStream file(String name);

    /**
     * Where a tool creates a directory artifact itself (pg_dump -Fd refuses one that exists):
     * a local path inside the pending backup, not visible to readers until the publish.
     */
    java.nio.file.Path directory();

    /** Writes the manifest and makes the backup visible, atomically. */
    void publish(BackupManifest manifest);

    /** Removes everything written so far; does nothing after a publish. */
    @Override
    void close();
  }
}
