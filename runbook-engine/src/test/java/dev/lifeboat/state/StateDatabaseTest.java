package dev.lifeboat.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDatabaseTest {
  @TempDir Path dir;

  @Test
  void theSchemaVersionThatSkipsFlywayIsTheNewestMigration() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      int newest = files.map(f -> f.getFileName().toString())
          .map(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max(Integer::compare)
          .orElseThrow();
      assertThat(StateDatabase.SCHEMA_VERSION).isEqualTo(newest);
    }
  }

  @Test
  void aNewDatabaseIsMigratedAndReopeningItKeepsItsRows() throws Exception {
    StateSettings settings = StateSettings.embedded(dir.resolve("state/lifeboat"));
    try (StateDatabase db = StateDatabase.open(settings); Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO runs (runbook, target, plan_hash, params, requested_by, origin, "
          + "state, created_at) VALUES ('backup', 'shop', 'h', '{}', 'alice', 'cli', "
          + "'SUCCEEDED', 1)");
    }
    try (StateDatabase db = StateDatabase.open(settings); Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM runs, approval_requests "
            + "WHERE 1 = 0 UNION ALL SELECT count(*) FROM runs")) {
      r.next();
      r.next();
      assertThat(r.getLong(1)).isEqualTo(1);
    }
  }
}
