package dev.lifeboat.postgres;

import dev.lifeboat.cluster.LocalCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.config.Secret;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.testing.PostgresExtension;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dropping a scratch database as a role that is not a superuser (as on RDS or Supabase), with
 * sessions on it that role may not end: an autovacuum worker (finding 6) and another superuser's
 * session. The cluster is this class's own, with autovacuum waking every second, so a worker
 * really sits on the database while it is dropped.
 */
class DatabaseAdminIT {
  private static final String OWNER = "scratch_owner";
  private static final String OWNER_PASSWORD = UUID.randomUUID().toString();
  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Path directory = PostgresExtension.moduleTarget().resolve("pg-admin-"
        + UUID.randomUUID().toString().substring(0, 8));
    cluster = LocalCluster.start(LocalCluster.Options.throwaway(directory,
        PgInstallation.newestServer()));
    try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("ALTER SYSTEM SET autovacuum_naptime = '1s'");
      s.execute("SELECT pg_reload_conf()");
      s.execute("CREATE ROLE " + OWNER + " LOGIN CREATEDB PASSWORD '" + OWNER_PASSWORD + "'");
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aScratchDatabaseDropsWhileAnAutovacuumWorkerIsOnIt() throws Exception {
    String scratch = "lifeboat_verify_" + UUID.randomUUID().toString().substring(0, 8);
    try (DatabaseAdmin admin = asOwner()) {
      admin.createEmpty(scratch);
    }
    try (Connection c = connectAsOwner(scratch); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE big (id int, filler text)");
      s.execute("INSERT INTO big SELECT i, repeat('x', 200) FROM generate_series(1, 50000) i");
      // Vacuuming this table at one page per 100 ms keeps the worker there for minutes.
      s.execute("ALTER TABLE big SET (autovacuum_vacuum_threshold = 0, "
          + "autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_cost_delay = 100, "
          + "autovacuum_vacuum_cost_limit = 1)");
      s.execute("DELETE FROM big WHERE id % 2 = 0");
    }
    awaitAutovacuumOn(scratch);

    try (DatabaseAdmin admin = asOwner()) {
      admin.drop(scratch);

      assertThat(admin.exists(scratch)).isFalse();
    }
  }

  @Test
  void aSessionTheRoleMayNotEndFailsTheDropWithTheDatabaseAndTheCommandToRun()
      throws Exception {
    String scratch = "lifeboat_verify_" + UUID.randomUUID().toString().substring(0, 8);
    try (DatabaseAdmin admin = asOwner()) {
      admin.createEmpty(scratch);
    }
    try (Connection stray = cluster.connect(scratch); DatabaseAdmin admin = asOwner()) {
      assertThat(stray.isValid(5)).isTrue();

      SQLException refused = null;
      try {
        admin.drop(scratch);
      } catch (SQLException e) {
        refused = e;
      }

      assertThat((Throwable) refused).as("the drop must fail while the superuser's session is on it")
          .isNotNull();
      LifeboatException failure = admin.dropFailure(scratch, refused);
      assertThat(failure.getMessage()).startsWith("Could not drop the database " + scratch
          + " on 127.0.0.1:" + cluster.port() + ": ")
          .contains("Still connected: 1 session of " + cluster.superuser() + ", which "
              + OWNER + " may not end.")
          .endsWith("run: DROP DATABASE \"" + scratch + "\" WITH (FORCE);");
      assertThat(admin.exists(scratch)).isTrue();
    }
    // Once that session is gone, the same drop goes through.
    try (DatabaseAdmin admin = asOwner()) {
      admin.drop(scratch);
      assertThat(admin.exists(scratch)).isFalse();
    }
  }

  @Test
  void aSuperuserEndsStraySessionsAndDrops() throws Exception {
    String scratch = "lifeboat_verify_" + UUID.randomUUID().toString().substring(0, 8);
    cluster.createDatabase(scratch);
    try (Connection stray = cluster.connect(scratch);
        DatabaseAdmin admin = DatabaseAdmin.connect("test", new ConnectionInfo(cluster.host(),
            cluster.port(), "postgres", cluster.superuser(),
            Optional.of(Secret.of(cluster.password(), "test")), Map.of()))) {
      admin.drop(scratch);

      assertThat(admin.exists(scratch)).isFalse();
      assertThat(stray.isValid(5)).isFalse();
    }
  }

  @Test
  void namesThatPostgresqlWouldChangeAreRefusedBeforeAnySql() {
    assertThat(DatabaseAdmin.quote("it's a \"test\"")).isEqualTo("\"it's a \"\"test\"\"\"");
    assertThat(DatabaseAdmin.quote("Sales", "we\"ird")).isEqualTo("\"Sales\".\"we\"\"ird\"");
    assertThatThrownBy(() -> DatabaseAdmin.quote("a\0b")).isInstanceOf(LifeboatException.class)
        .hasMessageContaining("NUL");
    assertThatThrownBy(() -> DatabaseAdmin.quote("")).isInstanceOf(LifeboatException.class);
    assertThat(DatabaseAdmin.quote("ü".repeat(31))).hasSize(33);
    assertThatThrownBy(() -> DatabaseAdmin.quote("ü".repeat(32)))
        .isInstanceOf(LifeboatException.class).hasMessageContaining("at most 63 bytes");
  }

  private static void awaitAutovacuumOn(String database) throws Exception {
    try (Connection c = cluster.connect("postgres");
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM pg_stat_activity "
            + "WHERE datname = ? AND backend_type = 'autovacuum worker'")) {
      s.setString(1, database);
      for (int i = 0; i < 1200; i++) {
        try (ResultSet r = s.executeQuery()) {
          r.next();
          if (r.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("no autovacuum worker came to " + database + " within 2 minutes");
  }

  private static ConnectionInfo owner(String database) {
    return new ConnectionInfo(cluster.host(), cluster.port(), database, OWNER,
        Optional.of(Secret.of(OWNER_PASSWORD, "test")), Map.of());
  }

  private static DatabaseAdmin asOwner() {
    return DatabaseAdmin.connect("test", owner("postgres"));
  }

  private static Connection connectAsOwner(String database) throws SQLException {
    return java.sql.DriverManager.getConnection(owner(database).jdbcUrl(),
        owner(database).jdbcProperties());
  }
}
