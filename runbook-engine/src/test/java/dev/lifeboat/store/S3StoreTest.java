package dev.lifeboat.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.backup.BackupCatalog;
import dev.lifeboat.backup.BackupManifest;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.state.StateSettings;
import dev.lifeboat.testing.SyntheticBackups;
import dev.lifeboat.testing.TestS3;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 store against S3Proxy, a real implementation of the S3 API, in this JVM. */
class S3StoreTest {
  private static final int MIB = 1 << 20;
  private static TestS3 s3;
  private static int buckets;

  private S3Store store;
  private S3Client client;
  private String bucket;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = TestS3.start();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void newBucket() {
    bucket = "lifeboat-" + ++buckets;
    s3.createBucket(bucket);
    store = new S3Store("offsite", s3.settings(bucket, "prod"), S3Store.client(s3.settings(
        bucket, "prod")));
    client = s3.client();
  }

  @Test
  void aPublishedBackupIsListedAndReadBackByteForByte() throws IOException {
    BackupManifest m = manifest("shop", Instant.parse("2026-11-23T13:08:12Z"));
    byte[] artifact = random(300_000);

    publish(store, m, artifact, 7);

    assertThat(store.manifests()).containsExactly(m);
    try (InputStream in = store.openArtifact(m)) {
      assertThat(in.readAllBytes()).isEqualTo(artifact);
    }
    assertThat(keys()).containsExactlyInAnyOrder("prod/shop/" + m.id() + "/manifest.json",
        "prod/shop/" + m.id() + "/backup.pgdump");
    assertThat(store.describe()).isEqualTo("offsite (s3://" + bucket + "/prod/ at 127.0.0.1)")
        .doesNotContain(TestS3.SECRET_KEY);
  }

  @Test
  void aLargeArtifactGoesUpInPartsAndAPartThatFailsIsSentAgain() throws IOException {
    BackupManifest m = manifest("shop", Instant.parse("2026-11-23T13:08:12Z"));
    byte[] artifact = random(12 * MIB + 777); // three parts of 5 MiB
    int before = s3.partsReceived();
    s3.failPart(2, 1);

    publish(store, m, artifact, 7);

    assertThat(s3.partsReceived() - before).as("three parts, the second one twice").isEqualTo(4);
    try (InputStream in = store.openArtifact(m)) {
      assertThat(in.readAllBytes()).isEqualTo(artifact);
    }
    assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void aFailedUploadLeavesNothingInTheBucket() throws IOException {
    BackupManifest m = manifest("shop", Instant.parse("2026-11-23T13:08:12Z"));
    try (Store.PendingBackup pending = store.begin("shop", m.id(), 7, 0)) {
      pending.artifact().write(random(11 * MIB));
      // pg_dump fails here: the pending backup is closed without a publish.
    }

    assertThat(store.manifests()).isEmpty();
    assertThat(keys()).isEmpty();
    assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).isEmpty();
  }

  /**
   * A process killed during the upload writes no manifest and aborts nothing: its multipart
   * upload and marker stay. Nothing of it looks like a backup, and the recovery of that run
   * (whose lease ran out) removes it all, without touching a live run's upload.
   */
  @Test
  void aKilledUploadIsNoBackupAndOnlyItsOwnRunsRecoveryRemovesIt() throws IOException {
    BackupManifest killed = manifest("shop", Instant.parse("2026-11-23T13:08:12Z"));
    BackupManifest live = manifest("shop", Instant.parse("2026-11-23T14:00:00Z"));
    Store.PendingBackup abandoned = store.begin("shop", killed.id(), 9, 0);
    abandoned.artifact().write(random(6 * MIB)); // one part sent, then the process dies
    Store.PendingBackup going = store.begin("shop", live.id(), 10, 0);
    going.artifact().write(random(6 * MIB));

    assertThat(store.manifests()).isEmpty();
    assertThat(keys()).noneMatch(k -> k.endsWith("manifest.json"));
    assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads()).hasSize(2);

    assertThat(store.removeIncomplete(9)).containsExactly("shop/" + killed.id());

