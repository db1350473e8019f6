package dev.lifeboat.state;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.target.ConnectionInfo;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Opens the state database and brings its schema up to date with Flyway. Connections are cheap
 * here (an embedded file, or a few per minute to PostgreSQL), so there is no pool.
 */
public final class StateDatabase implements AutoCloseable {
  /** What {@link #createWhole} names its temporary database: {@code lifeboat.new-PID.mv.db}. */
  private static final String NEW = ".new-";
  private final String url;
  private final Properties properties;
  private final String shown;
  /** H2 closes a file database with its last connection; this one keeps it open. */
  private Connection keeper;

  private StateDatabase(String url, Properties properties, String shown) {
    this.url = url;
    this.properties = properties;
    this.shown = shown;
  }

  public static StateDatabase open(StateSettings settings) {
    StateDatabase db;
    if (settings.postgres().isPresent()) {
      ConnectionInfo c = settings.postgres().get();
      db = new StateDatabase(c.jdbcUrl(), c.jdbcProperties(), "PostgreSQL " + c.redacted());
    } else {
      Path path = settings.embeddedPath().orElseThrow().toAbsolutePath();
      EmbeddedServer.loopbackOnly();
      Path directory = path.getParent();
      try {
        if (!Files.isDirectory(directory)) {
          Files.createDirectories(directory);
          EmbeddedServer.ownerOnly(directory, "rwx------");
        }
      } catch (java.io.IOException e) {
        throw new LifeboatException("Cannot create the state directory " + directory
            + ": " + e.getMessage() + ". Check state.path in lifeboat.yaml.");
      }
      // AUTO_SERVER: the first process to open the file serves it to the others (serve, a cron
      // backup and a console at once), on 127.0.0.1 only; AUTO_RECONNECT carries the others
      // over to the next one when it exits. WRITE_DELAY=0 hands every commit to the OS at once:
      // a killed process loses no run state. MAX_COMPACT_TIME=0: H2 spends up to 200 ms
      // compacting the file when it closes, on every exit of a one-off command (`lifeboat backup
      // list` went from 0.48 to 0.43 s without it); a process that stays up still compacts in
      // the background as it writes.
      Properties p = new Properties();
      p.setProperty("user", EmbeddedServer.USER);
      p.setProperty("password", EmbeddedServer.secret(path).reveal());
      db = new StateDatabase(fileUrl(path) + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE", p,
          "embedded " + path + ".mv.db");
      db.embedded = path;
      createWhole(path, p, db.shown);
    }
    if (db.embedded != null) {
      // Opened first, with retries: Flyway's own connections then find the file open.
      db.keeper = db.connect();
      EmbeddedServer.ownerOnly(Path.of(db.embedded + ".mv.db"), "rw-------");
    }
    db.migrate();
    return db;
  }

  /** The embedded database's path without suffix; null for PostgreSQL. */
  private Path embedded;

