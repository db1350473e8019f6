package dev.lifeboat.postgres;

import dev.lifeboat.run.Cancellation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Exact row counts of many tables in few round trips: one {@code UNION ALL} of
 * {@code count(*)} per batch of tables. One statement per table cost a round trip, a parse and a
 * plan each, which on a database of many small partitions took longer than the scans themselves.
 * Tables are counted the way a plain {@code SELECT count(*) FROM t} does (inheritance children
 * included), in the connection's current transaction, so a caller can count in a snapshot.
 */
public final class RowCounts {
  /** Tables per statement: large enough to save the round trips, small enough to plan fast. */
  static final int BATCH = 100;

  private RowCounts() {}

  /** A table to count. */
  public record Table(String schema, String name) {
    String quoted() {
      return DatabaseAdmin.quote(schema, name);
    }
  }

  /**
   * Counts every table, in order; {@code counted} hears how many are done after each batch.
   * A cancellation cancels the running statement on the server.
   */
  public static List<Long> count(Connection c, List<Table> tables, Cancellation cancellation,
      IntConsumer counted) throws SQLException {
    List<Long> rows = new ArrayList<>(tables.size());
    for (int from = 0; from < tables.size(); from += BATCH) {
      cancellation.throwIfCancelled();
      List<Table> batch = tables.subList(from, Math.min(tables.size(), from + BATCH));
      long[] found = new long[batch.size()];
      try (Statement s = c.createStatement();
          AutoCloseable hook = cancellation.onCancel(() -> cancel(s));
          ResultSet r = s.executeQuery(sql(batch))) {
        while (r.next()) {
          found[r.getInt(1)] = r.getLong(2);
        }
      } catch (SQLException e) {
        cancellation.throwIfCancelled();
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      for (long n : found) {
        rows.add(n);
      }
      counted.accept(rows.size());
    }
    return rows;
  }

  /** {@code SELECT 0, count(*) FROM a UNION ALL SELECT 1, count(*) FROM b ...}: names quoted. */
  static String sql(List<Table> batch) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < batch.size(); i++) {
      if (i > 0) {
        sql.append(" UNION ALL ");
      }
      sql.append("SELECT ").append(i).append(", count(*) FROM ").append(batch.get(i).quoted());
    }
    return sql.toString();
  }

  private static void cancel(Statement s) {
    try {
      s.cancel();
    } catch (SQLException ignored) {
      // the statement already finished
    }
  }
}
