package dev.lifeboat.restore;

import dev.lifeboat.postgres.DatabaseAdmin;
import dev.lifeboat.postgres.DatabaseAdmin.RoleSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a database is apart from its contents, as {@code pg_dump --create} would carry it: owner,
 * encoding and locale, tablespace, comment, connection limit, template flag, its own settings,
 * the settings of roles in it ({@code ALTER ROLE ... IN DATABASE ... SET}) and who may connect.
 * A dump made without --create holds none of it, so a side-by-side restore copies it from the
 * database it replaces; otherwise the swapped-in database could sort text differently, lose a
 * search_path, let in (or shut out) other roles than before, or drop an application role's
 * statement_timeout without a word (those settings are tied to the database, not its name, and
 * would stay behind on the kept copy).
 *
 * @param localeProvider libc, icu or builtin; empty before PostgreSQL 15, which had only libc
 * @param tablespace the default tablespace when it is not pg_default
 * @param connectionLimit -1 for no limit
 * @param settings "name=value", as {@code ALTER DATABASE ... SET} stored them
 * @param roleSettings the settings of each role in this database
 * @param grants who may connect, create or use temporary tables; empty for the default rights
 */
record DatabaseShape(
    String owner, String encoding, String collate, String ctype, Optional<String> localeProvider,
    Optional<String> locale, Optional<String> tablespace, Optional<String> comment,
    int connectionLimit, boolean template, List<String> settings, List<RoleSettings> roleSettings,
    Optional<List<Grant>> grants) {

  private static final Set<String> PRIVILEGES = Set.of("CONNECT", "CREATE", "TEMPORARY");
  /** Set by postgres.read-only; the swapped-in database must be writable. */
  private static final String READ_ONLY = "default_transaction_read_only";

  DatabaseShape {
    settings = List.copyOf(settings);
    roleSettings = List.copyOf(roleSettings);
    grants = grants.map(List::copyOf);
  }

  /** One privilege on the database; {@code grantee} empty means PUBLIC. */
  record Grant(Optional<String> grantee, String privilege, boolean grantable) {}

  static DatabaseShape of(DatabaseAdmin admin, String database, int serverMajor)
      throws SQLException {
    String locale = serverMajor >= 17 ? "d.datlocale"
        : serverMajor >= 15 ? "d.daticulocale" : "NULL::text";
    String provider = serverMajor >= 15 ? "d.datlocprovider::text" : "NULL::text";
    Connection c = admin.connection();
    try (PreparedStatement s = c.prepareStatement("SELECT pg_get_userbyid(d.datdba), "
        + "pg_encoding_to_char(d.encoding), d.datcollate, d.datctype, " + provider + ", "
        + locale + ", d.datacl IS NULL, NULLIF(t.spcname, 'pg_default'), "
        + "shobj_description(d.oid, 'pg_database'), d.datconnlimit, d.datistemplate "
        + "FROM pg_database d JOIN pg_tablespace t ON t.oid = d.dattablespace "
        + "WHERE d.datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new SQLException("database \"" + database + "\" does not exist", "3D000");
        }
        Optional<String> providerName = Optional.ofNullable(r.getString(5)).map(p -> switch (p) {
          case "i" -> "icu";
          case "b" -> "builtin";
          default -> "libc";
        });
        return new DatabaseShape(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
            providerName, Optional.ofNullable(r.getString(6)), Optional.ofNullable(
                r.getString(8)), Optional.ofNullable(r.getString(9)), r.getInt(10),
            r.getBoolean(11), admin.settings(database), admin.roleSettings(database, false),
            r.getBoolean(7) ? Optional.empty() : Optional.of(grants(c, database)));
      }
    }
  }

  private static List<Grant> grants(Connection c, String database) throws SQLException {
    List<Grant> grants = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("SELECT CASE WHEN a.grantee = 0 THEN NULL "
        + "ELSE pg_get_userbyid(a.grantee) END, a.privilege_type, a.is_grantable "
        + "FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = ?")) {
      s.setString(1, database);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          grants.add(new Grant(Optional.ofNullable(r.getString(1)), r.getString(2),
              r.getBoolean(3)));
        }
      }
    }
    return grants;
  }

  /** CREATE DATABASE for a new, empty database of this shape (from template0: nothing extra). */
  String create(String name, boolean withOwner) {
    StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(DatabaseAdmin.quote(name))
        .append(" TEMPLATE template0");
    if (withOwner) {
      sql.append(" OWNER ").append(DatabaseAdmin.quote(owner));
    }
    sql.append(" ENCODING ").append(DatabaseAdmin.literal(encoding))
        .append(" LC_COLLATE ").append(DatabaseAdmin.literal(collate))
        .append(" LC_CTYPE ").append(DatabaseAdmin.literal(ctype));
    localeProvider.ifPresent(p -> {
      sql.append(" LOCALE_PROVIDER ").append(p);
      locale.filter(l -> !p.equals("libc")).ifPresent(l -> sql.append(p.equals("icu")
          ? " ICU_LOCALE " : " BUILTIN_LOCALE ").append(DatabaseAdmin.literal(l)));
    });
    tablespace.ifPresent(t -> sql.append(" TABLESPACE ").append(DatabaseAdmin.quote(t)));
    return sql.toString();
  }

  /**
   * Gives {@code name} this shape's comment, own settings and rights: before the restore, so
   * pg_restore's sessions already see the settings the original had.
   *
   * @throws SQLException naming the setting or right that could not be copied
   */
  void applyTo(DatabaseAdmin admin, String name) throws SQLException {
    String database = DatabaseAdmin.quote(name);
    if (comment.isPresent()) {
      admin.execute("COMMENT ON DATABASE " + database + " IS "
          + DatabaseAdmin.literal(comment.get()));
    }
    for (String setting : settings) {
      int eq = setting.indexOf('=');
      if (eq <= 0 || setting.substring(0, eq).equalsIgnoreCase(READ_ONLY)) {
        continue;
      }
      copySetting(admin.connection(), "ALTER DATABASE " + database, setting.substring(0, eq),
          setting.substring(eq + 1), "");
    }
    if (grants.isPresent()) {
      admin.execute("REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
      for (Grant g : grants.get()) {
        String privilege = g.privilege().toUpperCase(Locale.ROOT);
        if (!PRIVILEGES.contains(privilege)) {
          continue;
        }
        String sql = "GRANT " + privilege + " ON DATABASE " + database + " TO "
            + g.grantee().map(DatabaseAdmin::quote).orElse("PUBLIC")
            + (g.grantable() ? " WITH GRANT OPTION" : "");
        try {
          admin.execute(sql);
        } catch (SQLException e) {
          throw new SQLException("could not grant " + privilege + " to "
              + g.grantee().orElse("PUBLIC") + " as on the original database: "
              + DatabaseAdmin.firstLine(e), e.getSQLState(), e);
        }
      }
    }
  }

  /**
   * What must wait until the restore is done: a connection limit could keep pg_restore's own
   * sessions out, a role's statement_timeout could cut its index builds short (Lifeboat's role
   * among them), and a template flag would let others copy a half-restored database.
   *
   * @throws SQLException naming the setting that could not be copied
   */
  void finish(DatabaseAdmin admin, String name) throws SQLException {
    String database = DatabaseAdmin.quote(name);
    for (RoleSettings role : roleSettings) {
      for (String setting : role.settings()) {
        int eq = setting.indexOf('=');
        if (eq <= 0 || role.role().isEmpty()) {
          continue;
        }
        copySetting(admin.connection(), "ALTER ROLE " + DatabaseAdmin.quote(role.role().get())
            + " IN DATABASE " + database, setting.substring(0, eq), setting.substring(eq + 1),
            " for role " + role.role().get());
      }
    }
    if (connectionLimit != -1) {
      admin.execute("ALTER DATABASE " + database + " WITH CONNECTION LIMIT " + connectionLimit);
    }
    if (template) {
      admin.execute("ALTER DATABASE " + database + " WITH IS_TEMPLATE true");
    }
  }

  /**
   * The stored text is what the server parsed once; letting the server parse it again (a value
   * local to one transaction, then FROM CURRENT) keeps list settings such as search_path intact,
   * which quoting it as one literal would not. Local to the transaction, so a setting such as
   * default_transaction_read_only or statement_timeout never outlives the copy in this session.
   */
  private static void copySetting(Connection c, String alter, String variable, String value,
      String forWhom) throws SQLException {
    String quotedVariable = String.join(".", Arrays.stream(variable.split("\\."))
        .map(DatabaseAdmin::quote).toList());
    c.setAutoCommit(false);
    try {
      try (PreparedStatement s = c.prepareStatement("SELECT set_config(?, ?, true)")) {
        s.setString(1, variable);
        s.setString(2, value);
        s.executeQuery().close();
      }
      try (var s = c.createStatement()) {
        s.execute(alter + " SET " + quotedVariable + " FROM CURRENT");
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw new SQLException("could not copy the setting " + variable + "=" + value + forWhom
          + ": " + DatabaseAdmin.firstLine(e), e.getSQLState(), e);
    } finally {
      c.setAutoCommit(true);
    }
  }
}
