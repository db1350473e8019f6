package dev.lifeboat.backup;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.postgres.PgTools;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.store.Store;
import dev.lifeboat.store.StoreException;
import dev.lifeboat.store.Stores;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import dev.lifeboat.target.TargetDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * {@code backup.preflight}: refuses early, with the fix, what would make the dump fail late: a
 * database that is down, a pooler endpoint, a pg_dump older than the server, a store without room.
 */
public final class BackupPreflight implements Step {
  public static final StepContext.Key<Preflight> RESULT =
      new StepContext.Key<>("preflight", Preflight.class);
  private static final long MIN_FREE = 64L << 20;

  private final PgTools tools;
  private final Stores stores;
  private final BackupCatalog catalog;

  public BackupPreflight(PgTools tools, Stores stores, BackupCatalog catalog) {
    this.tools = tools;
    this.stores = stores;
    this.catalog = catalog;
  }

  /**
   * The session the checks used, left open for the dump step: one connection (a fork and a SCRAM
   * exchange on the target's server) less per backup.
   */
  public static final StepContext.Key<Session> SESSION =
      new StepContext.Key<>("preflight-session", Session.class);

  /** An open session on the target; the run closes it at its end if no step took it. */
  public record Session(Connection connection) implements AutoCloseable {
    @Override
    public void close() throws SQLException {
      connection.close();
    }
  }

  @Override
  public void execute(StepContext context) throws SQLException {
    Connection c = open(context.target());
    try {
      context.put(RESULT, check(context.target(), c, context::log));
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
    context.put(SESSION, new Session(c));
  }

  /** Runs every check for {@code target}; also used by {@code lifeboat config check}. */
  public Preflight check(Target target, Consumer<String> log) throws SQLException {
    try (Connection c = open(target)) {
      return check(target, c, log);
    }
  }

  /** Refuses a pooler endpoint (pg_dump needs a direct connection), else connects. */
  private static Connection open(Target target) throws SQLException {
    ConnectionInfo connection = target.connection();
    if (target.throughPooler()) {
      throw new LifeboatException(target.name() + " points at a connection pooler ("
          + connection.redacted() + "). pg_dump needs a direct connection: use the database's "
          + "direct host and port (often 5432) in targets." + target.name() + "."
          + (target.pooler().isEmpty() ? " If this is a direct connection after all (port "
              + connection.port() + " is only a hint), say so: targets." + target.name()
              + ".pooler: false." : ""));
    }
    return TargetDatabase.connect(target.name(), connection);
  }

  private Preflight check(Target target, Connection c, Consumer<String> log)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      TargetDatabase.ServerVersion server = TargetDatabase.version(c);
      long size;
      try (ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
        r.next();
        size = r.getLong(1);
      }
      var installation = tools.forServer(server.major(), server.version());
      log.accept("server PostgreSQL " + server.version() + ", pg_dump " + installation.version()
          + ", database " + Sizes.human(size));
      checkSpace(target, size);
      return new Preflight(server.version(), server.major(), installation, size);
    }
  }

  private void checkSpace(Target target, long databaseBytes) {
    Store store = stores.get(target.primaryStore());
    OptionalLong free = store.freeBytes();
    if (free.isEmpty()) {
      return;
    }
    // A compressed custom-format dump holds the data without indexes: the last backup's size is
    // the best guess; without one, a third of the database is a generous one.
    OptionalLong last = catalog.latestBytes(target.name());
    long needed = Math.max(MIN_FREE, last.isPresent() ? last.getAsLong() * 3 / 2
        : databaseBytes / 3);
    if (free.getAsLong() < needed) {
      throw new StoreException("Store " + store.describe() + " has " + Sizes.human(free.getAsLong())
          + " free; this backup needs about " + Sizes.human(needed) + ". Free some space or "
          + "remove old backups, then try again.");
    }
  }
}
