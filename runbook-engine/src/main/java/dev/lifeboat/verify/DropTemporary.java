package dev.lifeboat.verify;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.postgres.SqlNames;
import dev.lifeboat.runbook.Step;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.target.ConnectionInfo;
import dev.lifeboat.target.Target;
import dev.lifeboat.target.TargetDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code postgres.drop-temporary} (meant to run {@code always}): drops the database a run
 * restored into when the run created it as temporary (a verification's scratch copy, a restore's
 * new database that was not swapped in). It relies only on {@link RestoredDatabase#temporary()},
 * so a database the run did not create, such as the target itself, is never touched.
 */
public final class DropTemporary implements Step {
  private static final String IN_USE = "55006";
  private static final int ATTEMPTS = 20;
  private static final long PAUSE_MS = 250;

  @Override
  public void execute(StepContext context) throws InterruptedException {
    Optional<RestoredDatabase> restored = context.get(Keys.RESTORED);
    if (restored.isEmpty() || !restored.get().temporary()) {
      context.log("no temporary database to drop");
      return;
    }
    ConnectionInfo temporary = restored.get().connection();
    String name = temporary.database();
    ConnectionInfo admin = otherDatabase(context.target(), temporary);
    try (Connection c = TargetDatabase.connect(context.target().name(), admin)) {
      if (!exists(c, name)) {
        context.log(name + " is already gone");
        return;
      }
      drop(c, name);
      context.log("dropped " + name);
    } catch (SQLException | RuntimeException e) {
      String reason = e instanceof SQLException s ? RestoredSql.firstLine(s) : e.getMessage();
      context.get(Keys.FINDINGS).ifPresent(f -> f.note("the temporary database " + name
          + " could not be dropped: " + reason));
      throw new LifeboatException("Could not drop the temporary database " + name + " on "
          + temporary.host() + ":" + temporary.port() + ": " + reason + ". It takes space "
          + "until someone drops it: DROP DATABASE " + SqlNames.quote(name) + ";", e);
    }
  }

  /**
   * Another database of the same server to connect to, since a database cannot drop itself: the
   * configured ones first (their credentials are known to work there), then "postgres".
   */
  static ConnectionInfo otherDatabase(Target target, ConnectionInfo temporary) {
    List<ConnectionInfo> candidates = new ArrayList<>();
    target.verifyServer().ifPresent(candidates::add);
    candidates.add(target.connection());
    candidates.add(temporary.withDatabase("postgres"));
    candidates.add(temporary.withDatabase("template1"));
    return candidates.stream()
        .filter(c -> c.host().equals(temporary.host()) && c.port() == temporary.port())
        .filter(c -> !c.database().equals(temporary.database()))
        .findFirst().orElseThrow();
  }

  private static boolean exists(Connection c, String name) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  /**
   * Closes the door (no new sessions), ends the sessions still there (a pg_restore worker that
   * was cancelled may linger for a moment), and drops; retried while sessions are going away.
   */
  private static void drop(Connection c, String name) throws SQLException, InterruptedException {
    try (Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + SqlNames.quote(name) + " ALLOW_CONNECTIONS false");
    }
    for (int attempt = 1; ; attempt++) {
      try (PreparedStatement terminate = c.prepareStatement("SELECT pg_terminate_backend(pid) "
          + "FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
        terminate.setString(1, name);
        terminate.execute();
      }
      try (Statement s = c.createStatement()) {
        s.execute("DROP DATABASE IF EXISTS " + SqlNames.quote(name));
        return;
      } catch (SQLException e) {
        if (!IN_USE.equals(e.getSQLState()) || attempt == ATTEMPTS) {
          throw e;
        }
      }
      Thread.sleep(PAUSE_MS);
    }
  }
}