  public Connection connect() {
    if (embedded != null) {
      return EmbeddedServer.connectWithRetry(() -> DriverManager.getConnection(url, properties),
          this::cannotOpen, embedded, properties);
    }
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw cannotOpen(e);
    }
  }

  private LifeboatException cannotOpen(SQLException e) {
    return new LifeboatException("The state database (" + shown + ") cannot be opened: "
        + e.getMessage(), e);
  }

  @Override
  public void close() {
    if (keeper != null) {
      try {
        keeper.close();
      } catch (SQLException e) {
        // closing at exit; H2 has written everything it acknowledged
      }
    }
  }

  public String describe() {
    return shown;
  }

  /**
   * The highest migration in db/migration. Starting Flyway costs about a second of class loading
   * and scanning, more than a whole small backup, so a schema already at this version skips it.
   * StateDatabaseTest checks this number against the migration files.
   */
  static final int SCHEMA_VERSION = 70;

  private boolean upToDate() {
    try (Connection c = connect();
        java.sql.Statement s = c.createStatement();
        // Quoted: Flyway creates its table in lower case, H2 would upper-case bare names.
        java.sql.ResultSet r = s.executeQuery("SELECT \"version\" FROM "
            + "\"flyway_schema_history\" WHERE \"success\" ORDER BY \"installed_rank\" DESC "
            + "LIMIT 1")) {
      return r.next() && Integer.toString(SCHEMA_VERSION).equals(r.getString(1));
    } catch (RuntimeException | SQLException e) {
      return false; // a new database: Flyway creates everything
    }
  }

  private void migrate() {
    if (upToDate()) {
      return;
    }
    try {
      flyway();
    } catch (LifeboatException first) {
      // Two processes migrating a new database at the same instant: one creates the tables and
      // the other's Flyway fails on them; by now the schema is current.
      if (!upToDate()) {
        throw first;
      }
    }
  }

  /**
   * A new embedded database is made whole under a name of this process's own and linked into
   * place when its schema is complete. H2's DDL is not transactional, so Flyway cannot undo a
   * migration that a killed process left half-run, and it refuses such a database for good
   * ("Detected failed migration"): a first command stopped by a cron `timeout` while it created
   * the tables would have left every later command refused. Now it leaves a temporary file that
   * the next start removes. Two processes creating it at once each make one; the first link wins.
   */
  private static void createWhole(Path path, Properties properties, String shown) {
    Path file = Path.of(path + ".mv.db");
    if (Files.exists(file)) {
      return;
    }
    removeAbandoned(path);
    Path temporary = path.resolveSibling(path.getFileName() + NEW + ProcessHandle.current().pid());
    Path made = Path.of(temporary + ".mv.db");
    String url = fileUrl(temporary); // this process's alone: not served to others
    try {
      try (Connection open = DriverManager.getConnection(url, properties)) {
        flyway(url, properties, shown);
      } // H2 closes the file with its last connection: the link below sees it whole
      EmbeddedServer.ownerOnly(made, "rw-------");
      Files.createLink(file, made);
    } catch (FileAlreadyExistsException lostTheRace) {
      // another process linked its database first; it is as complete as ours
    } catch (SQLException | IOException | UnsupportedOperationException e) {
      throw new LifeboatException("The state database (" + shown + ") could not be created: "
          + e.getMessage() + ". Lifeboat's user must be able to write the state directory.", e);
    } finally {
      deleteQuietly(made);
      deleteQuietly(Path.of(temporary + ".trace.db"));
    }
  }

  /** An embedded database file's URL, with the settings every opening of it uses. */
  private static String fileUrl(Path path) {
    return "jdbc:h2:file:" + path + ";MODE=PostgreSQL;WRITE_DELAY=0;MAX_COMPACT_TIME=0";
  }

  /** Temporary databases of processes that died while they created one. */
  private static void removeAbandoned(Path path) {
    String prefix = path.getFileName() + NEW;
    try (Stream<Path> files = Files.list(path.getParent())) {
      files.filter(f -> f.getFileName().toString().startsWith(prefix)).forEach(f -> {
        String rest = f.getFileName().toString().substring(prefix.length());
        String pid = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        boolean alive = pid.matches("\\d{1,18}")
            && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
          deleteQuietly(f);
        }
      });
    } catch (IOException e) {
      // listing failed: the leftovers stay, and do no harm beyond their bytes
    }
  }

  private static void deleteQuietly(Path f) {
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      // a leftover temporary file; the next start tries again
    }
  }

  private void flyway() {
    flyway(url, properties, shown);
  }

  private static void flyway(String url, Properties properties, String shown) {
    try {
      Flyway.configure()
          .dataSource(url, properties.getProperty("user"), properties.getProperty("password"))
          .locations("classpath:db/migration")
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new LifeboatException("The state database (" + shown + ") could not be prepared: "
          + e.getMessage(), e);
    }
  }
}
