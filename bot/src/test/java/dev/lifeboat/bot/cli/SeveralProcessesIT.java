package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.run.RunRecord;
import dev.lifeboat.run.RunState;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several real Lifeboat processes (separate JVMs) sharing one state database, the embedded one
 * and a PostgreSQL one: serve, cron's {@code backup now} and consoles at once. Runs are held at
 * a known point by a table lock (pg_dump waits for it) or by a slow check, never by sleeping in
 * the test.
 */
@ExtendWith(PostgresExtension.class)
class SeveralProcessesIT {
  /** Holds a restore after its copy is restored and checked, before the swap. */
  private static final String SLOW_CHECK = "select pg_sleep(60) is not null";

  @TempDir Path dir;

  private TestDatabase db;
  private TestConfig config;
  private Path file;

  private void setUp(String state, TestPostgres pg) throws Exception {
    db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
    db.execute("INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 20000) g");
    config = new TestConfig(dir).target("shop", db)
        .extra("instance: {lease: 2s, shutdown_grace: 1s}\n");
    if (state.equals("postgresql")) {
      config.postgresState(pg.newDatabase());
    }
    file = config.write();
    Files.writeString(file, Files.readString(file).replace("    password_env:",
        "    checks: [\"" + SLOW_CHECK + "\"]\n    password_env:"));
  }

  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded", "postgresql"})
  void aBackupInProgressSurvivesAnotherProcessesStart(String state, TestPostgres pg)
      throws Exception {
    setUp(state, pg);
    // serve, two cron-style backups and a console at once, as the README describes.
    try (LifeboatProcess serve = lifeboat("serve", "", "serve");
        Connection locker = db.connect(); Statement lock = locker.createStatement()) {
      serve.awaitOutput("serve ready", out -> out.contains("Lifeboat is serving"));
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      try (LifeboatProcess first = lifeboat("first", "", "backup", "now")) {
        awaitDumpWaitingForLock(first);
        assertThat(partials()).as("the first backup is being written").hasSize(1);
        try (LifeboatProcess console = lifeboat("console", "/runs\n", "console", "--user",
            "carol")) {
          assertThat(console.awaitExit()).as(console.output()).isZero();
          assertThat(console.output()).contains("r1").doesNotContain("interrupted");
        }
        holdsWhileAnotherStarts(first, locker);
      }
      serve.sigterm();
      assertThat(serve.awaitExit()).as(serve.output()).isZero();
      assertThat(serve.output()).doesNotContain("interrupted").doesNotContain("⚠");
    }
    assertThat(partials()).isEmpty();
    assertThat(runs()).extracting(r -> r.state()).containsExactly(RunState.SUCCEEDED);
    assertThat(leases()).isZero();
  }

  /**
   * The process serving the embedded database exits while a cron backup uses it: the backup's
   * final state reaches the file through the process that takes the file over (itself).
   */
  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded"})
  void aBackupOutlivesTheProcessThatServedTheEmbeddedDatabase(String state, TestPostgres pg)
      throws Exception {
    setUp(state, pg);
    try (LifeboatProcess serve = lifeboat("serve", "", "serve");
        Connection locker = db.connect(); Statement lock = locker.createStatement()) {
      serve.awaitOutput("serve ready", out -> out.contains("Lifeboat is serving"));
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      try (LifeboatProcess cron = lifeboat("cron", "", "backup", "now")) {
        awaitDumpWaitingForLock(cron);
        serve.sigterm();
        assertThat(serve.awaitExit()).as(serve.output()).isZero();
        locker.rollback();
        assertThat(cron.awaitExit()).as(cron.output()).isZero();
      }
    }
    assertThat(runs()).extracting(RunRecord::state).containsExactly(RunState.SUCCEEDED);
    assertThat(leases()).isZero();
  }

  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded"})
  void aCronBackupStoppedWithSigtermIsCancelledCleanly(String state, TestPostgres pg)
      throws Exception {
    setUp(state, pg);
    try (Connection locker = db.connect(); Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      try (LifeboatProcess cron = lifeboat("cron", "", "backup", "now")) {
        awaitDumpWaitingForLock(cron);
        cron.sigterm();
        assertThat(cron.awaitExit()).as("the backup did not succeed").isEqualTo(1);
        assertThat(cron.output()).contains("cancelled r1 shop").contains("cancelled by SIGTERM");
      }
      locker.rollback();
    }
    assertThat(partials()).isEmpty();
    assertThat(runs()).extracting(RunRecord::state).containsExactly(RunState.CANCELLED);
    assertThat(leases()).isZero();
  }

