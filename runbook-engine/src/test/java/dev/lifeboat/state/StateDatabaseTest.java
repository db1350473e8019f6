package dev.lifeboat.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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

  /**
   * Finding 7: H2's automatic server mode listened on every interface with an empty password.
   * Now it listens on 127.0.0.1 only and the password is generated into a file only the owner
   * may read.
   */
  @Test
  void theEmbeddedServerListensOnLoopbackOnlyBehindAGeneratedPassword() throws Exception {
    Path path = dir.resolve("state/lifeboat");
    try (StateDatabase db = StateDatabase.open(StateSettings.embedded(path))) {
      Properties lock = new Properties();
      try (var in = Files.newInputStream(Path.of(path + ".lock.db"))) {
        lock.load(in);
      }
      int port = Integer.parseInt(lock.getProperty("server").replaceAll(".*:", ""));

      try (Socket loopback = new Socket()) {
        loopback.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        assertThat(loopback.isConnected()).isTrue();
      }
      List<InetAddress> others = nonLoopbackAddresses();
      assertThat(others).as("this test needs a network interface besides loopback").isNotEmpty();
      for (InetAddress other : others) {
        assertThatThrownBy(() -> {
          try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(other, port), 2000);
          }
        }).as("reachable on " + other).isInstanceOf(ConnectException.class);
      }

      Path secret = Path.of(path + ".secret");
      assertThat(Files.getPosixFilePermissions(secret))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE);
      assertThat(Files.readString(secret).strip()).hasSize(48);
      assertThat(Files.getPosixFilePermissions(Path.of(path + ".mv.db")))
          .doesNotContain(PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_READ);
      String served = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + path;
      assertThatThrownBy(() -> DriverManager.getConnection(served, "lifeboat", "").close())
          .isInstanceOf(SQLException.class).hasMessageContaining("Wrong user name or password");
    }
  }

  @Test
  void aDatabaseFromBeforeGeneratedPasswordsGetsOneAndKeepsItsRows() throws Exception {
    Path path = dir.resolve("state/old");
    Files.createDirectories(path.getParent());
    String old = "jdbc:h2:file:" + path + ";MODE=PostgreSQL";
    EmbeddedServer.loopbackOnly(); // before this test loads H2 itself
    // What an earlier Lifeboat left: schema version 3, an empty password, one run.
    org.flywaydb.core.Flyway.configure().dataSource(old, "lifeboat", "")
        .locations("classpath:db/migration").target("3").load().migrate();
    try (Connection c = DriverManager.getConnection(old, "lifeboat", "");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO runs (runbook, target, plan_hash, params, requested_by, origin, "
          + "state, created_at) VALUES ('backup', 'shop', 'h', '{}', 'alice', 'cli', "
          + "'SUCCEEDED', 1)");
    }
    try (StateDatabase db = StateDatabase.open(StateSettings.embedded(path));
        Connection c = db.connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM runs")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getInt(1)).isEqualTo(1);
    }
    assertThatThrownBy(() -> DriverManager.getConnection("jdbc:h2:file:" + path
        + ";MODE=PostgreSQL;IFEXISTS=TRUE", "lifeboat", "").close())
        .hasMessageContaining("Wrong user name or password");
  }

  private static List<InetAddress> nonLoopbackAddresses() throws Exception {
    List<InetAddress> result = new ArrayList<>();
    for (NetworkInterface n : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (n.isUp() && !n.isLoopback()) {
        for (InetAddress a : java.util.Collections.list(n.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            result.add(a);
          }
        }
      }
    }
    return result;
  }
}
