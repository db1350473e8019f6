package dev.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.TableCount;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryStoreTest {
  private static final byte[] DUMP = "PGDMP fake dump bytes \u0000\u0001\u0002".getBytes(
      StandardCharsets.UTF_8);

  @TempDir Path tempDir;
  private Path root;
  private LocalDirectoryStore store;

  @BeforeEach
  void createStore() {
    root = tempDir.resolve("backups");
    store = new LocalDirectoryStore("local", root);
  }

  @Test
  void publishedBackupIsListedWithItsManifest() throws IOException {
    BackupManifest manifest = manifest("shop", "20240301T090000Z-r1",
        Instant.parse("2024-03-01T09:00:00Z"), Instant.parse("2024-03-01T09:00:42.5Z"));

    try (Store.PendingBackup pending = store.begin("shop", manifest.id(), 1)) {
      pending.artifact().write(DUMP);
      pending.publish(manifest);
    }

    List<BackupManifest> listed = store.manifests();
    assertThat(listed).containsExactly(manifest);
    BackupManifest read = listed.get(0);
    assertThat(read.tables()).containsExactly(new TableCount("public", "orders", 1200),
        new TableCount("public", "customers", 34));
    assertThat(read.totalRows()).isEqualTo(1234);
    assertThat(read.finishedAt()).isEqualTo(Instant.parse("2024-03-01T09:00:42.5Z"));
    assertThat(read.sha256()).isEqualTo(manifest.sha256());

    Path folder = root.resolve("shop").resolve("20240301T090000Z-r1");
    assertThat(folder.resolve("backup.pgdump")).hasBinaryContent(DUMP);
    assertThat(folder.resolve("manifest.json")).isRegularFile();
    assertThat(store.artifactPath(read)).isEqualTo(folder.resolve("backup.pgdump"));
    assertThat(partials()).isEmpty();
  }

  @Test
  void openArtifactReturnsTheBytes() throws IOException {
    BackupManifest manifest = publish("shop", "b1", Instant.parse("2024-03-01T09:00:00Z"));

    try (InputStream in = store.openArtifact(manifest)) {
      assertThat(in.readAllBytes()).isEqualTo(DUMP);
    }
  }

  @Test
  void manifestsAreListedOldestFirstAcrossTargets() throws IOException {
    BackupManifest newest = publish("shop", "b3", Instant.parse("2024-03-03T00:00:00Z"));
    BackupManifest oldest = publish("billing", "b1", Instant.parse("2024-03-01T00:00:00Z"));
    BackupManifest middle = publish("shop", "b2", Instant.parse("2024-03-02T00:00:00Z"));

    assertThat(store.manifests()).containsExactly(oldest, middle, newest);
  }

  @Test
  void backupClosedWithoutPublishLeavesNothing() throws IOException {
    try (Store.PendingBackup pending = store.begin("shop", "aborted", 1)) {
      pending.artifact().write(DUMP);
    }

    assertThat(store.manifests()).isEmpty();
    assertThat(partials()).isEmpty();
    assertThat(root.resolve("shop").resolve("aborted")).doesNotExist();
    assertThat(store.removeIncomplete(1)).isEmpty();
  }

  @Test
  void backupLeftOpenByAKilledProcessIsHiddenAndRemovedByCleanup() throws IOException {
    BackupManifest kept = publish("shop", "complete", Instant.parse("2024-03-01T00:00:00Z"));
    Store.PendingBackup abandoned = store.begin("shop", "20240302T000000Z-r9", 9);
    abandoned.artifact().write(DUMP);
    abandoned.artifact().flush();
    // The process "dies" here: neither publish nor close is called.
    Store.PendingBackup live = store.begin("other", "20240302T000001Z", 10);
    live.artifact().write(DUMP);

    assertThat(store.manifests()).containsExactly(kept);
    assertThat(partials()).hasSize(2);

    List<String> removed = store.removeIncomplete(9);

    assertThat(removed).containsExactly("shop/20240302T000000Z-r9");
    assertThat(partials()).hasSize(1);
    assertThat(root.resolve("other/.partial-r10-20240302T000001Z/backup.pgdump"))
        .as("another run's backup, live elsewhere, is not touched").exists();
    live.close();
    assertThat(store.manifests()).containsExactly(kept);
    try (InputStream in = store.openArtifact(kept)) {
      assertThat(in.readAllBytes()).isEqualTo(DUMP);
    }
    assertThat(store.removeIncomplete(9)).isEmpty();
    abandoned.artifact().close();
  }

  @Test
  void missingArtifactOfListedBackupIsReported() throws IOException {
    BackupManifest manifest = publish("shop", "b1", Instant.parse("2024-03-01T00:00:00Z"));
    Path artifact = root.resolve("shop/b1/backup.pgdump");
    Files.delete(artifact);

    assertThat(store.manifests()).containsExactly(manifest);
    StoreException e = catchThrowableOfType(() -> store.openArtifact(manifest),
        StoreException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .isEqualTo("Backup b1 is listed but its artifact is missing from store local ("
            + artifact + ").");
  }

  @Test
  void refusesToOverwriteAnExistingBackup() throws IOException {
    publish("shop", "b1", Instant.parse("2024-03-01T00:00:00Z"));

    StoreException e = catchThrowableOfType(() -> store.begin("shop", "b1", 1),
        StoreException.class);

    assertThat(e.getMessage()).isEqualTo("Store local already holds a backup b1.");
    assertThat(root.resolve("shop/b1/backup.pgdump")).hasBinaryContent(DUMP);
  }

  /**
   * BUG: begin() creates {@code .partial-<id>} before it checks that {@code <id>} already exists,
   * and does not remove it when it refuses. The next removeIncomplete() then deletes that folder
   * and reports "shop/b1" as an interrupted backup, although shop/b1 is complete and untouched.
   */
  @Test
  void refusedDuplicateLeavesNothingThatCleanupReportsAsInterrupted() throws IOException {
    publish("shop", "b1", Instant.parse("2024-03-01T00:00:00Z"));
    catchThrowableOfType(() -> store.begin("shop", "b1", 1), StoreException.class);

    assertThat(partials()).as("leftover partial folders").isEmpty();
    assertThat(store.removeIncomplete(1)).as("reported as interrupted backups").isEmpty();
  }

  @Test
  void aDirectoryArtifactIsInvisibleUntilPublishedAndGoneWhenAborted() throws IOException {
    BackupManifest m = manifest("shop", "dir-1", Instant.parse("2024-03-01T09:00:00Z"),
        Instant.parse("2024-03-01T09:01:00Z"));
    BackupManifest manifest = new BackupManifest(m.manifestVersion(), m.id(), m.target(),
        m.database(), m.startedAt(), m.finishedAt(), "backup.dir", "directory", "1", "none",
        DUMP.length * 2L, m.sha256(), m.serverVersion(), m.pgDumpVersion(), m.snapshot(),
        m.tables(), m.createdBy(), m.runId());

    try (Store.PendingBackup pending = store.begin("shop", manifest.id(), 7)) {
      // pg_dump -Fd creates the directory itself, and refuses one that exists.
      assertThat(pending.directory()).doesNotExist();
      Files.createDirectory(pending.directory());
      Files.write(pending.directory().resolve("toc.dat"), DUMP);
      Files.write(pending.directory().resolve("3001.dat.gz"), DUMP);
      assertThat(store.manifests()).isEmpty();
      pending.publish(manifest);
    }

    assertThat(store.manifests()).containsExactly(manifest);
    Path artifact = store.localPath(manifest).orElseThrow();
    assertThat(artifact).isEqualTo(root.resolve("shop/dir-1/backup.dir")).isDirectory();
    assertThat(artifact.resolve("3001.dat.gz")).hasBinaryContent(DUMP);

    try (Store.PendingBackup aborted = store.begin("shop", "dir-2", 8)) {
      Files.createDirectory(aborted.directory());
      Files.write(aborted.directory().resolve("toc.dat"), DUMP);
    }
    assertThat(partials()).isEmpty();
    assertThat(root.resolve("shop/dir-2")).doesNotExist();
  }

  @Test
  void emptyOrMissingStoreListsNothing() {
    assertThat(store.manifests()).isEmpty();
    assertThat(store.removeIncomplete(1)).isEmpty();
    assertThat(store.describe()).isEqualTo("local (" + root.toAbsolutePath().normalize() + ")");
    assertThat(store.freeBytes()).isPresent();
  }

  private BackupManifest publish(String target, String id, Instant finishedAt) throws IOException {
    BackupManifest manifest = manifest(target, id, finishedAt.minusSeconds(30), finishedAt);
    try (Store.PendingBackup pending = store.begin(target, id, 1)) {
      pending.artifact().write(DUMP);
      pending.publish(manifest);
    }
    return manifest;
  }

  private static BackupManifest manifest(String target, String id, Instant startedAt,
      Instant finishedAt) {
    return new BackupManifest(BackupManifest.CURRENT_VERSION, id, target, target + "_db",
        startedAt, finishedAt, "backup.pgdump", "custom", "1", "none", DUMP.length,
        "ab".repeat(32), "16.2", "16.2", "00000003-0000001B-1",
        List.of(new TableCount("public", "orders", 1200),
            new TableCount("public", "customers", 34)),
        "alice", 7);
  }

  private List<Path> partials() throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().startsWith(".partial-")).toList();
    }
  }
}
