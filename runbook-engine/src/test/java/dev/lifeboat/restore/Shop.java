package dev.lifeboat.restore;

import dev.lifeboat.cluster.LocalCluster;
import dev.lifeboat.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** The sample shop the restore tests back up and restore, and ways to look at a database. */
final class Shop {
  private Shop() {}

  /** 6 tables, 6105 rows, awkward names included; the shape BackupIT uses. */
  static void create(TestDatabase db) {
    create(db::execute);
  }

  static void create(Consumer<String> execute) {
    execute.accept("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)");
    execute.accept("CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES "
        + "customers, total numeric(10,2), note text)");
    execute.accept("CREATE TABLE empty_table (id int)");
    execute.accept("CREATE SCHEMA \"Sales\"");
    execute.accept("CREATE TABLE \"Sales\".\"we\"\"ird; name\" (id int, \"Mixed Case\" text)");
    execute.accept("CREATE TABLE \"Sales\".\"Region\" (code text PRIMARY KEY)");
    execute.accept("CREATE TABLE parted (id int, at date) PARTITION BY RANGE (at)");
    execute.accept("CREATE TABLE parted_2026 PARTITION OF parted FOR VALUES FROM "
        + "('2026-01-01') TO ('2027-01-01')");
    execute.accept("INSERT INTO customers SELECT g, 'customer ' || g "
        + "FROM generate_series(1, 1000) g");
    execute.accept("INSERT INTO orders SELECT g, 1 + g % 1000, g * 1.5, CASE WHEN g % 7 = 0 "
        + "THEN E'tab\\there; quote '' and \"' END FROM generate_series(1, 5000) g");
    execute.accept("INSERT INTO \"Sales\".\"we\"\"ird; name\" VALUES (1, 'a'), (2, 'b'), "
        + "(3, NULL)");
    execute.accept("INSERT INTO \"Sales\".\"Region\" VALUES ('EU'), ('US')");
    execute.accept("INSERT INTO parted SELECT g, date '2026-01-01' + g "
        + "FROM generate_series(0, 99) g");
  }

  /** What happens to the data after the backup: a change, an insert and a delete. */
  static void changeAfterBackup(TestDatabase db) {
    db.execute("UPDATE customers SET name = 'changed after the backup' WHERE id <= 10");
    db.execute("INSERT INTO orders VALUES (5001, 1, 9.99, 'after the backup')");
    db.execute("DELETE FROM \"Sales\".\"Region\" WHERE code = 'US'");
  }

  /** A content hash per table ("schema.table"), so data is compared by value. */
  static Map<String, String> fingerprints(LocalCluster cluster, String database)
      throws Exception {
    Map<String, String> result = new LinkedHashMap<>();
    try (Connection c = cluster.connect(database); Statement s = c.createStatement()) {
      List<String[]> tables = new ArrayList<>();
      try (ResultSet r = s.executeQuery("SELECT n.nspname, c.relname FROM pg_class c JOIN "
          + "pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname NOT "
          + "IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%' "
          + "ORDER BY 1, 2")) {
        while (r.next()) {
          tables.add(new String[] {r.getString(1), r.getString(2)});
        }
      }
      for (String[] t : tables) {
        String quoted = "\"" + t[0].replace("\"", "\"\"") + "\".\"" + t[1].replace("\"", "\"\"")
            + "\"";
        try (ResultSet r = s.executeQuery("SELECT count(*) || ':' || md5(coalesce(string_agg("
            + "t::text, '|' ORDER BY t::text), '')) FROM " + quoted + " t")) {
          r.next();
          result.put(t[0] + "." + t[1], r.getString(1));
        }
      }
    }
    return result;
  }

  static Map<String, String> fingerprints(TestDatabase db) throws Exception {
    return fingerprints(db.cluster(), db.name());
  }

  /** What a new session on {@code database} gets: "on" when the database is read-only. */
  static String readOnlyDefault(LocalCluster cluster, String database) throws Exception {
    try (Connection c = cluster.connect(database); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW default_transaction_read_only")) {
      r.next();
      return r.getString(1);
    }
  }

  static boolean exists(LocalCluster cluster, String database) throws Exception {
    return allowsConnections(cluster, database).isPresent();
  }

  static Optional<Boolean> allowsConnections(LocalCluster cluster, String database)
      throws Exception {
    try (Connection c = cluster.connect("postgres");
        PreparedStatement s = c.prepareStatement(
            "SELECT datallowconn FROM pg_database WHERE datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(r.getBoolean(1)) : Optional.empty();
      }
    }
  }

  /** Databases whose names start with {@code prefix}. */
  static List<String> databasesStartingWith(LocalCluster cluster, String prefix)
      throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = cluster.connect("postgres");
        PreparedStatement s = c.prepareStatement("SELECT datname FROM pg_database "
            + "WHERE left(datname, length(?)) = ? ORDER BY 1")) {
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

  /** Owner, rights and own settings of a database, for comparing two of them. */
  record Shape(String owner, String acl, List<String> settings) {}

  static Shape shape(LocalCluster cluster, String database) throws Exception {
    try (Connection c = cluster.connect("postgres");
        PreparedStatement s = c.prepareStatement("SELECT pg_get_userbyid(d.datdba), "
            + "d.datacl::text, (SELECT array_to_string(setconfig, E'\\n') FROM "
            + "pg_db_role_setting WHERE setdatabase = d.oid AND setrole = 0) "
            + "FROM pg_database d WHERE d.datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        String settings = r.getString(3);
        return new Shape(r.getString(1), r.getString(2), settings == null ? List.of()
            : List.of(settings.split("\n")));
      }
    }
  }

  /**
   * Every database-level property pg_dump --create would carry, read from the catalogs as plain
   * text (role settings by role name), so two databases can be compared whole.
   */
  static Map<String, String> databaseProperties(LocalCluster cluster, String database)
      throws Exception {
    try (Connection c = cluster.connect("postgres");
        PreparedStatement s = c.prepareStatement("SELECT pg_get_userbyid(d.datdba) AS owner, "
            + "pg_encoding_to_char(d.encoding) AS encoding, d.datcollate, d.datctype, "
            + "d.datlocprovider::text AS provider, "
            // PostgreSQL 17 renamed daticulocale, as it gained a built-in provider
            + (c.getMetaData().getDatabaseMajorVersion() >= 17 ? "d.datlocale" : "d.daticulocale")
            + " AS locale, t.spcname AS tablespace, "
            + "shobj_description(d.oid, 'pg_database') AS comment, d.datconnlimit::text, "
            + "d.datistemplate::text, d.datallowconn::text, d.datacl::text AS acl, "
            + "(SELECT string_agg(who || ': ' || what, '; ' ORDER BY who) FROM (SELECT "
            + "coalesce(pg_get_userbyid(NULLIF(r.setrole, 0)), '(database)') AS who, "
            + "array_to_string(r.setconfig, ', ') AS what FROM pg_db_role_setting r "
            + "WHERE r.setdatabase = d.oid) x) AS settings "
            + "FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace "
            + "WHERE d.datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        Map<String, String> properties = new java.util.TreeMap<>();
        for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
          properties.put(r.getMetaData().getColumnLabel(i), String.valueOf(r.getString(i)));
        }
        return properties;
      }
    }
  }
}
