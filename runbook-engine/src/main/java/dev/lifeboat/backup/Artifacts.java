package dev.lifeboat.backup;

import dev.lifeboat.encryption.EncryptionKeys;
import dev.lifeboat.postgres.ArchiveInput;
import dev.lifeboat.store.Store;
import dev.lifeboat.store.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a backup's artifact for the steps that check and restore it, from the store the catalog
 * names: as stored (for checksums), or as pg_dump wrote it, decrypted on the way. pg_restore gets
 * the file itself when it lies on this host unencrypted (so {@code --jobs} works), and otherwise
 * a stream, so a backup is never copied whole to memory or to local disk.
 */
public final class Artifacts {
  private final Stores stores;
  private final EncryptionKeys keys;

  public Artifacts(Stores stores, EncryptionKeys keys) {
    this.stores = stores;
    this.keys = keys;
  }

  public Store store(BackupRecord record) {
    return stores.get(record.store());
  }

  public Stores stores() {
    return stores;
  }

  public EncryptionKeys keys() {
    return keys;
  }

  /** The artifact's bytes as stored: ciphertext when it is encrypted. */
  public InputStream openStored(BackupRecord record) {
    return store(record).openArtifact(record.manifest());
  }

  /** The plaintext of {@code stored}, the stored bytes of {@code m}'s file {@code file}. */
  public InputStream decrypted(BackupManifest m, String file, InputStream stored)
      throws IOException {
    if (!m.encrypted()) {
      return stored;
    }
    return keys.decrypt(stored, m.keyId(), EncryptionKeys.associatedData(m.target(), m.id(),
        file));
  }

  /** The file or directory itself, when pg_restore may read it as it is stored. */
  public Optional<Path> plainLocalPath(BackupRecord record) {
    if (record.manifest().encrypted()) {
      return Optional.empty();
    }
    return store(record).localPath(record.manifest());
  }

  /** What pg_restore reads for this backup. */
  public ArchiveInput forPgRestore(BackupRecord record) {
    Optional<Path> path = plainLocalPath(record);
    if (path.isPresent()) {
      return new ArchiveInput.File(path.get());
    }
    BackupManifest m = record.manifest();
    Store store = store(record);
    return new ArchiveInput.Streamed(m.id() + " from store " + store.name()
        + (m.encrypted() ? ", decrypted with key " + m.keyId() : ""),
        () -> decrypted(m, m.artifact(), store.openArtifact(m)));
  }

  /** Whether pg_restore will read a stream (one job) rather than a file. */
  public boolean streamed(BackupRecord record) {
    return plainLocalPath(record).isEmpty();
  }
}
