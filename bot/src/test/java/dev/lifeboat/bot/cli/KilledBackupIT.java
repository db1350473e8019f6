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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup process killed with SIGKILL in the middle of its dump leaves nothing that looks like
 * a backup, and the next start removes the leftovers and reports the run as interrupted.
 */
@Tag("slow")
@ExtendWith(PostgresExtension.class)
class KilledBackupIT {
  @TempDir Path dir;

  @Test
  void aKilledBackupLeavesNoVisibleArtifactAndIsReportedAtTheNextStart(TestPostgres pg)
      throws Exception {
    TestDatabase db = pg.newDatabase();
    db.execute("CREATE TABLE orders (id int PRIMARY KEY, note text)");
    db.execute("INSERT INTO orders SELECT g, md5(g::text) FROM generate_series(1, 20000) g");
    TestConfig config = new TestConfig(dir).target("shop", db);
    Path file = config.write();
    Path store = dir.resolve("backups");

    // Hold a lock pg_dump must wait for, so the kill lands mid-dump every time.
    try (Connection locker = db.connect(); Statement lock = locker.createStatement()) {
      locker.setAutoCommit(false);
      lock.execute("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE");

      ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-cp",
          System.getProperty("java.class.path"), Main.class.getName(), "backup", "now",
          "--target", "shop", "--config", file.toString())
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("cli.log").toFile());
      builder.environment().putAll(config.environment());
      Process cli = builder.start();
      try {
        awaitLockWait(db, cli);
        assertThat(partials(store)).as("a backup is being written").hasSize(1);
      } finally {
        cli.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      assertThat(cli.exitValue()).as("killed by SIGKILL").isEqualTo(137);
      locker.rollback();
    }
    terminateLeftoverDumps(db);

    // Nothing in the store looks like a backup.
    try (Stream<Path> entries = Files.list(store.resolve("shop"))) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .allMatch(name -> name.startsWith(".partial-"));
    }

    try (Lifeboat lifeboat = config.start()) {
      RecordingSink events = new RecordingSink();
      lifeboat.events().subscribe(events);
      assertThat(lifeboat.stores().get("local").manifests()).isEmpty();

      Lifeboat.Recovery recovery = lifeboat.recover();

      assertThat(recovery.removedPartials()).singleElement().asString().startsWith("shop/shop-");
      assertThat(partials(store)).isEmpty();
      assertThat(recovery.interrupted()).singleElement().satisfies(run -> {
        assertThat(run.runbook()).isEqualTo("backup");
        assertThat(run.requestedBy()).startsWith("cli:");
      });
      assertThat(events.of(LifeboatEvent.RunInterrupted.class)).singleElement()
          .satisfies(e -> assertThat(e.lastStep()).isEqualTo("dump"));
      assertThat(lifeboat.catalog().list(java.util.Optional.empty(), 10)).isEmpty();
      assertThat(lifeboat.audit().recent(1)).singleElement()
          .satisfies(a -> assertThat(a.outcome()).isEqualTo("interrupted"));
    }
  }

  /** Waits until pg_dump's session is blocked on the lock, i.e. the dump is under way. */
  private static void awaitLockWait(TestDatabase db, Process cli) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      assertThat(cli.isAlive()).as("the backup process is still running").isTrue();
      try (Connection c = db.connect(); Statement s = c.createStatement();
          ResultSet r = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE "
              + "application_name = 'lifeboat' AND wait_event_type = 'Lock' "
              + "AND query LIKE 'LOCK TABLE%'")) {
        r.next();
        if (r.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the backup never started waiting for the lock");
  }

  private static void terminateLeftoverDumps(TestDatabase db) throws Exception {
    try (Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
          + "application_name = 'lifeboat' AND pid <> pg_backend_pid()");
    }
  }

  private static List<Path> partials(Path store) throws Exception {
    Path target = store.resolve("shop");
    if (!Files.isDirectory(target)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(target)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(".partial-")).toList();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
