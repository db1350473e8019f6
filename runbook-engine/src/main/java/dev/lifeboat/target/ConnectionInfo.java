package dev.lifeboat.target;

import dev.lifeboat.config.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How to reach one PostgreSQL database. The password travels to {@code pg_dump} in the
 * environment (PGPASSWORD), never on a command line where {@code ps} would show it.
 *
 * @param options libpq connection parameters by their libpq names ({@link LibpqParameter}),
 *     given to the JDBC driver under its own names and to the tools as PG* variables
 */
public record ConnectionInfo(
    String host, int port, String database, String user, Optional<Secret> password,
    Map<String, String> options) {

  public ConnectionInfo {
    options = Map.copyOf(options);
  }

  public ConnectionInfo withDatabase(String otherDatabase) {
    return new ConnectionInfo(host, port, otherDatabase, user, password, options);
  }

  /**
   * The same connection with a server setting (e.g. {@code -c default_transaction_read_only=off})
   * added after the target's own {@code options}, which must still apply.
   */
  public ConnectionInfo withServerOption(String setting) {
    Map<String, String> more = new java.util.LinkedHashMap<>(options);
    more.merge(LibpqParameter.OPTIONS.key(), setting, (own, added) -> own + " " + added);
    return new ConnectionInfo(host, port, database, user, password, more);
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://" + hostForUrl() + ":" + port + "/" + database;
  }

  public Properties jdbcProperties() {
    Properties p = new Properties();
    p.setProperty("user", user);
    password.ifPresent(s -> p.setProperty("password", s.reveal()));
    p.setProperty("ApplicationName", "lifeboat");
    p.setProperty("connectTimeout", "10");
    options.forEach((key, value) -> LibpqParameter.named(key).flatMap(o -> o.jdbc(value))
        .ifPresent(jdbc -> p.setProperty(jdbc.getKey(), jdbc.getValue())));
    return p;
  }

  /** libpq environment for pg_dump / pg_restore / psql. */
  public Map<String, String> libpqEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PGHOST", host);
    env.put("PGPORT", Integer.toString(port));
    env.put("PGDATABASE", database);
    env.put("PGUSER", user);
    password.ifPresent(s -> env.put("PGPASSWORD", s.reveal()));
    env.put("PGAPPNAME", "lifeboat");
    env.put("PGCONNECT_TIMEOUT", "10");
    options.forEach((key, value) -> LibpqParameter.named(key)
        .ifPresent(o -> env.put(o.environmentVariable(), value)));
    return env;
  }

  /**
   * A libpq/Prisma style URL with the password in it, for a child process's environment only
   * (an exec step's DATABASE_URL); never logged, never on a command line.
   */
  public String urlWithPassword() {
    StringBuilder url = new StringBuilder("postgresql://").append(encode(user));
    password.ifPresent(s -> url.append(':').append(encode(s.reveal())));
    url.append('@').append(hostForUrl()).append(':').append(port).append('/')
        .append(encode(database));
    String query = options.entrySet().stream()
        .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
        .collect(java.util.stream.Collectors.joining("&"));
    if (!query.isEmpty()) {
      url.append('?').append(query);
    }
    return url.toString();
  }

  private static String encode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /** Safe to show anywhere: no password. */
  public String redacted() {
    return "postgresql://" + user + "@" + hostForUrl() + ":" + port + "/" + database;
  }

  /**
   * Connection poolers break pg_dump (no session state, no snapshot export). A hint, not a
   * verdict: a target's {@code pooler: false} overrides it (see {@link Target#throughPooler()}).
   */
  public boolean looksLikePooler() {
    String h = host.toLowerCase();
    return port == 6543 || h.contains("pooler") || h.contains("pgbouncer");
  }

  private String hostForUrl() {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  @Override
  public String toString() {
    return redacted();
  }
}
