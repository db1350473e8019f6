package dev.lifeboat.postgres;

import dev.lifeboat.cluster.LocalCluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lifeboat.testing.NewerPostgres;
import dev.lifeboat.testing.PostgresExtension;
import dev.lifeboat.testing.TestDatabase;
import dev.lifeboat.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("slow")
@ExtendWith(PostgresExtension.class)
class LocalClusterIT {

  @Test
  void createsDatabaseTableAndCountsRows(TestPostgres postgres) throws SQLException {
    TestDatabase database = postgres.newDatabase();

    database.execute("create table public.items (id bigint primary key, name text not null)");
    database.execute(
        "insert into public.items select i, 'item ' || i from generate_series(1, 250) i");

    assertThat(database.count("public.items")).isEqualTo(250);
    assertThat(queryString(database.connect(), "select current_database()"))
        .isEqualTo(database.name());
  }

  @Test
  void newDatabasesAreDistinctAndEmpty(TestPostgres postgres) {
    TestDatabase first = postgres.newDatabase();
    TestDatabase second = postgres.newDatabase();
    first.execute("create table only_in_first (id int)");

    assertThat(first.name()).isNotEqualTo(second.name()).matches("[a-z0-9_]+");
    assertThatThrownBy(() -> second.count("only_in_first"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(second.name());
  }

  @Test
  void quotesAwkwardDatabaseNames(TestPostgres postgres) throws SQLException {
    LocalCluster cluster = postgres.cluster();
    String name = "it's a \"test\"; drop/ü?";

    cluster.createDatabase(name);
    assertThat(queryString(cluster.connect(name), "select current_database()")).isEqualTo(name);
    cluster.dropDatabase(name);
    cluster.dropDatabase(name);

    try (Connection connection = cluster.connect("postgres");
        PreparedStatement exists =
            connection.prepareStatement("select count(*) from pg_database where datname = ?")) {
      exists.setString(1, name);
      try (ResultSet rows = exists.executeQuery()) {
        rows.next();
        assertThat(rows.getInt(1)).isZero();
      }
    }
  }

  @Test
  void dropsDatabasesThatStillHaveSessions(TestPostgres postgres) throws SQLException {
    TestDatabase database = postgres.newDatabase();
    try (Connection open = database.connect()) {
      database.drop();

      assertThat(open.isValid(2)).isFalse();
    }
  }

  @Test
  void tcpConnectionsNeedThePassword(TestPostgres postgres) {
    LocalCluster cluster = postgres.cluster();

    assertThatThrownBy(() ->
        DriverManager.getConnection(cluster.jdbcUrl("postgres"), cluster.superuser(), "wrong"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }

  @Test
  void serverFilesDoNotBelongToRoot(TestPostgres postgres) throws Exception {
    LocalCluster cluster = postgres.cluster();

    assertThat(cluster.isRunning()).isTrue();
    assertThat((Integer) Files.getAttribute(cluster.directory().resolve("data"), "unix:uid"))
        .isNotZero();
    assertThat(cluster.host()).isEqualTo("127.0.0.1");
    assertThat(cluster.majorVersion()).isEqualTo(cluster.installation().major());
  }

  @Test
  void refusesToReuseAnExistingDataDirectory(TestPostgres postgres) {
    LocalCluster shared = postgres.cluster();
    // deleteOnClose=false: a refused start must never delete what is already there.
    LocalCluster.Options options = new LocalCluster.Options(
        shared.installation(), shared.directory(), "someone", "secret", true, false);

    assertThatThrownBy(() -> LocalCluster.start(options))
        .isInstanceOf(dev.lifeboat.cluster.ClusterException.class)
        .hasMessageContaining("already exists");
    assertThat(shared.isRunning()).isTrue();
  }

  @Test
  void optionsDoNotPrintThePassword() {
    PgInstallation installation = new PgInstallation(15, "15.18", Path.of("/opt/pg/bin"));
    LocalCluster.Options options =
        LocalCluster.Options.throwaway(Path.of("target/x"), installation);

    assertThat(options.toString()).doesNotContain(options.password());
    assertThat(options.password()).hasSizeGreaterThanOrEqualTo(20);
  }

  @Test
  void runsTheNewerBundledServer() throws SQLException {
    PgInstallation installation = NewerPostgres.installation();
    assertThat(installation.major()).isEqualTo(18);
    assertThat(installation.hasServer()).isTrue();

    LocalCluster cluster = NewerPostgres.startCluster();
    try (cluster) {
      assertThat(cluster.majorVersion()).isEqualTo(18);
      int versionNumber = Integer.parseInt(queryString(cluster.connect("postgres"),
          "select current_setting('server_version_num')"));
      assertThat(versionNumber).isGreaterThanOrEqualTo(180000);
    }

    assertThat(cluster.isRunning()).isFalse();
    assertThat(cluster.directory()).doesNotExist();
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (connection;
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
