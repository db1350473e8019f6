package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.Lifeboat;
import dev.lifeboat.event.LifeboatEvent;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.RecordingSink;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Lifeboat process killed with SIGKILL in the middle of an approved restore leaves the
 * original database exactly as it was; the next start thaws it, drops the half-made copy and
 * reports the run as interrupted.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class KilledRestoreIT {
  @TempDir Path dir;

  @Test
  void aRestoreKilledBeforeTheSwapLeavesTheOriginalIntact(TestPostgres pg) throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
    db.execute("INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 5000) g");
    // A check that takes its time holds the run after the copy is restored, before the swap.
    TestConfig config = new TestConfig(dir).target("shop", db)
        .targetOption("shop", "checks", "[\"select pg_sleep(20) is not null\"]");
    Path file = config.write();

    Process first = lifeboat(config, file, "/backup now\n");
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(Files.readString(dir.resolve("cli.log"))).isZero();
    // The data changes after the backup: the restore would bring back the old rows.
    db.execute("DELETE FROM orders WHERE id > 4000");
    String before = fingerprint(db);

    Process restore = lifeboat(config, file, "/restore latest\n/as bob\n/approve\n");
    try {
      awaitCheckRunning(db, restore);
    } finally {
      restore.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    terminateLeftovers(db);

    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      Lifeboat.Recovery recovery = lifeboat.recover();

      assertThat(recovery.interrupted()).extracting(r -> r.runbook()).containsExactly("restore");
      assertThat(events.of(LifeboatEvent.RunInterrupted.class)).singleElement().satisfies(e -> {
        assertThat(e.lastStep()).isEqualTo("checks");
        assertThat(String.join("\n", e.tidied())).contains(db.name());
      });
    }
    assertThat(fingerprint(db)).as("the original's rows").isEqualTo(before);
    assertThat(db.count("orders")).isEqualTo(4000);
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW default_transaction_read_only")) {
      r.next();
      assertThat(r.getString(1)).as("writable again").isEqualTo("off");
    }
    assertThat(databasesLike(db, "%lbrestore%")).isEmpty();
  }

  private Process lifeboat(TestConfig config, Path file, String script) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "console", "--config",
        file.toString(), "--user", "alice")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("cli.log").toFile()));
    builder.environment().putAll(config.environment());
    Process p = builder.start();
    p.getOutputStream().write(script.getBytes());
    p.getOutputStream().close();
    return p;
  }

  private void awaitCheckRunning(TestDatabase db, Process cli) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    while (Instant.now().isBefore(deadline)) {
      assertThat(cli.isAlive()).as("still running; log:\n%s",
          Files.readString(dir.resolve("cli.log"))).isTrue();
      // Watch from the maintenance database: the restore's freeze ends every other session
      // on the target, which would include ours.
      try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE query LIKE "
              + "'%pg_sleep(20)%' AND pid <> pg_backend_pid()")) {
        r.next();
        if (r.getInt(1) > 0) {
          return;
        }
      } catch (java.sql.SQLException e) {
        // ended by the restore's freeze or swap; look again
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the restore never reached its checks; log:\n"
        + Files.readString(dir.resolve("cli.log")));
  }

  private static void terminateLeftovers(TestDatabase db) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
          + "application_name = 'lifeboat' AND pid <> pg_backend_pid()");
    }
  }

  private static String fingerprint(TestDatabase db) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT md5(string_agg(o::text, '|' ORDER BY id)) FROM "
            + "orders o")) {
      r.next();
      return r.getString(1);
    }
  }

  private static List<String> databasesLike(TestDatabase db, String pattern) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '"
            + pattern + "'")) {
      while (r.next()) {
        names.add(r.getString(1));
      }
    }
    return names;
  }
}
