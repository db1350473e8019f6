package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.run.RunRecord;
import dev.lifeboat.run.RunState;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cron job's {@code backup now} or {@code verify} beside a serve on the same machine: two real
 * JVMs. The command line hands the command to the serve, which runs it as its own run and sends
 * back the output and the exit code; when the serve would run it differently, the command runs
 * in its own process as before; a stopped or killed command line cancels its run in the serve.
 */
@ExtendWith(PostgresExtension.class)
class HandoffIT {
  private static final String HANDED = "the serve on this machine";

  @TempDir Path dir;

  private TestDatabase db;
  private TestConfig config;
  private Path file;
  private int commands;

  @BeforeEach
  void setUp(TestPostgres pg) throws Exception {
    db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
    db.execute("INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
    config = new TestConfig(dir).target("shop", db)
        .extra("instance: {lease: 2s, shutdown_grace: 1s}\n");
    file = config.write();
  }

  @Test
  void aCronBackupAndVerifyRunInTheServeAndReportAsIfRunHere() throws Exception {
    try (LifeboatProcess serve = serve()) {
      try (LifeboatProcess cron = command(Map.of(), "backup", "now", "--json")) {
        assertThat(cron.awaitExit()).as(cron.output()).isZero();
        assertThat(cron.output()).contains(HANDED + " (pid " + serve.pid() + ")")
            .contains("\"state\":\"succeeded\"").contains("\"target\":\"shop\"")
            .contains("dump (2/2)");
      }
      try (LifeboatProcess cron = command(Map.of(), "verify")) {
        assertThat(cron.awaitExit()).as(cron.output()).isZero();
        assertThat(cron.output()).contains(HANDED).contains("succeeded r2 shop")
            .contains("5,000 rows match");
      }
      // An error the serve meets after taking the command reaches the caller, with its code.
      try (LifeboatProcess cron = command(Map.of(), "verify", "shop-20000101-000000")) {
        assertThat(cron.awaitExit()).as(cron.output()).isEqualTo(ExitCode.USAGE.code());
        assertThat(cron.output()).contains(HANDED).contains("shop-20000101-000000");
      }
      // The launcher's small JVM, with nothing of Lifeboat but the handoff's classes.
      try (LifeboatProcess small = LifeboatProcess.startHandoffJar(dir, "small", handing(),
          "backup", "now", "--config", file.toString())) {
        assertThat(small.awaitExit()).as(small.output()).isZero();
        assertThat(small.output()).contains(HANDED).contains("succeeded r3 shop");
      }
      serve.awaitOutput("the handed runs", out -> out.contains("r3 backup of shop succeeded"));
      serve.sigterm();
      assertThat(serve.awaitExit()).as(serve.output()).isZero();
      assertThat(serve.output()).contains("r1 backup of shop started for cli:");
    }
    assertThat(runs()).extracting(RunRecord::state)
        .containsExactly(RunState.SUCCEEDED, RunState.SUCCEEDED, RunState.SUCCEEDED);
    assertThat(socketsLeft()).as("the serve removed its socket").isEmpty();
    // No serve: the small JVM says so, and the launcher runs the command with all of Lifeboat.
    try (LifeboatProcess small = LifeboatProcess.startHandoffJar(dir, "alone", handing(),
        "backup", "now", "--config", file.toString())) {
      assertThat(small.awaitExit()).as(small.output()).isEqualTo(HandoffMain.NOT_TAKEN);
      assertThat(small.output()).isEmpty();
    }
  }

  @Test
  void aCommandThatTheServeWouldRunDifferentlyRunsInItsOwnProcess() throws Exception {
    try (LifeboatProcess serve = serve()) {
      // Another password for the target: the serve's would not be the command line's.
      Map<String, String> other = new HashMap<>(config.environment());
      other.replaceAll((name, value) -> name.startsWith("TEST_PASSWORD") ? "wrong" : value);
      try (LifeboatProcess cron = command(other, "backup", "now")) {
        assertThat(cron.awaitExit()).as(cron.output()).isEqualTo(1);
        assertThat(cron.output()).doesNotContain(HANDED).contains("failed r1 shop")
            .contains("refused the user or password");
      }
      // A usage error is the command line's own, word for word as without a serve.
      try (LifeboatProcess cron = command(Map.of(), "verify", "--all")) {
        assertThat(cron.awaitExit()).isEqualTo(2);
        assertThat(cron.output()).doesNotContain(HANDED).contains("Unknown option: '--all'");
      }
      // Asked to run here.
      try (LifeboatProcess cron = command(Map.of("LIFEBOAT_HANDOFF", "off"), "backup", "now")) {
        assertThat(cron.awaitExit()).as(cron.output()).isZero();
        assertThat(cron.output()).doesNotContain(HANDED).contains("succeeded r2 shop");
      }
      serve.sigterm();
      assertThat(serve.awaitExit()).as(serve.output()).isZero();
      assertThat(serve.output()).doesNotContain("r1 backup").doesNotContain("r2 backup");
    }
  }

  @Test
  void aStoppedCommandLineCancelsItsRunInTheServe() throws Exception {
    try (LifeboatProcess serve = serve();
        Connection locker = db.connect(); Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      try (LifeboatProcess cron = command(Map.of(), "backup", "now")) {
        awaitDumpWaitingForLock(cron);
        cron.sigterm();
        assertThat(cron.awaitExit()).as(cron.output()).isEqualTo(1);
        assertThat(cron.output()).contains(HANDED).contains("cancelled r1 shop")
            .contains("cancelled by SIGTERM");
      }
      // Killed outright, it cannot say so: the serve sees the socket close and cancels too.
      try (LifeboatProcess cron = command(Map.of(), "backup", "now")) {
        awaitDumpWaitingForLock(cron);
        cron.sigkill();
        serve.awaitOutput("the second run cancelled", out -> out.contains("r2 · dump cancelled")
            && out.contains("cancelled by the command line going away"));
      }
      locker.rollback();
      serve.sigterm();
      assertThat(serve.awaitExit()).as(serve.output()).isZero();
    }
    assertThat(runs()).extracting(RunRecord::state)
        .containsExactly(RunState.CANCELLED, RunState.CANCELLED);
    assertThat(partials()).isEmpty();
  }

  @Test
  void aCommandLineWhoseServeDiesSaysSoAndFails() throws Exception {
    try (Connection locker = db.connect(); Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      try (LifeboatProcess serve = serve();
          LifeboatProcess cron = command(Map.of(), "backup", "now")) {
        awaitDumpWaitingForLock(cron);
        serve.sigkill();
        assertThat(cron.awaitExit()).as(cron.output()).isEqualTo(1);
        assertThat(cron.output()).contains(HANDED)
            .contains("(pid " + serve.pid() + ") running this command went away")
            .contains("the next Lifeboat start recovers the run");
      }
      locker.rollback();
    }
    // The next start recovers it, as any run of a killed process.
    try (LifeboatProcess serve = serve()) {
      serve.awaitOutput("the run recovered", out -> out.contains("r1") && out.contains(
          "interrupted"));
      serve.sigterm();
      assertThat(serve.awaitExit()).as(serve.output()).isZero();
    }
    assertThat(runs()).extracting(RunRecord::state).containsExactly(RunState.INTERRUPTED);
    assertThat(partials()).isEmpty();
  }

  private LifeboatProcess serve() throws Exception {
    LifeboatProcess serve = LifeboatProcess.start(dir, "serve", config.environment(), "",
        "serve", "--config", file.toString());
    serve.awaitOutput("serve ready", out -> out.contains("Lifeboat is serving"));
    return serve;
  }

  /** The target's password and handing over on: cron's environment. */
  private Map<String, String> handing() {
    Map<String, String> environment = new HashMap<>(config.environment());
    environment.put("LIFEBOAT_HANDOFF", "on");
    return environment;
  }

  /** {@code lifeboat ARGS} as cron runs it, with handing over on, in the test's folder. */
  private LifeboatProcess command(Map<String, String> env, String... args) {
    Map<String, String> environment = handing();
    environment.putAll(env);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--config", file.toString()));
    return LifeboatProcess.start(dir, "command-" + ++commands, environment, "",
        all.toArray(String[]::new));
  }

  private void awaitDumpWaitingForLock(LifeboatProcess p) throws Exception {
    ProcessChecks.awaitQuery(db, p, "the dump waiting for the lock",
        ProcessChecks.DUMP_WAITING_FOR_LOCK);
  }

  private List<RunRecord> runs() {
    return ProcessChecks.runs(config);
  }

  private List<Path> partials() throws Exception {
    return ProcessChecks.partials(dir.resolve("backups/shop"));
  }

  private List<Path> socketsLeft() throws Exception {
    try (Stream<Path> entries = Files.list(dir.resolve("run"))) {
      return entries.toList();
    }
  }
}
