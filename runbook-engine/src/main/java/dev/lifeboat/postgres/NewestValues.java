package dev.lifeboat.postgres;

import dev.lifeboat.run.Cancellation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The newest value of each table's obvious time column ({@code created_at}, then
 * {@code inserted_at}, then {@code updated_at}), only where a btree index leads with it: then
 * {@code max(column)} reads one index page instead of the table, so it costs nothing on a large
 * database and can run inside a dump's snapshot. A table without such a column and index has no
 * newest value, and says counts only.
 */
public final class NewestValues {
  /** The names we look for, most telling first: the newest order, then the newest edit. */
  public static final List<String> COLUMNS = List.of("created_at", "inserted_at", "updated_at");

  private NewestValues() {}

  /** A table's time column that a btree index makes cheap to read the newest of. */
  public record TimeColumn(String schema, String table, String column) {
    public String qualifiedTable() {
      return schema + "." + table;
    }
  }

  /** A table's time column and its newest value; empty when the table has no rows. */
  public record Newest(TimeColumn column, Optional<Instant> value) {}

  /**
   * The indexed time column of every user table that has one, one per table: the first of
   * {@code preferred} (a target's {@code time_columns}) that the table has, else the first of
   * {@link #COLUMNS}.
   */
  public static Map<String, TimeColumn> indexedColumns(Connection c, List<String> preferred)
      throws SQLException {
    List<String> order = new ArrayList<>(preferred);
    COLUMNS.stream().filter(col -> !order.contains(col)).forEach(order::add);
    // A partial index (indpred) may not hold the newest row; only the index's first column
    // serves max(). timestamp, timestamptz and date only: a text "created_at" is no time.
    String sql = "SELECT DISTINCT n.nspname, t.relname, a.attname FROM pg_index i "
        + "JOIN pg_class t ON t.oid = i.indrelid "
        + "JOIN pg_namespace n ON n.oid = t.relnamespace "
        + "JOIN pg_class ic ON ic.oid = i.indexrelid "
        + "JOIN pg_am am ON am.oid = ic.relam "
        + "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0] "
        + "WHERE am.amname = 'btree' AND i.indpred IS NULL AND t.relkind = 'r' "
        + "AND a.atttypid IN ('timestamptz'::regtype, 'timestamp'::regtype, 'date'::regtype) "
        + "AND a.attname = ANY (?) "
        + "AND n.nspname NOT IN ('pg_catalog', 'information_schema')";
    Map<String, List<String>> found = new LinkedHashMap<>();
    Map<String, String[]> names = new LinkedHashMap<>();
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setArray(1, c.createArrayOf("text", order.toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          String key = r.getString(1) + "." + r.getString(2);
          names.putIfAbsent(key, new String[] {r.getString(1), r.getString(2)});
          found.computeIfAbsent(key, k -> new ArrayList<>()).add(r.getString(3));
        }
      }
    }
    Map<String, TimeColumn> columns = new LinkedHashMap<>();
    found.forEach((key, list) -> order.stream().filter(list::contains).findFirst()
        .ifPresent(col -> columns.put(key, new TimeColumn(names.get(key)[0],
            names.get(key)[1], col))));
    return columns;
  }

  /**
   * The newest value of each column, in the connection's current transaction (so a caller can
   * read them in a dump's snapshot). A {@code timestamp} without time zone is read as UTC, the
   * way applications that store one mostly mean it.
   */
  public static List<Newest> read(Connection c, List<TimeColumn> columns,
      Cancellation cancellation) throws SQLException {
    List<Newest> result = new ArrayList<>(columns.size());
    for (TimeColumn column : columns) {
      cancellation.throwIfCancelled();
      // extract(epoch) of a timestamp without time zone is its nominal UTC value: no session
      // time zone gets in between.
      String sql = "SELECT extract(epoch FROM max(" + DatabaseAdmin.quote(column.column())
          + ")) FROM " + DatabaseAdmin.quote(column.schema(), column.table());
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
        r.next();
        java.math.BigDecimal seconds = r.getBigDecimal(1);
        result.add(new Newest(column, Optional.ofNullable(seconds).map(NewestValues::instant)));
      }
    }
    return result;
  }

  private static Instant instant(java.math.BigDecimal seconds) {
    java.math.BigDecimal micros = seconds.movePointRight(6);
    return Instant.EPOCH.plusNanos(micros.longValue() * 1000);
  }
}
