package dev.lifeboat.target;

import dev.lifeboat.Messages;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Connects to a target with messages a person can act on when it fails. */
public final class TargetDatabase {
  private TargetDatabase() {}

  public static Connection connect(String targetName, ConnectionInfo connection) {
    try {
      return DriverManager.getConnection(connection.jdbcUrl(), connection.jdbcProperties());
    } catch (SQLException e) {
      throw new TargetUnavailableException(explain(targetName, connection, e), e);
    }
  }

  /** The server's version, e.g. {@code 15.18} and major 15. */
  public record ServerVersion(int major, String version) {}

  public static ServerVersion version(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT current_setting('server_version_num')::int, "
            + "current_setting('server_version')")) {
      r.next();
      String full = r.getString(2);
      return new ServerVersion(r.getInt(1) / 10000, full.split(" ")[0]);
    }
  }

  /** Whether the driver failed in the TLS handshake or certificate check, not on the network. */
  private static boolean isTls(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException
          || t instanceof java.security.cert.CertificateException
          || t instanceof java.security.GeneralSecurityException) {
        return true;
      }
    }
    String m = String.valueOf(e.getMessage());
    return m.contains("SSL") || m.contains("hostnameverifier") || m.contains("certificate");
  }

  private static String tlsFix(String targetName, ConnectionInfo connection) {
    String key = "targets." + targetName;
    String mode = connection.options().getOrDefault("sslmode", "prefer");
    if (!connection.options().containsKey("sslrootcert")
        && (mode.equals("verify-full") || mode.equals("verify-ca"))) {
      return "sslmode " + mode + " needs the CA certificate that signed the server's: set "
          + key + ".sslrootcert (or ?sslrootcert=PATH in the url) to your provider's CA bundle "
          + "(RDS: the region's global-bundle.pem; Cloud SQL: server-ca.pem).";
    }
    if (mode.equals("verify-full")) {
      return "Check that the certificate was signed by " + key + ".sslrootcert and names the "
          + "host in the url (" + connection.host() + "); sslmode verify-ca skips the name check.";
    }
    return "Check " + key + ".sslmode and the server's TLS settings (ssl = on in "
        + "postgresql.conf for require and above).";
  }

  static String explain(String targetName, ConnectionInfo connection, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String where = targetName + " (" + connection.redacted() + ")";
    if (state.equals("28P01") || state.equals("28000")) {
      return "Cannot log in to " + where + ": the server refused the user or password. Check "
          + "the password source in lifeboat.yaml (targets." + targetName + ".password_env).";
    }
    if (state.equals("3D000")) {
      return "Cannot reach " + where + ": the database does not exist on that server. Check "
          + "targets." + targetName + " in lifeboat.yaml.";
    }
    if (isTls(e)) {
      return "Cannot reach " + where + " over TLS: " + Messages.firstLine(e.getMessage()) + ". "
          + tlsFix(targetName, connection);
    }
    if (state.startsWith("08")) {
      return "Cannot reach " + where + ": the database server is down or unreachable ("
          + Messages.firstLine(e.getMessage()) + "). Check that it runs and accepts connections.";
    }
    return "Cannot connect to " + where + ": " + Messages.firstLine(e.getMessage());
  }
}
