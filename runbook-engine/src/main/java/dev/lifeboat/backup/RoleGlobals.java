package dev.lifeboat.backup;

import dev.lifeboat.Messages;
import dev.lifeboat.postgres.PgInstallation;
import dev.lifeboat.process.ToolRun;
import dev.lifeboat.run.Cancellation;
import dev.lifeboat.target.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a restore onto a new server needs besides the data: the roles that own objects in the
 * database or are granted rights on them (and the roles those are members of), as SQL from
 * {@code pg_dumpall --globals-only --no-role-passwords}, reduced to those roles. Never passwords:
 * with {@code --no-role-passwords} pg_dumpall reads {@code pg_roles}, which any role may, and
 * prints none. Tablespaces are left out: their paths belong to the old server.
 */
public final class RoleGlobals {
  public static final String FILE = "globals.sql";
  private static final String IDENT = "(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
  private static final Pattern ROLE_LINE = Pattern.compile(
      "^(?:CREATE|ALTER|COMMENT ON|SECURITY LABEL (?:FOR \\S+ )?ON) ROLE " + IDENT);
  private static final Pattern GRANT = Pattern.compile("^GRANT " + IDENT + " TO " + IDENT);
  private static final String USED = """
      WITH RECURSIVE used(oid) AS (
        SELECT relowner FROM pg_class
        UNION SELECT nspowner FROM pg_namespace
        UNION SELECT proowner FROM pg_proc
        UNION SELECT typowner FROM pg_type
        UNION SELECT datdba FROM pg_database WHERE datname = current_database()
        UNION SELECT (aclexplode(relacl)).grantee FROM pg_class WHERE relacl IS NOT NULL
        UNION SELECT (aclexplode(nspacl)).grantee FROM pg_namespace WHERE nspacl IS NOT NULL
        UNION SELECT (aclexplode(proacl)).grantee FROM pg_proc WHERE proacl IS NOT NULL
        UNION SELECT (aclexplode(datacl)).grantee FROM pg_database
          WHERE datname = current_database() AND datacl IS NOT NULL
        UNION SELECT defaclrole FROM pg_default_acl
        UNION SELECT (aclexplode(defaclacl)).grantee FROM pg_default_acl
      ), member_of(oid) AS (
        SELECT oid FROM used
        UNION SELECT m.roleid FROM pg_auth_members m JOIN member_of ON m.member = member_of.oid
      )
      SELECT DISTINCT r.rolname FROM pg_roles r JOIN member_of ON r.oid = member_of.oid
      WHERE r.rolname NOT LIKE 'pg\\_%' ORDER BY 1
      """;

  private RoleGlobals() {}

  /** The roles the database uses, read in the dump's snapshot (predefined pg_ roles left out). */
  public static List<String> usedRoles(Connection c) throws SQLException {
    List<String> roles = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(USED)) {
      while (r.next()) {
        roles.add(r.getString(1));
      }
    }
    return roles;
  }

  /**
   * Runs pg_dumpall for {@code target}'s server and keeps what concerns {@code roles}.
   *
   * @throws IOException with pg_dumpall's reason when it fails
   */
  public static String dump(PgInstallation tools, Target target, List<String> roles,
      Cancellation cancellation) throws IOException, InterruptedException {
    List<String> command = List.of(tools.tool("pg_dumpall").toString(), "--globals-only",
        "--no-role-passwords", "--no-tablespaces", "--no-password",
        "--database=" + target.connection().database());
    try (ToolRun run = ToolRun.start(command, target.connection().libpqEnvironment(), l -> { },
        cancellation)) {
      String out = new String(run.stdout().readAllBytes(), StandardCharsets.UTF_8);
      int exit = run.waitFor();
      if (exit != 0) {
        throw new IOException(Messages.firstLine(run.failure(exit)));
      }
      return reduce(out, roles);
    }
  }

  /** pg_dumpall's output with only the lines about {@code roles} (and its SET preamble). */
  public static String reduce(String dumpall, List<String> roles) {
    Set<String> kept = new LinkedHashSet<>(roles);
    StringBuilder out = new StringBuilder("-- Roles used by the database, from pg_dumpall "
        + "--globals-only --no-role-passwords (no passwords: set them after creating the roles)\n");
    for (String line : dumpall.split("\n", -1)) {
      if (line.startsWith("SET ")) {
        out.append(line).append('\n');
        continue;
      }
      Matcher role = ROLE_LINE.matcher(line);
      if (role.find()) {
        if (kept.contains(unquote(role.group(1)))) {
          out.append(line).append('\n');
        }
        continue;
      }
      Matcher grant = GRANT.matcher(line);
      if (grant.find() && kept.contains(unquote(grant.group(1)))
          && kept.contains(unquote(grant.group(2)))) {
        out.append(line).append('\n');
      }
    }
    return out.toString();
  }

  private static String unquote(String ident) {
    return ident.startsWith("\"") ? ident.substring(1, ident.length() - 1).replace("\"\"", "\"")
        : ident;
  }
}
