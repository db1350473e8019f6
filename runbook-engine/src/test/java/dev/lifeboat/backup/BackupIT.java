package dev.lifeboat.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.InvalidInputException;
import dev.lifeboat.Lifeboat;
import dev.lifeboat.NotFoundException;
import dev.lifeboat.access.Person;
import dev.lifeboat.command.Command;
import dev.lifeboat.command.CommandParser;
import dev.lifeboat.command.Reply;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.cluster.LocalCluster;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunState;
import dev.lifeboat.store.LocalDirectoryStore;
import dev.lifeboat.store.Store;
import dev.lifeboat.testing.NewerPostgres;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.RecordingSink;
import dev.lifeboat.testing.SyntheticBackups;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** /backup now against a real PostgreSQL with the real pg_dump and pg_restore. */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class BackupIT {
  private static final Origin ORIGIN = Origin.of("test");

  @TempDir Path dir;

  @Test
  void backupRestoresToTheSameRowsAndMatchesItsManifest(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);

      LifeboatEvent.RunFinished finished = backup(lifeboat, "alice", "shop", events);

      assertThat(finished.state()).as("error: %s", finished.error()).isEqualTo(RunState.SUCCEEDED);
      BackupRecord record = lifeboat.catalog().latest("shop").orElseThrow();
      BackupManifest m = record.manifest();
      Path artifact = ((LocalDirectoryStore) lifeboat.stores().get("local")).artifactPath(m);

      // The manifest's checksum and size are those of the file on disk.
      assertThat(m.sha256()).isEqualTo(sha256(artifact));
      assertThat(m.bytes()).isEqualTo(Files.size(artifact));
      assertThat(m.format()).isEqualTo("custom");
      // The default: zstd level 1 where pg_dump has it (16+), gzip level 1 before.
      int pgDumpMajor = PgInstallation.parseMajor("pg_dump (PostgreSQL) " + m.pgDumpVersion());
      assertThat(m.compression()).isEqualTo(pgDumpMajor >= 16 ? "zstd:1" : "1");
      assertThat(m.createdBy()).isEqualTo("alice");
      // Row counts are the database's, for every table including awkward names.
      Map<String, Long> expected = counts(db);
      assertThat(asMap(m.tables())).isEqualTo(expected);
      assertThat(expected).containsEntry("Sales.we\"ird; name", 3L).containsEntry("public.orders",
          5000L);

      // pg_restore into a fresh database gives back every table with the same rows.
      TestDatabase restored = pg.newDatabase();
      restoreByHand(db, restored, artifact);
      assertThat(counts(restored)).isEqualTo(expected);
      assertThat(fingerprints(restored)).isEqualTo(fingerprints(db));

      // The final summary says what a person needs.
      assertThat(finished.results()).singleElement().satisfies(r ->
          assertThat(r.summary()).contains(m.id(), m.sha256(), "6 tables"));
      assertThat(events.of(LifeboatEvent.StepProgress.class))
          .anySatisfy(p -> assertThat(p.total()).isEqualTo(6));
      assertThat(lifeboat.audit().verify().intact()).isTrue();
      assertThat(lifeboat.audit().recent(10)).extracting(e -> e.actor() + " " + e.action() + " "
          + e.outcome()).contains("alice backup now started", "lifeboat backup finished succeeded");
    }
  }

  @Test
  void aDumpOfSeveralPiecesIsStoredWholeAndRestores(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    // Hex digests compress to about half: an artifact of several of the half-MiB pieces in
    // which pg_dump's output is handed to the store.
    db.execute("CREATE TABLE events (id int PRIMARY KEY, body text NOT NULL)");
    db.execute("INSERT INTO events SELECT i, md5(i::text) || md5((i * 7)::text) "
        + "FROM generate_series(1, 60000) i");
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);

      LifeboatEvent.RunFinished finished = backup(lifeboat, "alice", "shop", events);

      assertThat(finished.state()).as("error: %s", finished.error()).isEqualTo(RunState.SUCCEEDED);
      BackupManifest m = lifeboat.catalog().latest("shop").orElseThrow().manifest();
      Path artifact = ((LocalDirectoryStore) lifeboat.stores().get("local")).artifactPath(m);
      assertThat(m.bytes()).isEqualTo(Files.size(artifact)).isGreaterThan(2L << 20);
      assertThat(m.sha256()).isEqualTo(sha256(artifact));

      TestDatabase restored = pg.newDatabase();
      restoreByHand(db, restored, artifact);
      assertThat(fingerprints(restored)).isEqualTo(fingerprints(db));
      assertThat(counts(restored)).containsEntry("public.events", 60000L);
    }
  }

  @Test
  void theDumpUsesThePreflightsSessionAndConnectsAgainIfItDiedMeanwhile(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean end = new java.util.concurrent.atomic.AtomicBoolean();
    // A step between the two, as a runbook may have one (an approval): it looks at the
    // sessions Lifeboat holds on the database, and may end them.
    dev.lifeboat.runbook.Step between = c -> {
      List<Integer> pids = sessionsBesidesOurs(db);
      seen.add(pids.size());
      if (end.get()) {
        for (int pid : pids) {
          db.execute("SELECT pg_terminate_backend(" + pid + ")");
        }
      }
    };
    TestConfig config = new TestConfig(dir).target("shop", db).runbook("backup", """
        name: backup
        params:
          target: {}
        steps:
          - {id: preflight, uses: backup.preflight, timeout: 2m}
          - {id: between, uses: test.between, timeout: 1m}
          - {id: dump, uses: backup.dump, timeout: 6h}
        """);
    try (Lifeboat lifeboat = config.start(Map.of("test.between", between))) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);

      LifeboatEvent.RunFinished kept = backup(lifeboat, "alice", "shop", events);
      end.set(true);
      LifeboatEvent.RunFinished renewed = backup(lifeboat, "alice", "shop", events);

      assertThat(kept.state()).as("error: %s", kept.error()).isEqualTo(RunState.SUCCEEDED);
      assertThat(renewed.state()).as("error: %s", renewed.error())
          .isEqualTo(RunState.SUCCEEDED);
      // The preflight's session was still open when the next step ran, both times.
      assertThat(seen).containsExactly(1, 1);
      assertThat(lifeboat.catalog().latest("shop").orElseThrow().manifest().tables())
          .extracting(TableCount::rows).contains(5000L);
    }
    // Nothing of Lifeboat's is left open on the database.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!sessionsBesidesOurs(db).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(sessionsBesidesOurs(db)).isEmpty();
  }

  /** Client sessions on {@code db} other than the one asking. */
  private static List<Integer> sessionsBesidesOurs(TestDatabase db) throws Exception {
    List<Integer> pids = new java.util.ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = "
            + "current_database() AND pid <> pg_backend_pid() "
            + "AND backend_type = 'client backend'")) {
      while (r.next()) {
        pids.add(r.getInt(1));
      }
    }
    return pids;
  }

  @Test
  void catalogCanBeRebuiltFromTheManifestsInTheStore(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    TestConfig config = new TestConfig(dir).target("shop", db);
    String id;
    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      assertThat(backup(lifeboat, "alice", "shop", events).state()).isEqualTo(RunState.SUCCEEDED);
      id = lifeboat.catalog().latest("shop").orElseThrow().id();
    }
    // Lose the state database entirely: the store's manifests bring the catalog back.
    deleteRecursively(dir.resolve("state"));
    try (Lifeboat lifeboat = config.start()) {
      Lifeboat.Recovery recovery = lifeboat.recover();
      assertThat(recovery.catalog().added()).isEqualTo(1);
      assertThat(lifeboat.catalog().find(id).manifest().tables()).hasSize(6);
    }
  }

  @Test
  void aOneOffCommandReadsTheStoresOnlyWhenTheCatalogMayLackABackup(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    TestConfig config = new TestConfig(dir).target("shop", db);
    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      assertThat(backup(lifeboat, "alice", "shop", events).state()).isEqualTo(RunState.SUCCEEDED);
      assertThat(backup(lifeboat, "alice", "shop", events).state()).isEqualTo(RunState.SUCCEEDED);
      String forgotten = lifeboat.catalog().latest("shop").orElseThrow().id();
      lifeboat.catalog().remove(forgotten);

      // No dead run and a catalog that lists backups: trusted as it is, the stores unread.
      Lifeboat.Recovery command = lifeboat.recoverForCommand();
      assertThat(command.catalog().added()).isZero();
      assertThat(command.catalog().total()).isEqualTo(1);
      assertThat(lifeboat.catalog().contains(forgotten)).isFalse();

      // A serve or console reads every store when it starts.
      assertThat(lifeboat.recover().catalog().added()).isEqualTo(1);
      assertThat(lifeboat.catalog().contains(forgotten)).isTrue();
    }
    // A new state database: the one-off command reads the stores after all.
    deleteRecursively(dir.resolve("state"));
    try (Lifeboat lifeboat = config.start()) {
      Lifeboat.Recovery command = lifeboat.recoverForCommand();
      assertThat(command.catalog().added()).isEqualTo(2);
      assertThat(lifeboat.catalog().list(Optional.of("shop"), 10)).hasSize(2);
    }
  }

  @Test
  void pgDumpOlderThanTheServerIsRefusedWithTheFix(TestPostgres pg) throws Exception {
    PgInstallation newer = NewerPostgres.installation();
    int localMajor = pg.cluster().installation().major();
    assertThat(newer.major()).isGreaterThan(localMajor);
    try (LocalCluster cluster = NewerPostgres.startCluster()) {
      cluster.createDatabase("shop");
      TestConfig config = new TestConfig(dir).target("shop", cluster.host(), cluster.port(), "shop",
          cluster.superuser(), cluster.password());
      try (Lifeboat lifeboat = config.start()) {
        RecordingSink events = new RecordingSink();
        lifeboat.events().subscribe(events);
        LifeboatEvent.RunFinished finished = backup(lifeboat, "alice", "shop", events);

        assertThat(finished.state()).isEqualTo(RunState.FAILED);
        assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
            .startsWith("preflight: pg_dump " + localMajor)
            .contains("older than the server (PostgreSQL " + newer.version())
            .contains("apt-get install postgresql-client-" + newer.major()));
        assertThat(lifeboat.stores().get("local").manifests()).isEmpty();
        assertThat(lifeboat.catalog().list(Optional.empty(), 10)).isEmpty();
      }
    }
  }

  @Test
  void aStoreWithoutRoomForTheNextBackupIsRefusedBeforePgDumpStarts(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      Store store = lifeboat.stores().get("local");
      long free = store.freeBytes().orElseThrow();
      // The newest backup is the guess of the next one's size (half as much again); an older,
      // smaller one is not.
      Instant now = Instant.now();
      SyntheticBackups.put(store, lifeboat.catalog(), "shop", now.minus(Duration.ofDays(2)), 1000);
      SyntheticBackups.put(store, lifeboat.catalog(), "shop", now.minus(Duration.ofDays(1)), free);

      LifeboatEvent.RunFinished finished = backup(lifeboat, "alice", "shop", events);

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("preflight: Store " + store.describe() + " has ")
          .contains(" free; this backup needs about " + Sizes.human(free * 3 / 2))
          .contains("Free some space or remove old backups"));
      assertThat(events.of(LifeboatEvent.StepFinished.class)).extracting(s -> s.step() + " "
          + s.status()).containsExactly("preflight FAILED", "dump SKIPPED");
      assertThat(store.manifests()).hasSize(2);
      assertThat(lifeboat.catalog().list(Optional.of("shop"), 10)).hasSize(2);
    }
  }

  @Test
  void aDatabaseThatIsDownFailsTheRunWithAReadableReason(TestPostgres pg) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    TestConfig config = new TestConfig(dir).target("shop", "127.0.0.1", closedPort, "shop",
        "lifeboat", "irrelevant-secret");
    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      LifeboatEvent.RunFinished finished = backup(lifeboat, "alice", "shop", events);

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .contains("Cannot reach shop (postgresql://lifeboat@127.0.0.1:" + closedPort + "/shop)")
          .contains("down or unreachable")
          .doesNotContain("irrelevant-secret"));
      assertThat(events.of(LifeboatEvent.StepFinished.class)).extracting(s -> s.step() + " "
          + s.status()).containsExactly("preflight FAILED", "dump SKIPPED");
      assertThat(lifeboat.stores().get("local").manifests()).isEmpty();
    }
  }

  @Test
  void aWrongPasswordIsReportedWithoutShowingIt(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    TestConfig config = new TestConfig(dir).target("shop", db.cluster().host(),
        db.cluster().port(), db.name(), db.cluster().superuser(), "wrong-password-123");
    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      LifeboatEvent.RunFinished finished = backup(lifeboat, "alice", "shop", events);
      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .contains("refused the user or password").contains("targets.shop.password_env")
          .doesNotContain("wrong-password-123"));
    }
  }

  @Test
  void aPgDumpFailureIsAFailedRunWithItsReasonAndPublishesNothing(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    // A role that may connect but not read one table: pg_dump fails half way.
    db.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'limited') THEN "
        + "CREATE ROLE limited LOGIN PASSWORD 'limited-pw'; END IF; END $$");
    db.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO limited");
    db.execute("GRANT USAGE ON SCHEMA \"Sales\" TO limited");
    db.execute("REVOKE SELECT ON public.orders FROM limited");
    TestConfig config = new TestConfig(dir).target("shop", db.cluster().host(),
        db.cluster().port(), db.name(), "limited", "limited-pw");
    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      LifeboatEvent.RunFinished finished = backup(lifeboat, "alice", "shop", events);

      assertThat(finished.state()).isEqualTo(RunState.FAILED);
      assertThat(finished.error()).hasValueSatisfying(e -> assertThat(e)
          .startsWith("dump: ").contains("permission denied"));
      assertThat(lifeboat.stores().get("local").manifests()).isEmpty();
      try (Stream<Path> left = Files.walk(dir.resolve("backups"))) {
        assertThat(left.filter(Files::isRegularFile).toList()).isEmpty();
      }
    }
  }

  @Test
  void unknownTargetsAndHostileArgumentsAreRefusedPolitelyAndRunNothing(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    Path marker = dir.resolve("pwned");
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      Person alice = lifeboat.commands().access().person("alice");
      assertThatThrownBy(() -> lifeboat.commands().execute(alice,
          new Command.BackupNow(Optional.of("nope")), ORIGIN))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("No target named 'nope'. Known targets: shop.");
      CommandParser parser = new CommandParser();
      for (String hostile : List.of("/backup now $(touch " + marker + ")",
          "/backup now shop;touch " + marker, "/backup now `touch " + marker + "`",
          "/backup now \"shop\"", "/backup now " + "x".repeat(5000))) {
        assertThatThrownBy(() -> lifeboat.commands().execute(alice, parser.parse(hostile), ORIGIN))
            .isInstanceOf(InvalidInputException.class)
            .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
      }
      assertThat(marker).doesNotExist();
      assertThat(lifeboat.engine().recent(10)).isEmpty();
      assertThat(lifeboat.stores().get("local").manifests()).isEmpty();
    }
  }

  @Test
  void onlyPeopleAllowedToBackUpCanStartOne(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      Person eve = lifeboat.commands().access().person("eve");
      assertThatThrownBy(() -> lifeboat.commands().execute(eve,
          new Command.BackupNow(Optional.empty()), ORIGIN))
          .hasMessageStartingWith("eve may not take backups on shop.");
      assertThat(lifeboat.engine().recent(10)).isEmpty();
      assertThat(lifeboat.audit().recent(1)).singleElement().satisfies(e -> {
        assertThat(e.actor()).isEqualTo("eve");
        assertThat(e.outcome()).isEqualTo("refused");
      });
    }
  }

  /**
   * The real pg_dump, caught while it waits for a lock, shows what it was given: the libpq
   * variables of its target and PATH, locale and time zone, none of the rest of the test JVM's
   * environment (which stands in for a deployment's tokens and other targets' passwords).
   */
  @Test
  void pgDumpReceivesOnlyItsTargetsConnectionAndNothingElseOfLifeboatsEnvironment(
      TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    createShop(db);
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start();
        Connection lock = db.connect()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
      }
      Person alice = lifeboat.commands().access().person("alice");
      long id = ((Reply.RunAccepted) lifeboat.commands().execute(alice,
          new Command.BackupNow(Optional.of("shop")), ORIGIN)).run().id();
      Map<String, String> seen;
      try {
        seen = environmentOf(awaitChild("pg_dump"));
      } finally {
        lock.rollback();
      }
      assertThat(lifeboat.engine().completion(id).get(2, TimeUnit.MINUTES))
          .isEqualTo(RunState.SUCCEEDED);

      assertThat(seen).containsEntry("PGDATABASE", db.name())
          .containsEntry("PGPORT", Integer.toString(db.cluster().port()))
          .containsEntry("PGPASSWORD", db.cluster().password())
          .containsEntry("LC_MESSAGES", "C");
      assertThat(seen.keySet()).allSatisfy(name -> assertThat(name).matches(
          "PATH|LANG|LANGUAGE|TZ|TZDIR|HOME|TMPDIR|LD_LIBRARY_PATH|LC_[A-Z]+|PG[A-Z_]+"));
      List<String> inherited = System.getenv().keySet().stream()
          .filter(k -> !k.matches("PATH|LANG|LANGUAGE|TZ|TZDIR|HOME|TMPDIR|LD_LIBRARY_PATH|LC_.*"))
          .toList();
      assertThat(inherited).as("the test JVM has variables a tool must not see").isNotEmpty();
      assertThat(seen.keySet()).doesNotContainAnyElementsOf(inherited);
    }
  }

  /** A child process of this JVM running {@code program}, waited for while it starts. */
  private static ProcessHandle awaitChild(String program) throws InterruptedException {
    for (int i = 0; i < 1200; i++) {
      Optional<ProcessHandle> found = ProcessHandle.current().descendants()
          .filter(p -> p.info().command().map(c -> c.endsWith("/" + program)).orElse(false))
          .findFirst();
      if (found.isPresent()) {
        return found.get();
      }
      Thread.sleep(50);
    }
    throw new AssertionError(program + " did not start within a minute");
  }

  private static Map<String, String> environmentOf(ProcessHandle process) throws Exception {
    byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
    Map<String, String> env = new LinkedHashMap<>();
    for (String entry : new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        env.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return env;
  }

  static LifeboatEvent.RunFinished backup(Lifeboat lifeboat, String who, String target,
      RecordingSink events) throws Exception {
    Person person = lifeboat.commands().access().person(who);
    Reply reply = lifeboat.commands().execute(person, new Command.BackupNow(Optional.of(target)),
        ORIGIN);
    long id = ((Reply.RunAccepted) reply).run().id();
    lifeboat.engine().completion(id).get(2, TimeUnit.MINUTES);
    return events.finished(id);
  }

  static void createShop(TestDatabase db) {
    db.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)");
    db.execute("CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customers, "
        + "total numeric(10,2), note text)");
    db.execute("CREATE TABLE empty_table (id int)");
    db.execute("CREATE SCHEMA \"Sales\"");
    db.execute("CREATE TABLE \"Sales\".\"we\"\"ird; name\" (id int, \"Mixed Case\" text)");
    db.execute("CREATE TABLE \"Sales\".\"Region\" (code text PRIMARY KEY)");
    db.execute("CREATE TABLE parted (id int, at date) PARTITION BY RANGE (at)");
    db.execute("CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM ('2026-01-01') "
        + "TO ('2027-01-01')");
    db.execute("INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 1000) g");
    db.execute("INSERT INTO orders SELECT g, 1 + g % 1000, g * 1.5, CASE WHEN g % 7 = 0 THEN "
        + "E'tab\\there; quote '' and \"' END FROM generate_series(1, 5000) g");
    db.execute("INSERT INTO \"Sales\".\"we\"\"ird; name\" VALUES (1, 'a'), (2, 'b'), (3, NULL)");
    db.execute("INSERT INTO \"Sales\".\"Region\" VALUES ('EU'), ('US')");
    db.execute("INSERT INTO parted SELECT g, date '2026-01-01' + g FROM generate_series(0, 99) g");
  }

  /** Rows per table, keyed schema.table, the way the manifest names them. */
  static Map<String, Long> counts(TestDatabase db) throws Exception {
    Map<String, Long> counts = new LinkedHashMap<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT n.nspname, c.relname FROM pg_class c JOIN "
            + "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT "
            + "IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
            + "ORDER BY 1, 2")) {
      List<String[]> tables = new java.util.ArrayList<>();
      while (r.next()) {
        tables.add(new String[] {r.getString(1), r.getString(2)});
      }
      for (String[] t : tables) {
        try (ResultSet n = s.executeQuery("SELECT count(*) FROM \"" + t[0].replace("\"", "\"\"")
            + "\".\"" + t[1].replace("\"", "\"\"") + "\"")) {
          n.next();
          counts.put(t[0] + "." + t[1], n.getLong(1));
        }
      }
    }
    return counts;
  }

  /** A content hash per table, so a restore is compared by value, not only by count. */
  static Map<String, String> fingerprints(TestDatabase db) throws Exception {
    Map<String, String> result = new LinkedHashMap<>();
    for (String table : counts(db).keySet()) {
      int dot = table.indexOf('.');
      String quoted = "\"" + table.substring(0, dot).replace("\"", "\"\"") + "\".\""
          + table.substring(dot + 1).replace("\"", "\"\"") + "\"";
      try (Connection c = db.connect(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY "
              + "t::text), '')) FROM " + quoted + " t")) {
        r.next();
        result.put(table, r.getString(1));
      }
    }
    return result;
  }

  private static Map<String, Long> asMap(List<TableCount> tables) {
    Map<String, Long> m = new LinkedHashMap<>();
    tables.forEach(t -> m.put(t.qualifiedName(), t.rows()));
    return m;
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest d = MessageDigest.getInstance("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      d.update(in.readAllBytes());
    }
    return HexFormat.of().formatHex(d.digest());
  }

  /** The raw pg_restore of {@code artifact} into {@code restored}, as a DBA would run it. */
  private static void restoreByHand(TestDatabase db, TestDatabase restored, Path artifact)
      throws Exception {
    ProcessBuilder restoreCommand = new ProcessBuilder(pgRestore(), "--no-owner",
        "--no-privileges", "--exit-on-error", "-h", db.cluster().host(), "-p",
        Integer.toString(db.cluster().port()), "-U", db.cluster().superuser(), "-d",
        restored.name(), artifact.toString()).redirectErrorStream(true);
    restoreCommand.environment().put("PGPASSWORD", db.cluster().password());
    Process restore = restoreCommand.start();
    restore.getOutputStream().close();
    String output = new String(restore.getInputStream().readAllBytes());
    assertThat(restore.waitFor()).as(output).isZero();
  }

  private static String pgRestore() {
    return PgInstallation.discover().get(0).tool("pg_restore").toString();
  }

  private static void deleteRecursively(Path p) throws Exception {
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
