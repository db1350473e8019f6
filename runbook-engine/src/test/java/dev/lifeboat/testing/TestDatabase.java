package dev.lifeboat.testing;

import dev.lifeboat.cluster.LocalCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/** One database of the test cluster, with shortcuts for setting up and checking data. */
public record TestDatabase(LocalCluster cluster, String name) {

  public TestDatabase {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(name, "name");
  }

  /** A URL without credentials; use the cluster's superuser and password. */
  public String jdbcUrl() {
    return cluster.jdbcUrl(name);
  }

  /** A new superuser connection; the caller closes it. */
  public Connection connect() throws SQLException {
    return cluster.connect(name);
  }

  /** Runs SQL (one or more statements) in autocommit mode. */
  public void execute(String sql) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  /**
   * The number of rows in a table.
   *
   * @param qualifiedTable inserted into the SQL as written, e.g. {@code public.orders} or
   *     {@code "Odd Schema"."Odd Table"}
   */
  public long count(String qualifiedTable) {
    String sql = "select count(*) from " + qualifiedTable;
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  /** Drops this database, disconnecting its sessions. */
  public void drop() {
    cluster.dropDatabase(name);
  }

  private IllegalStateException failed(String sql, SQLException e) {
    return new IllegalStateException(
        "SQL failed in test database " + name + ": " + e.getMessage() + "\nSQL: " + sql, e);
  }
}
