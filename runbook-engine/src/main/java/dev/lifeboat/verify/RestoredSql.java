package dev.lifeboat.verify;

import dev.lifeboat.run.Cancellation;
import dev.lifeboat.runbook.StepContext;
import dev.lifeboat.target.TargetDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * SQL against a restored copy: read-only sessions and statements that stop when the
 * step is cancelled.
 */
final class RestoredSql {
  private RestoredSql() {}

  /**
   * A session on the restored copy in which every transaction is read only, so a check can read
   * but never change what it checks (also after a COMMIT written into a check).
   */
  static Connection connectReadOnly(StepContext context, RestoredDatabase restored)
      throws SQLException {
    Connection c = TargetDatabase.connect(context.target().name(), restored.connection());
    try (Statement s = c.createStatement()) {
      s.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Whether a table exists; {@code quotedName} is passed as a value, never spliced into SQL. */
  static boolean exists(Connection c, String quotedName) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      s.setString(1, quotedName);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  /** Cancels {@code statement} on the server when the step is cancelled or times out. */
  static Hook cancelOnCancel(Statement statement, Cancellation cancellation) {
    AutoCloseable registration = cancellation.onCancel(() -> {
      try {
        statement.cancel();
      } catch (SQLException ignored) {
        // the statement already finished
      }
    });
    return () -> {
      try {
        registration.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  /** A registration that closes without checked exceptions, for try-with-resources. */
  interface Hook extends AutoCloseable {
    @Override
    void close();
  }

}