  /** A second backup of the held target is refused and removes nothing of the first. */
  private void holdsWhileAnotherStarts(LifeboatProcess first, Connection locker)
      throws Exception {
    try (LifeboatProcess second = lifeboat("second", "", "backup", "now")) {
      assertThat(second.awaitExit()).isEqualTo(1);
      assertThat(second.output())
          .contains("shop is busy: r1 (backup, asked by cli:")
          .contains("running on lifeboat ").contains("pid " + first.pid())
          .contains("now at dump");
    }
    assertThat(partials()).as("the second start removed nothing of the first").hasSize(1);
    locker.rollback();
    assertThat(first.awaitExit()).as(first.output()).isZero();
  }

  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded", "postgresql"})
  void aRestoreHoldingTheTargetSurvivesACronBackupsStart(String state, TestPostgres pg)
      throws Exception {
    setUp(state, pg);
    backup();
    String before = fingerprint();
    try (LifeboatProcess restore = lifeboat("restore", "/restore latest\n/as bob\n/approve\n",
        "console", "--user", "alice")) {
      awaitSlowCheck(restore);
      String copy = single(databasesLike(db.name() + "_lbrestore_%"));

      try (LifeboatProcess cron = lifeboat("cron", "", "backup", "now")) {
        assertThat(cron.awaitExit()).isEqualTo(1);
        assertThat(cron.output()).contains("shop is busy: r2 (restore, asked by alice")
            .contains("pid " + restore.pid());
      }
      // What the cron job's start used to undo: the freeze and the restored copy.
      assertThat(readOnlyDefault()).as("writes still stopped by the restore").isEqualTo("on");
      assertThat(databasesLike(db.name() + "_lbrestore_%")).containsExactly(copy);

      cancelSlowCheck();
      assertThat(restore.awaitExit()).as("the check failed, so the restore did").isEqualTo(1);
      assertThat(restore.output()).contains("r2 restore of shop failed");
    }
    // Its owner cleaned up after itself, as a failed restore does.
    assertThat(readOnlyDefault()).isEqualTo("off");
    assertThat(databasesLike(db.name() + "_lbrestore_%")).isEmpty();
    assertThat(fingerprint()).isEqualTo(before);
    assertThat(runs()).extracting(RunRecord::state)
        .containsExactly(RunState.SUCCEEDED, RunState.FAILED);
  }

  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded", "postgresql"})
  void twoApprovalsOfTwoRequestsForOneTargetAtOnceRunOneRestore(String state, TestPostgres pg)
      throws Exception {
    setUp(state, pg);
    try (LifeboatProcess asks = lifeboat("asks", "/backup now\n/restore latest\n"
        + "/restore latest\n", "console", "--user", "alice")) {
      assertThat(asks.awaitExit()).as(asks.output()).isZero();
      assertThat(asks.output()).contains("approval as a1").contains("approval as a2");
    }
    // Both consoles start at the same instant: neither may fail on the state database's lock.
    try (LifeboatProcess bob = lifeboat("bob", "/as bob\n/approve a1\n", "console", "--user",
        "alice");
        LifeboatProcess carol = lifeboat("carol", "/as carol\n/approve a2\n", "console",
            "--user", "alice")) {
      awaitSlowCheck(bob, carol);
      LifeboatProcess winner = bob.output().contains("starting r") ? bob : carol;
      LifeboatProcess loser = winner == bob ? carol : bob;
      String loserRequest = loser == bob ? "a1" : "a2";

      // Its /approve did nothing, so its piped script failed.
      assertThat(loser.awaitExit()).isEqualTo(2);
      assertThat(loser.output()).contains("shop is busy: r")
          .contains("running on lifeboat ").contains("pid " + winner.pid())
          .contains("Nothing of " + loserRequest + " ran and your approval was not counted")
          .doesNotContain("starting r").doesNotContain("lock");
      cancelSlowCheck();
      assertThat(winner.awaitExit()).isEqualTo(1);
    }
    assertThat(runs()).extracting(r -> r.info().runbook())
        .as("one restore ran, not two").containsExactly("backup", "restore");
  }

  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded", "postgresql"})
  void aKilledProcessIsRecoveredAtOnceOnItsHostAndElsewhereOnceItsLeaseRanOut(String state,
      TestPostgres pg) throws Exception {
    setUp(state, pg);
    Map<String, String> hostA = Map.of("LIFEBOAT_HOST", "host-a");
    try (Connection locker = db.connect(); Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      try (LifeboatProcess killed = lifeboat("killed", hostA, "", "backup", "now")) {
        awaitDumpWaitingForLock(killed);
        killed.sigkill();
      }
      terminateLeftoverDumps();

      // The next start on the same host sees the owner's pid is dead: no waiting for its lease.
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      locker.rollback();
      try (LifeboatProcess next = lifeboat("next", hostA, "", "backup", "now")) {
        assertThat(next.awaitExit()).as(next.output()).isZero();
        assertThat(next.output()).containsPattern("r\\d+ backup of shop for cli:\\S+ was "
            + "interrupted during dump")
            .contains("removed the unfinished backup shop/shop-");
      }

      // Killed again; this time an instance on another host notices, once the lease runs out.
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      try (LifeboatProcess killed = lifeboat("killed-again", hostA, "", "backup", "now")) {
        awaitDumpWaitingForLock(killed);
        killed.sigkill();
      }
      terminateLeftoverDumps();
      locker.rollback();
    }
    try (LifeboatProcess serve = lifeboat("serve-b", Map.of("LIFEBOAT_HOST", "host-b"), "",
        "serve")) {
      // (Run ids need not be consecutive: H2 hands out ids in blocks, and a kill loses one.)
      // The headline comes first and the tidied lines after it: wait for all of them.
      String out = serve.awaitOutput("the second killed run recovered",
          o -> o.contains("was interrupted during dump") && o.contains("its lease ran out")
              && o.contains("removed the unfinished backup"));
      assertThat(out).contains("on host-a, pid").contains("its lease ran out")
          .contains("removed the unfinished backup shop/shop-");
      serve.sigterm();
      assertThat(serve.awaitExit()).as(serve.output()).isZero();
    }
    assertThat(partials()).isEmpty();
    assertThat(runs()).extracting(RunRecord::state).containsExactly(RunState.INTERRUPTED,
        RunState.SUCCEEDED, RunState.INTERRUPTED);
    assertThat(leases()).isZero();
  }

  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded", "postgresql"})
  void anEditedRunbookVoidsARequestNeedingOneApproval(String state, TestPostgres pg)
      throws Exception {
    setUp(state, pg);
    try (LifeboatProcess asks = lifeboat("asks", "/backup now\n/restore latest\n", "console",
        "--user", "alice")) {
      assertThat(asks.awaitExit()).isZero();
    }
    Path runbook = dir.resolve("runbooks/restore.yaml");
    Files.writeString(runbook, Files.readString(runbook).replace("{jobs: 2}", "{jobs: 1}"));

    try (LifeboatProcess bob = lifeboat("bob", "/as bob\n/approve a1\n", "console", "--user",
        "alice")) {
      assertThat(bob.awaitExit()).as("bob's /approve ran nothing").isEqualTo(2);
      assertThat(bob.output()).contains("a1 is void: the restore runbook "
          + "(runbooks/restore.yaml) was edited since alice asked for it")
          .doesNotContain("starting r");
    }
    assertThat(runs()).extracting(r -> r.info().runbook()).containsExactly("backup");
  }

