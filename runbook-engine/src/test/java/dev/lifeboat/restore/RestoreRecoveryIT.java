package dev.lifeboat.restore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.backup.BackupRecord;
import dev.lifeboat.run.Origin;
import dev.lifeboat.run.RunInfo;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a process that died in the middle of a restore, verify or drill leaves, and how the next
 * start tidies it. The leftovers are made by hand here, the way the steps leave them.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class RestoreRecoveryIT {
  @TempDir Path dir;

  @Test
  void aFrozenTargetIsReopenedAndTheUnfinishedCopyDropped(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    Map<String, String> before = Shop.fingerprints(db);
    long runId = randomRunId();
    db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
    String copy = RestoreNames.restoreCopy(db.name(), runId);
    pg.cluster().createDatabase(copy);
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start();
        // A pg_restore worker of the dead process, still connected to the copy.
        Connection leftover = pg.cluster().connect(copy)) {
      RestoreRecovery recovery = new RestoreRecovery(lifeboat.catalog());
      RunInfo run = run(runId, "restore", "side-by-side");

      List<String> lines = recovery.recover(run, lifeboat.config().target("shop"));

      assertThat(lines).containsExactly(
          "let writes into " + db.name() + " again (r" + runId + " had stopped them)",
          "dropped " + copy + ", the unfinished restored copy of r" + runId, checked(db));
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("off");
      assertThat(Shop.exists(db.cluster(), copy)).isFalse();
      assertThat(Shop.fingerprints(db)).isEqualTo(before);
      // A second start finds nothing left to do.
      assertThat(recovery.recover(run, lifeboat.config().target("shop"))).isEmpty();
    }
  }

  @Test
  void aSwapCutShortBetweenItsRenamesIsUndone(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    Map<String, String> before = Shop.fingerprints(db);
    long runId = randomRunId();
    String kept = RestoreNames.kept(db.name(), Instant.parse("2026-03-01T12:00:00Z"));
    String copy = RestoreNames.restoreCopy(db.name(), runId);
    pg.cluster().createDatabase(copy);
    // Frozen, closed, renamed away; then the process died before the copy took the name.
    db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
    try (Connection c = pg.cluster().connect("postgres")) {
      c.createStatement().execute("ALTER DATABASE " + db.name() + " WITH ALLOW_CONNECTIONS "
          + "false");
      c.createStatement().execute("ALTER DATABASE " + db.name() + " RENAME TO " + kept);
    }
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      List<String> lines = new RestoreRecovery(lifeboat.catalog())
          .recover(run(runId, "restore", "side-by-side"), lifeboat.config().target("shop"));

      assertThat(lines).containsExactly(
          "put " + db.name() + " back: r" + runId + " stopped during its swap, after renaming it "
              + "to " + kept,
          "let writes into " + db.name() + " again (r" + runId + " had stopped them)",
          "dropped " + copy + ", the unfinished restored copy of r" + runId, checked(db));
      assertThat(Shop.allowsConnections(db.cluster(), db.name())).contains(true);
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("off");
      assertThat(Shop.fingerprints(db)).isEqualTo(before);
      assertThat(Shop.databasesStartingWith(db.cluster(), db.name() + "_")).isEmpty();
    }
  }

  /**
   * Finding 3: a kill during the swap, after the target was closed to connections and before
   * its rename, left it refusing connections while recovery said "let writes into shop again".
   */
  @Test
  void aTargetClosedForASwapThatNeverRenamedIsOpenedAndCheckedWritable(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    long runId = randomRunId();
    db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
    try (Connection c = pg.cluster().connect("postgres")) {
      c.createStatement().execute("ALTER DATABASE " + db.name() + " WITH ALLOW_CONNECTIONS "
          + "false");
    }
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      List<String> lines = new RestoreRecovery(lifeboat.catalog())
          .recover(run(runId, "restore", "side-by-side"), lifeboat.config().target("shop"));

      assertThat(lines).containsExactly(
          "let connections into " + db.name() + " again (r" + runId + " had closed it for its "
              + "swap)",
          "let writes into " + db.name() + " again (r" + runId + " had stopped them)",
          checked(db));
      assertThat(Shop.allowsConnections(db.cluster(), db.name())).contains(true);
      // What the check claims, checked independently: an application's session can write.
      db.execute("CREATE TABLE written_after_recovery (id int); "
          + "INSERT INTO written_after_recovery VALUES (1)");
      assertThat(db.count("written_after_recovery")).isEqualTo(1);
    }
  }

  @Test
  void aKeptCopyLeftClosedAfterACompletedSwapIsOpened(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    long runId = randomRunId();
    String kept = RestoreNames.kept(db.name(), Instant.parse("2026-03-01T12:00:00Z"));
    pg.cluster().createDatabase(kept);
    try (Connection c = pg.cluster().connect("postgres")) {
      c.createStatement().execute("ALTER DATABASE " + kept + " SET "
          + "default_transaction_read_only = on");
      c.createStatement().execute("ALTER DATABASE " + kept + " WITH ALLOW_CONNECTIONS false");
    }
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      List<String> lines = new RestoreRecovery(lifeboat.catalog())
          .recover(run(runId, "restore", "side-by-side"), lifeboat.config().target("shop"));

      assertThat(lines).containsExactly("opened " + kept + " (the database " + db.name()
          + " was before its restore) to connections again; it stays read-only", checked(db));
      assertThat(Shop.allowsConnections(db.cluster(), kept)).contains(true);
      assertThat(Shop.readOnlyDefault(db.cluster(), kept)).isEqualTo("on");
    }
  }

  @Test
  void aTargetThatMayBeHalfRestoredInPlaceStaysReadOnly(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    Shop.create(db);
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      BackupRecord safety = backup(lifeboat);
      db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
      // The run that published this backup is taken for the in-place restore that took it.
      long runId = safety.manifest().runId();

      List<String> lines = new RestoreRecovery(lifeboat.catalog())
          .recover(run(runId, "restore", "in-place"), lifeboat.config().target("shop"));

      assertThat(lines).hasSize(2).first().satisfies(l -> assertThat(l)
          .startsWith(db.name() + " stays read-only: r" + runId + " may have stopped part way")
          .contains("/restore " + safety.id() + " shop in-place")
          .endsWith("ALTER DATABASE \"" + db.name() + "\" RESET "
              + "default_transaction_read_only;"));
      assertThat(lines.get(1)).isEqualTo("checked: " + db.name() + " accepts connections (and "
          + "stays read-only, see above)");
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("on");

      // Without a safety backup the in-place restore never began: the target is reopened.
      long other = randomRunId();
      assertThat(new RestoreRecovery(lifeboat.catalog()).recover(run(other, "restore",
          "in-place"), lifeboat.config().target("shop"))).containsExactly("let writes into "
              + db.name() + " again (r" + other + " had stopped them)", checked(db));
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("off");
    }
  }

  @Test
  void aVerifyRunsScratchDatabaseIsDroppedAndOtherRunbooksAreLeftAlone(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    long runId = randomRunId();
    String scratch = RestoreNames.verifyScratch(runId);
    pg.cluster().createDatabase(scratch);
    db.execute("ALTER DATABASE " + db.name() + " SET default_transaction_read_only = on");
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      RestoreRecovery recovery = new RestoreRecovery(lifeboat.catalog());

      assertThat(recovery.recover(run(runId, "backup", ""), lifeboat.config().target("shop")))
          .isEmpty();
      assertThat(recovery.recover(run(runId, "drill", ""), lifeboat.config().target("shop")))
          .containsExactly("dropped " + scratch + ", the scratch database of r" + runId);
      assertThat(Shop.exists(db.cluster(), scratch)).isFalse();
      // Only a restore stops writes, so only a restore's recovery reopens them.
      assertThat(Shop.readOnlyDefault(db.cluster(), db.name())).isEqualTo("on");
    }
  }

  /**
   * Without a verify_server, and with server binaries of the backup's version here, a verify's
   * scratch copy was in a local cluster that died with its process: recovery does not go
   * looking for it on the target's server.
   */
  @Test
  void aVerifyWhoseScratchWasInALocalClusterLeavesTheTargetsServerAlone(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE t (id int)");
    long runId = randomRunId();
    String lookalike = RestoreNames.verifyScratch(runId);
    pg.cluster().createDatabase(lookalike);
    try (Lifeboat lifeboat = new TestConfig(dir).target("shop", db).start()) {
      String backup = backUp(lifeboat);
      RestoreRecovery recovery = new RestoreRecovery(lifeboat.catalog(),
          lifeboat.scratchServers());
      RunInfo verify = new RunInfo(runId, "verify", "shop", "alice", Origin.of("test"),
          Map.of("target", "shop", "backup", backup), Instant.now());

      assertThat(recovery.recover(verify, lifeboat.config().target("shop"))).isEmpty();
      assertThat(Shop.exists(db.cluster(), lookalike)).isTrue();
    }
  }

  private static String backUp(Lifeboat lifeboat) throws Exception {
    var alice = lifeboat.commands().access().person("alice");
    long id = ((dev.lifeboat.command.Reply.RunAccepted) lifeboat.commands().execute(alice,
        new dev.lifeboat.command.Command.BackupNow(java.util.Optional.of("shop")),
        Origin.of("test"))).run().id();
    lifeboat.engine().completion(id).get(2, java.util.concurrent.TimeUnit.MINUTES);
    return lifeboat.catalog().latest("shop").orElseThrow().id();
  }

  @Test
  void anUnreachableServerIsReportedNotThrown(TestPostgres pg) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String password = "irrelevant-secret-" + randomRunId();
    TestConfig config = new TestConfig(dir).target("shop", "127.0.0.1", closedPort, "shop",
        "lifeboat", password);
    try (Lifeboat lifeboat = config.start()) {
      long runId = randomRunId();
      List<String> lines = new RestoreRecovery(lifeboat.catalog())
          .recover(run(runId, "restore", "side-by-side"), lifeboat.config().target("shop"));

      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).startsWith("could not tidy after r" + runId + " on 127.0.0.1:"
          + closedPort + " (Cannot reach shop").contains("down or unreachable")
          .contains("shop may still be read-only (ALTER DATABASE \"shop\" RESET "
              + "default_transaction_read_only;)")
          .contains("DROP DATABASE \"shop_lbrestore_" + runId + "\";");
      assertThat(lines.get(1)).startsWith("could not check for r" + runId + "'s scratch "
          + "database on 127.0.0.1:" + closedPort);
      assertThat(String.join("\n", lines)).doesNotContain(password);
    }
  }

  private static String checked(TestDatabase db) {
    return "checked: " + db.name() + " accepts connections and writes again";
  }

  private static RunInfo run(long id, String runbook, String mode) {
    return new RunInfo(id, runbook, "shop", "alice", Origin.of("test"),
        mode.isEmpty() ? Map.of("target", "shop") : Map.of("target", "shop", "mode", mode),
        Instant.now());
  }

  /** Run ids no real run in the shared test cluster has, so names never collide. */
  private static long randomRunId() {
    return ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
  }

  private static BackupRecord backup(Lifeboat lifeboat) throws Exception {
    var alice = lifeboat.commands().access().person("alice");
    var reply = lifeboat.commands().execute(alice, new dev.lifeboat.command.Command.BackupNow(
        java.util.Optional.of("shop")), Origin.of("test"));
    long id = ((dev.lifeboat.command.Reply.RunAccepted) reply).run().id();
    lifeboat.engine().completion(id).get(2, java.util.concurrent.TimeUnit.MINUTES);
    return lifeboat.catalog().latest("shop").orElseThrow();
  }
}
