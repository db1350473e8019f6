package dev.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.access.Person;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.Reply;
import dev.lifeboat.encryption.EncryptionKeys;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.present.Line;
import dev.lifeboat.present.ReplyLines;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunState;
import dev.lifeboat.store.LocalDirectoryStore;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.RecordingSink;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import dev.lifeboat.testing.TestS3;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A target with a local store plus an encrypted off-site copy in S3 (S3Proxy in process), through
 * the commands people type: /backup now, /verify, an approved /restore, and the catalog found
 * again from the bucket alone.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class OffsiteIT {
  private static final Origin ORIGIN = Origin.of("test");
  private static TestS3 s3;
  private static int buckets;

  @TempDir Path dir;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = TestS3.start();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @Test
  void anEncryptedOffsiteCopyBacksUpVerifiesRestoresAndIsFoundFromTheBucketAlone(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    BackupIT.createShop(db);
    Map<String, Long> expected = BackupIT.counts(db);
    String bucket = newBucket();
    TestConfig config = config(db, bucket, key(1));
    String id;
    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);

      LifeboatEvent.RunFinished backup = BackupIT.backup(lifeboat, "alice", "shop", events);

      assertThat(backup.state()).as("error: %s", backup.error()).isEqualTo(RunState.SUCCEEDED);
      BackupRecord record = lifeboat.catalog().latest("shop").orElseThrow();
      id = record.id();
      BackupManifest m = record.manifest();
      assertThat(record.stores()).containsExactly("local", "offsite");
      assertThat(m.encryption()).isEqualTo(EncryptionKeys.ALGORITHM);
      assertThat(m.keyId()).isEqualTo("k1");
      // What is stored, in both places, is ciphertext, and the checksum is of it.
      Path local = ((LocalDirectoryStore) lifeboat.stores().get("local")).artifactPath(m);
      byte[] stored = Files.readAllBytes(local);
      assertThat(new String(stored, 0, 5)).isNotEqualTo("PGDMP");
      assertThat(sha256(stored)).isEqualTo(m.sha256());
      assertThat(sha256(object(bucket, "prod/shop/" + id + "/backup.pgdump")))
          .isEqualTo(m.sha256());
      assertThat(backup.results()).singleElement().satisfies(r ->
          assertThat(r.summary()).contains("stores local, offsite"));
      assertThat(logs(events, backup)).anySatisfy(l ->
          assertThat(l).contains("copy in offsite read back: sha256 matches"));
      // The roles the database uses are beside it, encrypted too, and listed in the manifest.
      assertThat(m.globals()).isNotNull();
      assertThat(m.globals().roles()).contains(db.cluster().superuser());
      Path globals = local.resolveSibling(RoleGlobals.FILE);
      assertThat(sha256(Files.readAllBytes(globals))).isEqualTo(m.globals().sha256());
      try (InputStream in = lifeboat.config().encryption().decrypt(Files.newInputStream(globals),
          "k1", EncryptionKeys.associatedData("shop", id, RoleGlobals.FILE))) {
        String sql = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(sql).contains("CREATE ROLE").doesNotContain("PASSWORD '");
      }
      Reply list = lifeboat.commands().execute(lifeboat.commands().access().person("alice"),
          new Command.BackupList(Optional.of("shop")), ORIGIN);
      assertThat(Line.plain(ReplyLines.of(list))).contains(id, "· in local, offsite");

      LifeboatEvent.RunFinished verify = verify(lifeboat, events, id);
      assertThat(verify.state()).as("error: %s", verify.error()).isEqualTo(RunState.SUCCEEDED);
      assertThat(logs(events, verify)).anySatisfy(l ->
          assertThat(l).contains("decrypted end to end with key k1"));

      LifeboatEvent.RunFinished restore = approvedRestore(lifeboat, events, id);
      assertThat(restore.state()).as("error: %s", restore.error()).isEqualTo(RunState.SUCCEEDED);
      assertThat(BackupIT.counts(db)).isEqualTo(expected);
    }

    // The state database and the local store are lost: the bucket alone brings them back.
    deleteRecursively(dir.resolve("state"));
    deleteRecursively(dir.resolve("backups"));
    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      lifeboat.recover();

      BackupRecord found = lifeboat.catalog().find(id);
      assertThat(found.stores()).containsExactly("offsite");
      LifeboatEvent.RunFinished verify = verify(lifeboat, events, id);
      assertThat(verify.state()).as("error: %s", verify.error()).isEqualTo(RunState.SUCCEEDED);
      assertThat(logs(events, verify)).anySatisfy(l -> assertThat(l).contains(
          "streaming " + id + " from store offsite, decrypted with key k1"));
    }
  }

  /**
   * A new server lacks the application's roles: /restore ... with-roles creates them from the
   * backup's saved globals first, and the restored table keeps its owner.
   */
  @Test
  void withRolesCreatesTheOwnersABackupNeedsBeforeRestoring(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    BackupIT.createShop(db);
    String role = "lb_owner_" + Math.abs(new Random().nextInt(1_000_000));
    db.execute("CREATE ROLE " + role + " NOLOGIN");
    db.execute("ALTER TABLE public.orders OWNER TO " + role);
    String bucket = newBucket();
    try (Lifeboat lifeboat = config(db, bucket, key(1)).start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      assertThat(BackupIT.backup(lifeboat, "alice", "shop", events).state())
          .isEqualTo(RunState.SUCCEEDED);
      BackupRecord record = lifeboat.catalog().latest("shop").orElseThrow();
      assertThat(record.manifest().globals().roles()).contains(role);
      // As on a new server: the role is gone.
      db.execute("ALTER TABLE public.orders OWNER TO " + db.cluster().superuser());
      db.execute("DROP ROLE " + role);

      LifeboatEvent.RunFinished restore = approvedRestore(lifeboat, events, record.id(), true);

      assertThat(restore.state()).as("error: %s", restore.error()).isEqualTo(RunState.SUCCEEDED);
      assertThat(logs(events, restore)).anySatisfy(l -> assertThat(l).contains(
          "created where missing", "Set passwords for new login roles"));
      try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement();
          java.sql.ResultSet r = st.executeQuery("SELECT tableowner FROM pg_tables WHERE "
              + "schemaname = 'public' AND tablename = 'orders'")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo(role);
      }
    }
  }

  @Test
  void aWrongKeyAndAChangedByteAreToldApartBeforeAnythingIsRestored(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    BackupIT.createShop(db);
    String bucket = newBucket();
    String id;
    Path artifact;
    try (Lifeboat lifeboat = config(db, bucket, key(1)).start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      assertThat(BackupIT.backup(lifeboat, "alice", "shop", events).state())
          .isEqualTo(RunState.SUCCEEDED);
      BackupRecord record = lifeboat.catalog().latest("shop").orElseThrow();
      id = record.id();
      artifact = ((LocalDirectoryStore) lifeboat.stores().get("local"))
          .artifactPath(record.manifest());
    }

    // Someone replaced the key under the same id.
    try (Lifeboat lifeboat = config(db, bucket, key(2)).start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      LifeboatEvent.RunFinished verify = verify(lifeboat, events, id);
      assertThat(verify.state()).isEqualTo(RunState.FAILED);
      assertThat(verify.error()).hasValueSatisfying(e -> assertThat(e).contains(
          "does not decrypt with the key configured as k1, although its checksum matches",
          "Nothing was restored"));
      assertThat(steps(events, verify)).doesNotContain("restore succeeded");
    }

    // One byte of the stored ciphertext changes.
    byte[] bytes = Files.readAllBytes(artifact);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(artifact, bytes);
    try (Lifeboat lifeboat = config(db, bucket, key(1)).start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      LifeboatEvent.RunFinished verify = verify(lifeboat, events, id);
      assertThat(verify.state()).isEqualTo(RunState.FAILED);
      assertThat(verify.error()).hasValueSatisfying(e -> assertThat(e).contains(
          "is damaged: its SHA-256 is", "Nothing was restored"));
    }
  }

  @Test
  void aCopyStoreThatIsDownFailsTheRunLoudlyAndKeepsTheLocalBackup(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    BackupIT.createShop(db);
    // The bucket was never created: every request to it fails.
    TestConfig config = config(db, "lifeboat-missing", key(1));
    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);

      LifeboatEvent.RunFinished backup = BackupIT.backup(lifeboat, "alice", "shop", events);

      assertThat(backup.state()).isEqualTo(RunState.FAILED);
      BackupRecord record = lifeboat.catalog().latest("shop").orElseThrow();
      assertThat(backup.error()).hasValueSatisfying(e -> assertThat(e)
          .contains("Backup " + record.id() + " is in local, but not in offsite (Store offsite "
              + "cannot write to s3://lifeboat-missing/prod/")
          .contains("this one is kept"));
      assertThat(record.stores()).containsExactly("local");
      assertThat(lifeboat.stores().get("local").manifests()).extracting(BackupManifest::id)
          .containsExactly(record.id());
      assertThat(verify(lifeboat, events, record.id()).state()).isEqualTo(RunState.SUCCEEDED);
    }
  }

  private TestConfig config(TestDatabase db, String bucket, String key) {
    return new TestConfig(dir).target("shop", db)
        .stores("  local: {type: local, path: backups}\n  offsite: " + s3.yaml(bucket, "prod")
            + "\n")
        .targetOption("shop", "stores", "[local, offsite]")
        .env("TEST_S3_ACCESS_KEY", TestS3.ACCESS_KEY)
        .env("TEST_S3_SECRET_KEY", TestS3.SECRET_KEY)
        .env("LIFEBOAT_KEY_K1", key)
        .extra("encryption:\n  keys:\n    k1: {env: LIFEBOAT_KEY_K1}\n");
  }

  private static String newBucket() {
    String bucket = "offsite-" + ++buckets;
    s3.createBucket(bucket);
    return bucket;
  }

  private static LifeboatEvent.RunFinished verify(Lifeboat lifeboat, RecordingSink events,
      String id) throws Exception {
    Person alice = lifeboat.commands().access().person("alice");
    Reply reply = lifeboat.commands().execute(alice, new Command.Verify(Optional.of(id),
        Optional.of("shop")), ORIGIN);
    long run = ((Reply.RunAccepted) reply).run().id();
    lifeboat.engine().completion(run).get(3, TimeUnit.MINUTES);
    return events.finished(run);
  }

  /** alice asks, bob (a tech owner) approves: the two-person rule. */
  private static LifeboatEvent.RunFinished approvedRestore(Lifeboat lifeboat, RecordingSink events,
      String id) throws Exception {
    return approvedRestore(lifeboat, events, id, false);
  }

  private static LifeboatEvent.RunFinished approvedRestore(Lifeboat lifeboat, RecordingSink events,
      String id, boolean withRoles) throws Exception {
    Person alice = lifeboat.commands().access().person("alice");
    Person bob = lifeboat.commands().access().person("bob");
    Reply asked = lifeboat.commands().execute(alice, new Command.Restore(Optional.of(id),
        Optional.of("shop"), Optional.empty(), false, withRoles), ORIGIN);
    assertThat(asked).isInstanceOf(Reply.ApprovalPending.class);
    Reply approved = lifeboat.commands().execute(bob, new Command.Approve(Optional.empty()),
        ORIGIN);
    long run = ((Reply.ApprovalCounted) approved).decision().run().orElseThrow().id();
    lifeboat.engine().completion(run).get(3, TimeUnit.MINUTES);
    return events.finished(run);
  }

  private static List<String> logs(RecordingSink events, LifeboatEvent.RunFinished finished) {
    return events.of(LifeboatEvent.StepLog.class).stream()
        .filter(e -> e.run().id() == finished.run().id()).map(e -> e.line()).toList();
  }

  private static List<String> steps(RecordingSink events, LifeboatEvent.RunFinished finished) {
    return events.of(LifeboatEvent.StepFinished.class).stream()
        .filter(e -> e.run().id() == finished.run().id())
        .map(e -> e.step() + " " + e.status()).toList();
  }

  private static byte[] object(String bucket, String key) throws Exception {
    try (S3Client client = s3.client();
        ResponseInputStream<?> in = client.getObject(r -> r.bucket(bucket).key(key))) {
      return ((InputStream) in).readAllBytes();
    }
  }

  private static String key(int seed) {
    byte[] raw = new byte[32];
    new Random(seed).nextBytes(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static void deleteRecursively(Path p) throws Exception {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
