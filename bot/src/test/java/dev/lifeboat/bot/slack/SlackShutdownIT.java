package dev.lifeboat.bot.slack;

import dev.lifeboat.bot.chat.Await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.bot.cli.LifeboatProcess;
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
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code lifeboat serve} in its own JVM with the Slack adapter, stopped with SIGTERM (what
 * {@code docker stop} sends) in the middle of a run: the run is cancelled cleanly, its final
 * state reaches Slack before the process exits 0, and nothing is left frozen or half-written.
 */
@ExtendWith(PostgresExtension.class)
class SlackShutdownIT {
  private static final String SLOW_CHECK = "select pg_sleep(60) is not null";
  private static final String CHANNEL = "C0OPS";

  @TempDir Path dir;
  private final AtomicInteger ids = new AtomicInteger();

  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded", "postgresql"})
  void sigtermDuringABackupCancelsItAndPostsTheFinalState(String state, TestPostgres pg)
      throws Exception {
    TestDatabase db = shop(pg);
    try (FakeSlack slack = new FakeSlack();
        LifeboatProcess serve = serve(slack, db, state, pg);
        Connection locker = db.connect(); Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");
      command(slack, "U0ALICE", "/backup now");
      awaitActivity(db, serve, "application_name = 'lifeboat' AND wait_event_type = 'Lock'");

      serve.sigterm();

      assertThat(serve.awaitExit()).as(serve.output()).isZero();
      FakeSlack.Message run = slack.find(CHANNEL, m -> m.text().startsWith("r")
          && m.text().contains("backup of shop")).orElseThrow();
      assertThat(run.text()).as("the final state, sent before the exit")
          .contains("backup of shop cancelled after");
      assertThat(run.blocks()).contains("shutting down");
      assertThat(serve.output()).contains("SIGTERM: stopping").contains("Lifeboat stopped.");
      locker.rollback();
    }
    try (Stream<Path> left = Files.walk(dir.resolve("backups"))) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no partial artifact").noneMatch(n -> n.startsWith(".partial-"));
    }
  }

  @ParameterizedTest(name = "{0} state")
  @ValueSource(strings = {"embedded", "postgresql"})
  void sigtermDuringARestoreThawsDropsTheCopyAndPostsTheFinalState(String state,
      TestPostgres pg) throws Exception {
    TestDatabase db = shop(pg);
    try (FakeSlack slack = new FakeSlack();
        LifeboatProcess serve = serve(slack, db, state, pg)) {
      command(slack, "U0ALICE", "/backup now");
      Await.until("the backup's success", Duration.ofMinutes(2), () -> slack.find(CHANNEL,
          m -> m.text().contains("backup of shop succeeded")));
      command(slack, "U0ALICE", "/restore");
      Await.until("the approval request", Duration.ofMinutes(1), () -> slack.find(CHANNEL,
          m -> m.blocks().contains("lifeboat-approval-a1\"")));
      command(slack, "U0BOB", "/approve a1");
      awaitActivity(db, serve, "query = '" + SLOW_CHECK + "'");
      assertThat(readOnly(db)).as("frozen by the restore").isTrue();

      serve.sigterm();

      assertThat(serve.awaitExit()).as(serve.output()).isZero();
      FakeSlack.Message run = slack.find(CHANNEL, m -> m.text().contains("restore of shop"))
          .orElseThrow();
      assertThat(run.text()).contains("restore of shop cancelled after");
      assertThat(run.blocks()).contains("shutting down");
    }
    assertThat(readOnly(db)).as("writes allowed again").isFalse();
    assertThat(databasesLike(db, db.name() + "_lbrestore_%")).as("no half-made copy").isEmpty();
    assertThat(db.count("orders")).isEqualTo(1234);
  }

  private LifeboatProcess serve(FakeSlack slack, TestDatabase db, String state, TestPostgres pg)
      throws Exception {
    TestConfig config = new TestConfig(dir).target("shop", db)
        .extra("instance: {lease: 2s, shutdown_grace: 1s}\n");
    if (state.equals("postgresql")) {
      config.postgresState(pg.newDatabase());
    }
    Path file = config.write();
    Files.writeString(file, Files.readString(file)
        .replace("    password_env:", "    checks: [\"" + SLOW_CHECK + "\"]\n    password_env:")
        .replace("alice: {groups: [on-call]}", "alice: {groups: [on-call], slack: U0ALICE}")
        .replace("bob: {groups: [tech-owners]}", "bob: {groups: [tech-owners], slack: U0BOB}")
        .replace("chat:\n", "chat:\n  slack: {enabled: true, mode: socket, bot_token_env: "
            + "TEST_SLACK_BOT, app_token_env: TEST_SLACK_APP, api_url: \"" + slack.apiUrl()
            + "\", channel: " + CHANNEL + "}\n"));
    Map<String, String> env = new HashMap<>(config.environment());
    env.put("TEST_SLACK_BOT", FakeSlack.BOT_TOKEN);
    env.put("TEST_SLACK_APP", FakeSlack.APP_TOKEN);
    LifeboatProcess serve = LifeboatProcess.start(dir, "serve", env, "", "serve", "--config",
        file.toString());
    Await.until("serve's Socket Mode connection", Duration.ofMinutes(1),
        () -> java.util.Optional.of(true).filter(t -> slack.socketMode().connected()
            && serve.output().contains("Lifeboat is serving")));
    return serve;
  }

  private void command(FakeSlack slack, String user, String line) {
    int n = ids.incrementAndGet();
    String[] parts = line.split(" ", 2);
    slack.socketMode().send("env-" + n, Envelopes.envelope("env-" + n, "slash_commands",
        Envelopes.slashCommand(user, CHANNEL, parts[0], parts.length > 1 ? parts[1] : "",
            "trigger-" + n, slack.responseUrl("cmd-" + n)), 0));
  }

  private static void awaitActivity(TestDatabase db, LifeboatProcess serve, String where)
      throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      assertThat(serve.isAlive()).as(serve.output()).isTrue();
      try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE " + where)) {
        r.next();
        if (r.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never saw " + where + "; serve's output:\n" + serve.output());
  }

  private static boolean readOnly(TestDatabase db) throws SQLException {
    try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM pg_db_role_setting s JOIN "
            + "pg_database d ON d.oid = s.setdatabase WHERE d.datname = '" + db.name()
            + "' AND s.setrole = 0 AND 'default_transaction_read_only=on' = ANY (setconfig)")) {
      r.next();
      return r.getInt(1) > 0;
    }
  }

  private static List<String> databasesLike(TestDatabase db, String pattern)
      throws SQLException {
    List<String> names = new java.util.ArrayList<>();
    try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '"
            + pattern + "'")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }

  private static TestDatabase shop(TestPostgres pg) {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY)");
    db.execute("INSERT INTO orders SELECT generate_series(1, 1234)");
    return db;
  }
}
