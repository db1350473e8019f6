package dev.lifeboat.bot.demo;

import dev.lifeboat.LifeboatException;
import dev.lifeboat.InvalidInputException;
import dev.lifeboat.cluster.LocalCluster;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * {@code /demo write N}, for the demo only: about N rows of shop traffic after a backup (new
 * customers and orders, renamed customers, order items removed), so a restore's loss preview
 * has something to show without psql.
 */
public final class DemoWrites {
  public static final int DEFAULT_ROWS = 100;
  private static final int MAX_ROWS = 100_000;
  private final LocalCluster cluster;

  public DemoWrites(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /** What was written, by table. */
  public record Written(int customers, int orders, int items, int renamed, int itemsDeleted) {
    public int total() {
      return customers + orders + items + renamed + itemsDeleted;
    }
  }

  /** "write", "write 250": the words after /demo. */
  public Written command(String words) {
    String[] parts = words.strip().split("\\s+");
    if (parts.length == 0 || !parts[0].equals("write") || parts.length > 2) {
      throw new InvalidInputException("The demo knows /demo write [N]: about N rows of new "
          + "orders, changed customers and deleted items in the shop (default "
          + DEFAULT_ROWS + ").");
    }
    int rows = DEFAULT_ROWS;
    if (parts.length == 2) {
      try {
        rows = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        rows = -1;
      }
      if (rows < 10 || rows > MAX_ROWS) {
        throw new InvalidInputException("/demo write takes a number of rows from 10 to "
            + MAX_ROWS + ", e.g. /demo write 100.");
      }
    }
    return write(rows);
  }

  /**
   * Of {@code rows}: a tenth new customers, three tenths new orders (now) with one item each, a
   * fifth of the customers renamed and a tenth of the order items deleted.
   */
  public Written write(int rows) {
    int customers = rows / 10;
    int orders = rows * 3 / 10;
    int renamed = rows / 5;
    int deleted = rows / 10;
    try (Connection c = cluster.connect("shop")) {
      c.setAutoCommit(false);
      execute(c, "INSERT INTO customers (id, email, name) SELECT m + g, 'new' || (m + g) "
          + "|| '@example.com', 'New customer ' || (m + g) FROM (SELECT max(id) m FROM "
          + "customers) x, generate_series(1, ?) g", customers);
      execute(c, "INSERT INTO orders (id, customer_id, status, created_at) SELECT m + g, "
          + "1 + g % 2000, 'paid', now() FROM (SELECT max(id) m FROM orders) x, "
          + "generate_series(1, ?) g", orders);
      execute(c, "INSERT INTO order_items SELECT o.id, 1 + o.id % 250, 1 FROM orders o "
          + "WHERE o.id > (SELECT max(id) - ? FROM orders)", orders);
      execute(c, "UPDATE customers SET name = name || ' (renamed)' WHERE id IN (SELECT id FROM "
          + "customers ORDER BY id LIMIT ?)", renamed);
      execute(c, "DELETE FROM order_items WHERE (order_id, product_id) IN (SELECT order_id, "
          + "product_id FROM order_items ORDER BY order_id, product_id LIMIT ?)", deleted);
      c.commit();
    } catch (SQLException e) {
      throw new LifeboatException("The demo shop could not be written to: " + e.getMessage(),
          e);
    }
    return new Written(customers, orders, orders, renamed, deleted);
  }

  private static void execute(Connection c, String sql, int n) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setInt(1, n);
      s.executeUpdate();
    }
  }
}
