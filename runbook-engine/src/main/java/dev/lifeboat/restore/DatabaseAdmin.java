package dev.lifeboat.restore;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.postgres.SqlNames;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import dev.lifeboat.target.TargetDatabase;
import dev.lifeboat.target.TargetUnavailableException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Statements about whole databases (read-only defaults, connections, renames, drops), sent from a
 * session on another database of the same server: a database cannot be renamed or dropped from
 * inside, and a session on the target would itself count as "another user" of it.
 */
final class DatabaseAdmin implements AutoCloseable {
  static final String IN_USE = "55006";
  static final String INSUFFICIENT_PRIVILEGE = "42501";
  private static final String NO_SUCH_DATABASE = "3D000";
  // Each attempt already waits up to 5 s in the server for other sessions to go.
  private static final int ATTEMPTS = 3;
  private static final long PAUSE_MS = 250;

  private final Connection connection;
  private final ConnectionInfo server;

  private DatabaseAdmin(Connection connection, ConnectionInfo server) {
    this.connection = connection;
    this.server = server;
  }

  /** A session on the target's server, in the maintenance database rather than the target. */
  static DatabaseAdmin connect(Target target) {
    return connect(target.name(), target.connection());
  }

  /**
   * A session on {@code database}'s server: in "postgres", the maintenance database every
   * installation has, or in template1 when that is missing, refused, or the database itself.
   */
  static DatabaseAdmin connect(String targetName, ConnectionInfo database) {
    List<String> candidates = new ArrayList<>(List.of("postgres", "template1"));
    candidates.remove(database.database());
    TargetUnavailableException first = null;
    for (String name : candidates) {
      ConnectionInfo maintenance = database.withDatabase(name);
      try {
        return new DatabaseAdmin(TargetDatabase.connect(targetName, maintenance), maintenance);
      } catch (TargetUnavailableException e) {
        if (first == null) {
          first = e;
        }
        // Only a missing or forbidden database is worth a second try; a server that is down or
        // a wrong password fails the same way everywhere.
        if (!(e.getCause() instanceof SQLException s) || !(NO_SUCH_DATABASE.equals(
            s.getSQLState()) || INSUFFICIENT_PRIVILEGE.equals(s.getSQLState()))) {
          throw e;
        }
      }
    }
    throw first;
  }

  /** host:port, for messages. */
  String where() {
    return server.host() + ":" + server.port();
  }

  String user() {
    return server.user();
  }

  Connection connection() {
    return connection;
  }

  TargetDatabase.ServerVersion version() throws SQLException {
    return TargetDatabase.version(connection);
  }

  boolean exists(String database) throws SQLException {
    return allowsConnections(database).isPresent();
  }