  // --- processes -------------------------------------------------------------------------

  private LifeboatProcess lifeboat(String name, String stdin, String... args) {
    return lifeboat(name, Map.of(), stdin, args);
  }

  private LifeboatProcess lifeboat(String name, Map<String, String> env, String stdin,
      String... args) {
    Map<String, String> environment = new HashMap<>(config.environment());
    environment.putAll(env);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", file.toString()));
    return LifeboatProcess.start(dir, name, environment, stdin, all.toArray(String[]::new));
  }

  private void backup() throws Exception {
    try (LifeboatProcess p = lifeboat("backup", "", "backup", "now")) {
      assertThat(p.awaitExit()).as(p.output()).isZero();
    }
  }

  /** Until pg_dump's session waits for the test's lock: the dump is under way. */
  private void awaitDumpWaitingForLock(LifeboatProcess p) throws Exception {
    ProcessChecks.awaitQuery(db, p, "the dump waiting for the lock",
        ProcessChecks.DUMP_WAITING_FOR_LOCK);
  }

  /** Until one of the processes runs the restore's slow check. */
  private void awaitSlowCheck(LifeboatProcess... processes) throws Exception {
    ProcessChecks.awaitQuery(db, processes[0], "the restore's slow check",
        "SELECT count(*) FROM pg_stat_activity WHERE query = '" + SLOW_CHECK + "'", processes);
  }

  private void cancelSlowCheck() throws SQLException {
    try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement()) {
      s.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query = '"
          + SLOW_CHECK + "'");
    }
  }

  private void terminateLeftoverDumps() throws SQLException {
    try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
          + "application_name = 'lifeboat' AND datname = '" + db.name() + "'");
    }
  }

  // --- what is left -----------------------------------------------------------------------

  private List<Path> partials() throws Exception {
    return ProcessChecks.partials(dir.resolve("backups/shop"));
  }

  private List<RunRecord> runs() {
    return ProcessChecks.runs(config);
  }

  private int leases() throws SQLException {
    try (StateDatabase state = StateDatabase.open(config.load().state());
        Connection c = state.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM run_leases")) {
      r.next();
      return r.getInt(1);
    }
  }

  private String readOnlyDefault() throws SQLException {
    try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT coalesce((SELECT array_to_string(setconfig, ',') "
            + "FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
            + "WHERE d.datname = '" + db.name() + "' AND s.setrole = 0), '')")) {
      r.next();
      return r.getString(1).contains("default_transaction_read_only=on") ? "on" : "off";
    }
  }

  private List<String> databasesLike(String pattern) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '"
            + pattern + "' ORDER BY datname")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }

  private String fingerprint() throws SQLException {
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT md5(string_agg(o::text, '|' ORDER BY id)) FROM "
            + "orders o")) {
      r.next();
      return r.getString(1);
    }
  }

  private static String single(List<String> names) {
    assertThat(names).hasSize(1);
    return names.get(0);
  }
}
