package dev.lifeboat.bot.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A small shop database with relations and a few thousand rows, for the demo. */
public final class SampleShop {
  private static final String[] SCHEMA = {
    "CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL UNIQUE, name text NOT NULL,"
        + " created_at timestamptz NOT NULL DEFAULT now())",
    "CREATE TABLE products (id int PRIMARY KEY, sku text NOT NULL UNIQUE, title text NOT NULL,"
        + " price_cents int NOT NULL CHECK (price_cents > 0))",
    "CREATE TABLE orders (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customers,"
        + " status text NOT NULL, created_at timestamptz NOT NULL)",
    // Indexed, as most apps have it: a restore's loss preview reads the newest order from it.
    "CREATE INDEX orders_created_at ON orders (created_at)",
    "CREATE TABLE order_items (order_id int NOT NULL REFERENCES orders, product_id int NOT NULL"
        + " REFERENCES products, quantity int NOT NULL, PRIMARY KEY (order_id, product_id))",
    // What Prisma leaves behind; the restore issue's migration check reads it.
    "CREATE TABLE _prisma_migrations (id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL,"
        + " finished_at timestamptz, migration_name varchar(255) NOT NULL, logs text,"
        + " rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(),"
        + " applied_steps_count int NOT NULL DEFAULT 0)",
  };
  private static final String[] DATA = {
    "INSERT INTO customers (id, email, name) SELECT g, 'customer' || g || '@example.com',"
        + " 'Customer ' || g FROM generate_series(1, 2000) g",
    "INSERT INTO products SELECT g, 'SKU-' || lpad(g::text, 5, '0'), 'Product ' || g,"
        + " 100 + (g * 37) % 9900 FROM generate_series(1, 250) g",
    "INSERT INTO orders SELECT g, 1 + (g * 7) % 2000, (ARRAY['paid','shipped','delivered'])"
        + "[1 + g % 3], now() - (g || ' minutes')::interval FROM generate_series(1, 6000) g",
    "INSERT INTO order_items SELECT o, 1 + (o * 3 + k * 7) % 250, k FROM generate_series(1, 6000) o,"
        + " generate_series(1, 3) k",
    "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name,"
        + " applied_steps_count) VALUES ('m1', 'c1', now(), '20260101000000_init', 1),"
        + " ('m2', 'c2', now(), '20260301000000_orders_status', 1)",
    "ANALYZE",
  };

  private SampleShop() {}

  public static void create(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String sql : SCHEMA) {
        s.execute(sql);
      }
      for (String sql : DATA) {
        s.execute(sql);
      }
    }
  }
}
