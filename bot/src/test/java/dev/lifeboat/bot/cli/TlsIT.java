package dev.lifeboat.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.cluster.LocalCluster;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.TargetDatabase;
import dev.lifeboat.target.TargetUnavailableException;
import dev.lifeboat.testing.TestConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target reached with {@code sslmode=verify-full} and a CA of its own, as RDS and Cloud SQL are
 * reached: the server accepts TLS connections only, so every step that succeeds proves that both
 * Lifeboat's JDBC connection and the tools' libpq connections carried the URL's options.
 */
class TlsIT {
  private static LocalCluster cluster;
  private static Path tls;

  @TempDir Path dir;

  @BeforeAll
  static void startTlsOnlyServer() throws Exception {
    Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "target",
        "pg-tls-" + UUID.randomUUID().toString().substring(0, 8));
    cluster = LocalCluster.start(LocalCluster.Options.throwaway(base,
        PgInstallation.newestServer()));
    tls = Files.createDirectories(base.resolve("tls"));
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        "/CN=Lifeboat test CA", "-keyout", "ca.key", "-out", "ca.pem");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        "/CN=Somebody else's CA", "-keyout", "other-ca.key", "-out", "other-ca.pem");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout",
        "server.key", "-out", "server.csr");
    Files.writeString(tls.resolve("san.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.cnf", "-out", "server.crt");

    // The server reads its key as its own user (postgres when the tests run as root), and
    // refuses a key that others may read.
    Path data = base.resolve("data");
    UserPrincipal owner = Files.getOwner(data);
    for (String f : List.of("server.crt", "server.key")) {
      Path copy = Files.copy(tls.resolve(f), data.resolve(f));
      Files.setOwner(copy, owner);
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
    }
    Path hba = data.resolve("pg_hba.conf");
    Files.writeString(hba, "hostnossl all all all reject\n" + Files.readString(hba));
    try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("ALTER SYSTEM SET ssl = on");
      s.execute("SELECT pg_reload_conf()");
    }
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void verifyFullWithTheCaFromTheUrlConnectsOverTls() throws Exception {
    ConnectionInfo c = connection("verify-full", tls.resolve("ca.pem"));
    try (Connection conn = TargetDatabase.connect("shop", c); Statement s = conn.createStatement();
        ResultSet r = s.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getBoolean(1)).as("the connection is encrypted").isTrue();
    }
    // The proof below (a backup that works) stands on this: plain connections are refused.
    assertThatThrownBy(() -> TargetDatabase.connect("shop", connection("disable",
        tls.resolve("ca.pem"))).close()).isInstanceOf(TargetUnavailableException.class);
  }

  @Test
  void aCertificateFromAnotherCaIsReportedAsATlsFailure() {
    ConnectionInfo c = connection("verify-full", tls.resolve("other-ca.pem"));
    assertThatThrownBy(() -> TargetDatabase.connect("shop", c).close())
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("Cannot reach shop")
        .hasMessageContaining("over TLS")
        .hasMessageContaining("signed by targets.shop.sslrootcert")
        .hasMessageNotContaining("down or unreachable");
  }

  @Test
  void verifyFullWithoutARootCertificateSaysWhichKeyToSet() {
    ConnectionInfo c = new ConnectionInfo(cluster.host(), cluster.port(), "postgres",
        cluster.superuser(), Optional.of(dev.lifeboat.config.Secret.of(cluster.password(),
            "test")), Map.of("sslmode", "verify-full",
            "sslrootcert", dir.resolve("missing.pem").toString()));
    assertThatThrownBy(() -> TargetDatabase.connect("shop", c).close())
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("over TLS")
        .hasMessageNotContaining(cluster.password());
  }

  @Test
  void configCheckAndABackupWorkThroughTheCommandLine() throws Exception {
    createDatabase("shop");
    try (Connection c = cluster.connect("shop"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id int PRIMARY KEY)");
      s.execute("INSERT INTO orders SELECT generate_series(1, 7)");
    }
    TestConfig config = new TestConfig(dir)
        .target("shop", cluster.host(), cluster.port(), "shop", cluster.superuser(),
            cluster.password())
        .targetOption("shop", "sslmode", "verify-full")
        .targetOption("shop", "sslrootcert", tls.resolve("ca.pem").toString())
        .targetOption("shop", "connect_timeout", "5");
    Path file = config.write();

    ChildCli check = cli(config, "config", "check", "--config", file.toString());
    assertThat(check.exit()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("✓ target shop");

    // pg_dump connects through libpq with PGSSLMODE/PGSSLROOTCERT: the server refuses
    // anything but TLS, so a finished backup is the proof.
    ChildCli backup = cli(config, "backup", "now", "--target", "shop", "--config",
        file.toString(), "--json");
    assertThat(backup.exit()).as(backup.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(backup.out().strip());
    assertThat(json.get("backup").get("rows").asLong()).isEqualTo(7);
  }

  @Test
  void aMistypedParameterOrAMissingCaFileIsReportedByKey() throws Exception {
    TestConfig config = new TestConfig(dir)
        .target("shop", cluster.host(), cluster.port(), "postgres", cluster.superuser(),
            cluster.password())
        .targetOption("shop", "sslrootcert", "no-such-ca.pem")
        .targetOption("shop", "sslmode", "verify-fulll");
    ChildCli check = cli(config, "config", "check", "--config", config.write().toString());
    assertThat(check.exit()).isNotZero();
    assertThat(check.out() + check.err())
        .contains("targets.shop.sslmode: sslmode must be one of disable, allow, prefer, require, "
            + "verify-ca, verify-full, not 'verify-fulll'")
        .contains("targets.shop.sslrootcert: sslrootcert names " + dir.resolve("no-such-ca.pem"));
  }

  private static ConnectionInfo connection(String sslmode, Path rootCert) {
    return new ConnectionInfo(cluster.host(), cluster.port(), "postgres", cluster.superuser(),
        Optional.of(dev.lifeboat.config.Secret.of(cluster.password(), "test")),
        Map.of("sslmode", sslmode, "sslrootcert", rootCert.toString()));
  }

  private static void createDatabase(String name) throws Exception {
    try (Connection c = cluster.connect("postgres"); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name);
      s.execute("CREATE DATABASE " + name);
    }
  }

  private static void openssl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openssl"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).directory(tls.toFile()).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("openssl is needed to make the test's certificates "
          + "(Debian: apt-get install openssl; the postgresql package brings it)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }

  private static ChildCli cli(TestConfig config, String... args) throws Exception {
    return ChildCli.run(config.environment(), "", args);
  }
}