  /** Whether {@code database} accepts connections; empty when there is no such database. */
  Optional<Boolean> allowsConnections(String database) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT datallowconn FROM pg_database WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getBoolean(1)) : Optional.empty();
      }
    }
  }

  /** Database names starting with {@code prefix} (compared as text, not as a LIKE pattern). */
  List<String> namesStartingWith(String prefix) throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT datname FROM pg_database "
        + "WHERE left(datname, length(?)) = ? ORDER BY datname")) {
      s.setString(1, prefix);
      s.setString(2, prefix);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          names.add(r.getString(1));
        }
      }
    }
    return names;
  }

  /** Whether the database's own settings make new sessions read-only. */
  boolean readOnlyByDefault(String database) throws SQLException {
    for (String setting : settings(database)) {
      int eq = setting.indexOf('=');
      if (eq > 0 && setting.substring(0, eq).equalsIgnoreCase("default_transaction_read_only")) {
        String value = setting.substring(eq + 1).strip().toLowerCase(Locale.ROOT);
        return List.of("on", "true", "yes", "1", "t", "y").contains(value);
      }
    }
    return false;
  }

  /** The database's own settings ({@code ALTER DATABASE ... SET}), as "name=value". */
  List<String> settings(String database) throws SQLException {
    List<String> result = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT s.setconfig FROM "
        + "pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase "
        + "WHERE d.datname = ? AND s.setrole = 0")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Array array = r.getArray(1);
          if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
              result.add((String) o);
            }
          }
        }
      }
    }
    return result;
  }

  void setReadOnly(String database) throws SQLException {
    execute("ALTER DATABASE " + SqlNames.quote(database)
        + " SET default_transaction_read_only = on");
  }

  void resetReadOnly(String database) throws SQLException {
    execute("ALTER DATABASE " + SqlNames.quote(database)
        + " RESET default_transaction_read_only");
  }

  void allowConnections(String database, boolean allow) throws SQLException {
    execute("ALTER DATABASE " + SqlNames.quote(database) + " WITH ALLOW_CONNECTIONS " + allow);
  }

  /** What {@link #terminateSessions} did. */
  record Terminated(int ended, List<String> refused) {
    String describe() {
      return ended + " session" + (ended == 1 ? "" : "s") + " ended" + (refused.isEmpty() ? ""
          : "; " + refused.size() + " could not be ended (of " + String.join(", ",
              refused.stream().distinct().toList()) + ": " + "Lifeboat's user may not end them)");
    }
  }

  /**
   * Ends every other session on {@code database}, one by one, so a session Lifeboat may not end
   * (another role's, without pg_signal_backend) is counted instead of failing the rest.
   */
  Terminated terminateSessions(String database) throws SQLException {
    List<Long> pids = new ArrayList<>();
    List<String> users = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT pid, coalesce(usename, "
        + "backend_type) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          pids.add(r.getLong(1));
          users.add(r.getString(2));
        }
      }
    }
    int ended = 0;
    List<String> refused = new ArrayList<>();
    for (int i = 0; i < pids.size(); i++) {
      try (PreparedStatement s = connection.prepareStatement(
          "SELECT pg_terminate_backend(?::int)")) {
        s.setLong(1, pids.get(i));
        try (ResultSet r = s.executeQuery()) {
          // false: the session ended by itself meanwhile (or, on old servers, was not ours).
          if (r.next() && r.getBoolean(1)) {
            ended++;
          }
        }
      } catch (SQLException e) {
        refused.add(users.get(i));
      }
    }
    return new Terminated(ended, refused);
  }

  /**
   * Renames a database. PostgreSQL refuses while anyone else is connected, and ended sessions
   * take a moment to go, so their sessions are ended and the rename retried for a few seconds.
   */
  void rename(String from, String to) throws SQLException, InterruptedException {
    whileInUse(from, "ALTER DATABASE " + SqlNames.quote(from) + " RENAME TO "
        + SqlNames.quote(to));
  }

  /** Drops a database: no new sessions, the current ones ended, then DROP, retried likewise. */
  void drop(String database) throws SQLException, InterruptedException {
    allowConnections(database, false);
    whileInUse(database, "DROP DATABASE " + SqlNames.quote(database));
  }

  private void whileInUse(String database, String sql) throws SQLException,
      InterruptedException {
    for (int attempt = 1; ; attempt++) {
      terminateSessions(database);
      try {
        execute(sql);
        return;
      } catch (SQLException e) {
        if (!IN_USE.equals(e.getSQLState()) || attempt >= ATTEMPTS) {
          throw e;
        }
      }
      Thread.sleep(PAUSE_MS);
    }
  }

  void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * A failure a person can act on: what Lifeboat was doing, where, PostgreSQL's own first line,
   * and for missing rights, which ones are needed.
   */
  LifeboatException failure(String doing, SQLException e) {
    String hint = "";
    if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
      hint = " User " + server.user() + " needs to own the database (or be a superuser), and "
          + "the CREATEDB right to create or rename databases: ALTER ROLE "
          + SqlNames.quote(server.user()) + " CREATEDB;";
    } else if (IN_USE.equals(e.getSQLState())) {
      hint = " Sessions Lifeboat may not end are still connected; end them (pg_stat_activity "
          + "shows them) and try again.";
    }
    return new LifeboatException("Could not " + doing + " on " + where() + ": " + firstLine(e)
        + "." + hint, e);
  }

  static String firstLine(SQLException e) {
    String message = e.getMessage();
    if (message == null) {
      return "SQL state " + e.getSQLState();
    }
    String line = dev.lifeboat.Messages.firstLine(message);
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the session is gone either way
    }
  }
}
