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
    if (state.startsWith("08")) {
      return "Cannot reach " + where + ": the database server is down or unreachable ("
          + Messages.firstLine(e.getMessage()) + "). Check that it runs and accepts connections.";
    }
    return "Cannot connect to " + where + ": " + Messages.firstLine(e.getMessage());
  }
}
