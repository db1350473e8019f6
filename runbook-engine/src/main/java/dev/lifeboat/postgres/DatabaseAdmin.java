package dev.lifeboat.postgres;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.Messages;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.TargetDatabase;
import dev.lifeboat.target.TargetUnavailableException;
import java.nio.charset.StandardCharsets;
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
 * Every statement Lifeboat sends about whole databases (create, drop, rename, read-only defaults,
 * connections, sessions), sent from a session on another database of the same server: a database
 * cannot be renamed or dropped from inside, and a session on it would itself count as "another
 * user". The restore, verify and backup steps all go through here, so a rule learned once (quote
 * every name, drop with FORCE, leave autovacuum to DROP DATABASE) holds everywhere.
 */
public final class DatabaseAdmin implements AutoCloseable {
  public static final String IN_USE = "55006";
  public static final String INSUFFICIENT_PRIVILEGE = "42501";
  public static final String DUPLICATE_DATABASE = "42P04";
  private static final String NO_SUCH_DATABASE = "3D000";
  /** NAMEDATALEN - 1: PostgreSQL cuts longer names without a word. */
  public static final int MAX_NAME_BYTES = 63;
  // Each attempt already waits up to 5 s in the server for other sessions to go.
  private static final int ATTEMPTS = 3;
  private static final long PAUSE_MS = 250;

  private final Connection connection;
  private final ConnectionInfo server;

  private DatabaseAdmin(Connection connection, ConnectionInfo server) {
    this.connection = connection;
    this.server = server;
  }