    assertThat(client.listMultipartUploads(r -> r.bucket(bucket)).uploads())
        .singleElement().satisfies(u -> assertThat(u.key()).contains(live.id()));
    assertThat(keys()).noneMatch(k -> k.contains(killed.id()));
    assertThat(store.removeIncomplete(9)).isEmpty();
    going.publish(live);
    assertThat(store.manifests()).containsExactly(live);
    assertThat(keys()).noneMatch(k -> k.contains(".partial"));
  }

  @Test
  void theCatalogIsRebuiltFromTheBucketAlone(@TempDir Path dir) throws IOException {
    BackupManifest older = manifest("shop", Instant.parse("2026-11-22T13:00:00Z"));
    BackupManifest newer = manifest("shop", Instant.parse("2026-11-23T13:00:00Z"));
    publish(store, older, random(1000), 1);
    publish(store, newer, random(2000), 2);

    try (StateDatabase state = StateDatabase.open(StateSettings.embedded(dir.resolve("s")))) {
      BackupCatalog catalog = new BackupCatalog(state);
      BackupCatalog.Sync sync = catalog.rebuild(List.of(store));

      assertThat(sync.added()).isEqualTo(2);
      assertThat(sync.unreachable()).isEmpty();
      BackupRecord latest = catalog.latest("shop").orElseThrow();
      assertThat(latest.id()).isEqualTo(newer.id());
      assertThat(latest.stores()).containsExactly("offsite");
    }
  }

  @Test
  void aDeletedBackupStopsBeingOneAndLeavesNoObjects() throws IOException {
    BackupManifest m = manifest("shop", Instant.parse("2026-11-23T13:08:12Z"));
    publish(store, m, random(1000), 1);

    assertThat(store.delete(m)).isTrue();

    assertThat(store.manifests()).isEmpty();
    assertThat(keys()).isEmpty();
    assertThat(store.delete(m)).isFalse();
  }

  @Test
  void aSecondBackupWithTheSameIdIsRefused() throws IOException {
    BackupManifest m = manifest("shop", Instant.parse("2026-11-23T13:08:12Z"));
    publish(store, m, random(1000), 1);

    assertThatThrownBy(() -> store.begin("shop", m.id(), 2, 0))
        .isInstanceOf(StoreException.class)
        .hasMessage("Store offsite already holds a backup " + m.id() + ".");
  }

  @Test
  void aStoreThatCannotBeReachedSaysWhereAndWhatToCheck() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    S3Settings down = new S3Settings("lifeboat", "", "us-east-1",
        Optional.of(URI.create("http://127.0.0.1:" + port)), true, s3.settings(bucket, "")
            .accessKeyId(), s3.settings(bucket, "").secretAccessKey(), S3Settings.MIN_PART);
    try (S3Store unreachable = new S3Store("offsite", down, S3Store.client(down))) {
      assertThatThrownBy(unreachable::probe).isInstanceOf(StoreException.class)
          .hasMessageStartingWith("Store offsite cannot reach s3://lifeboat/ at 127.0.0.1: ")
          .hasMessageContaining("check the endpoint, the network and that the bucket exists")
          .message().doesNotContain(TestS3.SECRET_KEY);
    }
  }

  @Test
  void aMissingBucketIsNamed() {
    S3Store missing = new S3Store("offsite", s3.settings("no-such-bucket", ""),
        S3Store.client(s3.settings("no-such-bucket", "")));

    assertThatThrownBy(() -> missing.begin("shop", "shop-1", 1, 0))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("Store offsite")
        .hasMessageContaining("s3://no-such-bucket/");
  }

  @Test
  void thePartSizeGrowsWithTheExpectedSizeSoTenThousandPartsAreNeverReached() {
    assertThat(store.partSize(0)).isEqualTo(S3Settings.MIN_PART);
    assertThat(store.partSize(10L << 30)).isEqualTo(S3Settings.MIN_PART);
    assertThat(store.partSize(200L << 30)).isEqualTo(23 * MIB);
    assertThat((200L << 30) / store.partSize(200L << 30)).isLessThan(10_000);
  }

  private static void publish(Store store, BackupManifest m, byte[] artifact, long runId)
      throws IOException {
    try (Store.PendingBackup pending = store.begin(m.target(), m.id(), runId, 0)) {
      OutputStream out = pending.artifact();
      for (int off = 0; off < artifact.length; off += 65536) {
        out.write(artifact, off, Math.min(65536, artifact.length - off));
      }
      pending.publish(m);
    }
  }

  private List<String> keys() {
    return client.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream()
        .map(S3Object::key).toList();
  }

  private static BackupManifest manifest(String target, Instant finishedAt) {
    return SyntheticBackups.manifest(target, finishedAt, 1000);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
