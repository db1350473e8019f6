package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lifeboat.run.JdbcRunRepository;
import dev.lifeboat.run.RunRecord;
import dev.lifeboat.state.StateDatabase;
import dev.lifeboat.testing.TestConfig;
import dev.lifeboat.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the tests with several Lifeboat processes look at from outside: the target's sessions,
 * the store's half-written backups, the state database's runs.
 */
final class ProcessChecks {
  /** pg_dump's session waits for the test's table lock: the dump is under way. */
  static final String DUMP_WAITING_FOR_LOCK = "SELECT count(*) FROM pg_stat_activity "
      + "WHERE application_name = 'lifeboat' AND wait_event_type = 'Lock' "
      + "AND query LIKE 'LOCK TABLE%'";

  private ProcessChecks() {}

  /**
   * Until {@code sql} (a count) is above zero on {@code db}'s server, while {@code p} or one of
   * {@code alsoAlive} runs. From the maintenance database: a restore's freeze ends sessions on
   * the target.
   */
  static void awaitQuery(TestDatabase db, LifeboatProcess p, String what, String sql,
      LifeboatProcess... alsoAlive) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    while (Instant.now().isBefore(deadline)) {
      boolean anyAlive = p.isAlive() || Stream.of(alsoAlive).anyMatch(LifeboatProcess::isAlive);
      assertThat(anyAlive).as("still running, waiting for %s; output:\n%s", what, p.output())
          .isTrue();
      try (Connection c = db.cluster().connect("postgres"); Statement s = c.createStatement();
          ResultSet r = s.executeQuery(sql)) {
        r.next();
        if (r.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never saw " + what + "; output:\n" + p.output());
  }

  /** The half-written backups in a target's folder of a local store. */
  static List<Path> partials(Path targetFolder) throws Exception {
    if (!Files.isDirectory(targetFolder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(targetFolder)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(".partial-")).toList();
    }
  }

  /** The state database's runs, oldest first, read as one more process would. */
  static List<RunRecord> runs(TestConfig config) {
    try (StateDatabase state = StateDatabase.open(config.load().state())) {
      List<RunRecord> runs = new ArrayList<>(new JdbcRunRepository(state).recent(100));
      Collections.reverse(runs);
      return runs;
    }
  }
}