  /**
   * A session on {@code database}'s server: in "postgres", the maintenance database every
   * installation has, or in template1 when that is missing, refused, or the database itself.
   */
  public static DatabaseAdmin connect(String targetName, ConnectionInfo database) {
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

  // ---- names ----

  /**
   * A quoted SQL identifier, so no name can become SQL. Refuses what PostgreSQL would not keep
   * as written: an empty name, a NUL (the server would cut the statement there) and names over
   * 63 bytes (the server would cut the name, and a later DROP or RENAME would miss it).
   */
  public static String quote(String identifier) {
    if (identifier == null || identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
      throw new LifeboatException("Not a valid PostgreSQL name: \"" + (identifier == null ? ""
          : identifier.replace("\0", "\\0")) + "\". Names must be non-empty and hold no NUL.");
    }
    if (identifier.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new LifeboatException("PostgreSQL names are at most " + MAX_NAME_BYTES + " bytes; \""
          + identifier + "\" is longer, and the server would silently shorten it. Use a "
          + "shorter name.");
    }
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** "schema"."name", or just "name" (found on the search path) when there is no schema. */
  public static String quote(String schema, String name) {
    return schema == null ? quote(name) : quote(schema) + "." + quote(name);
  }

  /** An escape-string literal: safe whatever standard_conforming_strings says. */
  public static String literal(String value) {
    return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /**
   * "ERROR: relation "users" does not exist", without the driver's position and hint lines and
   * without a final period, so it can sit inside a sentence.
   */
  public static String firstLine(SQLException e) {
    String message = e.getMessage();
    if (message == null) {
      return "SQL state " + e.getSQLState();
    }
    String line = Messages.firstLine(message);
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
  }

  // ---- the tables pg_dump writes ----

  /** A table whose data pg_dump writes. */
  public record Table(String schema, String name) {}

  /**
   * Ordinary tables and partitions whose data pg_dump writes: not the catalogs, not temporary
   * or TOAST tables, not tables an extension owns (the extension recreates those).
   */
  public static List<Table> dumpedTables(Connection c) throws SQLException {
    List<Table> tables = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT n.nspname, c.relname FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
            + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            + "AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%' "
            + "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
            + "AND d.objid = c.oid AND d.deptype = 'e') ORDER BY 1, 2")) {
      while (r.next()) {
        tables.add(new Table(r.getString(1), r.getString(2)));
      }
    }
    return tables;
  }

  // ---- the server ----

  /** host:port, for messages. */
  public String where() {
    return server.host() + ":" + server.port();
  }

  public String user() {
    return server.user();
  }

  public ConnectionInfo server() {
    return server;
  }

  public Connection connection() {
    return connection;
  }

  public TargetDatabase.ServerVersion version() throws SQLException {
    return TargetDatabase.version(connection);
  }

  // ---- looking ----

  public boolean exists(String database) throws SQLException {
    return allowsConnections(database).isPresent();
  }

  /** Whether {@code database} accepts connections; empty when there is no such database. */
  public Optional<Boolean> allowsConnections(String database) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT datallowconn FROM pg_database WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getBoolean(1)) : Optional.empty();
      }
    }
  }

  private boolean isTemplate(String database) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT datistemplate FROM pg_database WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  /** The database's size on disk in bytes; empty when there is no such database. */
  public Optional<Long> size(String database) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT pg_database_size(oid) FROM pg_database WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Database names starting with {@code prefix} (compared as text, not as a LIKE pattern). */
  public List<String> namesStartingWith(String prefix) throws SQLException {
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
  public boolean readOnlyByDefault(String database) throws SQLException {
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
  public List<String> settings(String database) throws SQLException {
    List<String> result = new ArrayList<>();
    for (RoleSettings r : roleSettings(database, true)) {
      result.addAll(r.settings());
    }
    return result;
  }

  /**
   * Settings stored for one role in one database ({@code ALTER ROLE ... IN DATABASE ... SET});
   * {@code role} is empty for the database's own settings.
   */
  public record RoleSettings(Optional<String> role, List<String> settings) {
    public RoleSettings {
      settings = List.copyOf(settings);
    }
  }

  /** The settings of roles in {@code database}, or with {@code own} the database's own. */
  public List<RoleSettings> roleSettings(String database, boolean own) throws SQLException {
    List<RoleSettings> result = new ArrayList<>();
    try (PreparedStatement s = connection.prepareStatement("SELECT CASE WHEN s.setrole = 0 "
        + "THEN NULL ELSE pg_get_userbyid(s.setrole) END, s.setconfig FROM pg_db_role_setting s "
        + "JOIN pg_database d ON d.oid = s.setdatabase WHERE d.datname = ? AND (s.setrole = 0) "
        + "= ? ORDER BY 1")) {
      s.setString(1, database);
      s.setBoolean(2, own);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          List<String> settings = new ArrayList<>();
          Array array = r.getArray(2);
          if (array != null) {
            for (Object o : (Object[]) array.getArray()) {
              settings.add((String) o);
            }
          }
          result.add(new RoleSettings(Optional.ofNullable(r.getString(1)), settings));
        }
      }
    }
    return result;
  }

  // ---- changing ----

  /** Freezes {@code database}: new sessions start read-only (a database setting). */
  public void setReadOnly(String database) throws SQLException {
    execute("ALTER DATABASE " + quote(database) + " SET default_transaction_read_only = on");
  }

  /** Thaws {@code database}: new sessions are read-write again. */
  public void resetReadOnly(String database) throws SQLException {
    execute("ALTER DATABASE " + quote(database) + " RESET default_transaction_read_only");
  }

  public void allowConnections(String database, boolean allow) throws SQLException {
    execute("ALTER DATABASE " + quote(database) + " WITH ALLOW_CONNECTIONS " + allow);
  }

  /**
   * Creates an empty database from template0, so nothing an administrator added to template1
   * can collide with what a restore brings.
   */
  public void createEmpty(String database) throws SQLException {
    execute("CREATE DATABASE " + quote(database) + " TEMPLATE template0");
  }

  /** What {@link #terminateSessions} did. */
  public record Terminated(int ended, List<String> refused) {
    public Terminated {
      refused = List.copyOf(refused);
    }

    public String describe() {
      return ended + " session" + (ended == 1 ? "" : "s") + " ended" + (refused.isEmpty() ? ""
          : "; " + refused.size() + " could not be ended (of " + String.join(", ",
              refused.stream().distinct().toList()) + ": " + "Lifeboat's user may not end them)");
    }
  }

  /**
   * Ends every other client session on {@code database}, one by one, so a session Lifeboat may
   * not end (another role's, without pg_signal_backend) is counted instead of failing the rest.
   * Autovacuum workers are left alone: only a superuser may end them, and DROP DATABASE and
   * RENAME end them themselves.
   */
  public Terminated terminateSessions(String database) throws SQLException {
    List<Long> pids = new ArrayList<>();
    List<String> users = new ArrayList<>();
    // Background processes such as autovacuum workers have no role; a role that is not
    // privileged sees nothing else of them, not even their backend_type.
    try (PreparedStatement s = connection.prepareStatement("SELECT pid, usename "
        + "FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid() "
        + "AND usesysid IS NOT NULL")) {
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
  public void rename(String from, String to) throws SQLException, InterruptedException {
    String sql = "ALTER DATABASE " + quote(from) + " RENAME TO " + quote(to);
    for (int attempt = 1; ; attempt++) {
      terminateSessions(from);
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

  /**
   * Drops a database if it exists: no new sessions, the current ones ended, then DROP DATABASE,
   * with FORCE from PostgreSQL 13. FORCE refuses as a whole when one session is not ours to
   * end, and an autovacuum worker is not, for anyone but a superuser; a plain DROP DATABASE
   * ends autovacuum workers itself, so that is what follows such a refusal.
   *
   * @throws SQLException when sessions Lifeboat may not end stay connected, or the server
   *     refuses the drop; {@link #dropFailure} turns it into the message with the command to run
   */
  public void drop(String database) throws SQLException, InterruptedException {
    if (!exists(database)) {
      return;
    }
    try {
      allowConnections(database, false);
    } catch (SQLException e) {
      // Not the owner: the DROP below says so better; gone meanwhile: nothing to do.
      if (!exists(database)) {
        return;
      }
    }
    // A template database cannot be dropped (a restored copy takes the original's flag).
    if (isTemplate(database)) {
      execute("ALTER DATABASE " + quote(database) + " WITH IS_TEMPLATE false");
    }
    boolean force = version().major() >= 13;
    for (int attempt = 1; ; attempt++) {
      Terminated terminated = terminateSessions(database);
      try {
        execute("DROP DATABASE IF EXISTS " + quote(database) + (force ? " WITH (FORCE)" : ""));
        return;
      } catch (SQLException e) {
        if (force && INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())
            && terminated.refused().isEmpty()) {
          force = false;
          continue;
        }
        if (!IN_USE.equals(e.getSQLState()) || attempt >= ATTEMPTS
            || !terminated.refused().isEmpty()) {
          throw e;
        }
      }
      Thread.sleep(PAUSE_MS);
    }
  }

  /**
   * Why {@code database} could not be dropped, who is still connected, and what to run instead,
   * for a person: the database stays and takes space until then.
   */
  public LifeboatException dropFailure(String database, Exception cause) {
    String reason = cause instanceof SQLException s ? firstLine(s) : String.valueOf(
        cause.getMessage());
    String sessions = "";
    String force = " WITH (FORCE)";
    try {
      if (version().major() < 13) {
        force = "";
      }
      List<String> who = new ArrayList<>();
      try (PreparedStatement s = connection.prepareStatement("SELECT coalesce(usename, "
          + "backend_type, 'a background process') FROM pg_stat_activity WHERE datname = ? "
          + "AND pid <> pg_backend_pid()")) {
        s.setString(1, database);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            who.add(r.getString(1));
          }
        }
      }
      if (!who.isEmpty()) {
        sessions = " Still connected: " + who.size() + " session" + (who.size() == 1 ? "" : "s")
            + " of " + String.join(", ", who.stream().distinct().toList()) + ", which "
            + server.user() + " may not end.";
      }
    } catch (SQLException ignored) {
      // the message below still says what to do
    }
    return new LifeboatException("Could not drop the database " + database + " on " + where()
        + ": " + reason + "." + sessions + " It takes space until it is dropped; as a superuser "
        + "(or its owner, once the sessions are gone) run: DROP DATABASE " + quote(database)
        + force + ";", cause);
  }

  public void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * A failure a person can act on: what Lifeboat was doing, where, PostgreSQL's own first line,
   * and for missing rights, which ones are needed.
   */
  public LifeboatException failure(String doing, SQLException e) {
    String hint = "";
    if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
      hint = " User " + server.user() + " needs to own the database (or be a superuser), and "
          + "the CREATEDB right to create or rename databases: ALTER ROLE "
          + quote(server.user()) + " CREATEDB;";
    } else if (IN_USE.equals(e.getSQLState())) {
      hint = " Sessions Lifeboat may not end are still connected; end them (pg_stat_activity "
          + "shows them) and try again.";
    }
    return new LifeboatException("Could not " + doing + " on " + where() + ": " + firstLine(e)
        + "." + hint, e);
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
