package dev.lifeboat.store;

import dev.lifeboat.backup.BackupManifest;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where artifacts live. A backup becomes visible only when {@link PendingBackup#publish} has
 * written its manifest, last; a process killed before that leaves nothing that looks like a
 * backup, and {@link #removeIncomplete(long)} sweeps what it left.
 */
public interface Store {
  String name();

  /** Where this store is, for people (never with credentials). */
  String describe();

  /** Starts writing a backup for run {@code runId}, whose leftovers are then its own. */
  PendingBackup begin(String target, String backupId, long runId);

  /** Every complete backup in this store, oldest first. */
  List<BackupManifest> manifests();

  InputStream openArtifact(BackupManifest manifest);

  /**
   * A file or directory pg_restore can read (seekable, so {@code --jobs} works). Local stores
   * return the artifact itself; remote stores will download it first.
   */
  java.nio.file.Path localCopy(BackupManifest manifest);

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

  /**
   * A backup being written: bytes go to {@link #artifact()}, or a tool writes a directory at
   * {@link #directory()}; then it is published or aborted.
   */
  interface PendingBackup extends AutoCloseable {
    /** The single-file artifact, streamed. */
    OutputStream artifact();

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
